#include "data/csr_matrix.h"

#include "common/error.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace dm {

double CsrMatrix::density() const {
    if (rows == 0 || cols == 0) return 0.0;
    return static_cast<double>(nnz()) / (static_cast<double>(rows) * static_cast<double>(cols));
}

int64_t CsrMatrix::bytes() const {
    return static_cast<int64_t>(indptr.size() * sizeof(int64_t) + indices.size() * sizeof(int32_t) +
                                values.size() * sizeof(float));
}

void CsrMatrix::validate(const char* what) const {
    const std::string name(what);
    if (rows < 0 || cols < 0) throw InputError(name + ": negative shape");
    if (indptr.empty() || static_cast<uint64_t>(indptr.size() - 1) != static_cast<uint64_t>(rows))
        throw InputError(name + ": indptr has " + std::to_string(indptr.size()) + " entries, expected rows + 1 = " +
                         std::to_string(rows + 1));
    if (indices.size() != values.size())
        throw InputError(name + ": " + std::to_string(indices.size()) + " indices but " +
                         std::to_string(values.size()) + " values");
    if (indptr.front() != 0 || indptr.back() != nnz())
        throw InputError(name + ": indptr must start at 0 and end at nnz (" + std::to_string(nnz()) + ")");
    for (int64_t r = 0; r < rows; ++r) {
        // Found by fuzzing (tests/fuzz/regression/dataset_stream): an entry past nnz in the
        // middle of indptr was only caught at its end, after indices were read past theirs.
        if (indptr[r + 1] < indptr[r] || indptr[r + 1] > nnz())
            throw InputError(name + ": indptr is not monotone at row " + std::to_string(r) +
                             "; the file's sparse structure is corrupt");
        for (int64_t k = indptr[r]; k < indptr[r + 1]; ++k) {
            if (indices[k] < 0 || indices[k] >= cols)
                throw InputError(name + ": column index " + std::to_string(indices[k]) + " in row " +
                                 std::to_string(r) + " is outside 0.." + std::to_string(cols - 1));
            if (k > indptr[r] && indices[k] <= indices[k - 1])
                throw InputError(name + ": column indices in row " + std::to_string(r) +
                                 " are not strictly increasing");
        }
    }
}

CsrMatrix CsrMatrix::selectRows(const std::vector<int64_t>& rowIds) const {
    CsrMatrix out;
    out.rows = static_cast<int64_t>(rowIds.size());
    out.cols = cols;
    out.indptr.assign(1, 0);
    out.indptr.reserve(rowIds.size() + 1);
    for (int64_t r : rowIds) {
        out.indices.insert(out.indices.end(), indices.begin() + indptr[r], indices.begin() + indptr[r + 1]);
        out.values.insert(out.values.end(), values.begin() + indptr[r], values.begin() + indptr[r + 1]);
        out.indptr.push_back(static_cast<int64_t>(out.values.size()));
    }
    return out;
}

CsrMatrix CsrMatrix::selectCols(const std::vector<int64_t>& colIds) const {
    std::vector<int32_t> newIndex(static_cast<size_t>(cols), -1);
    for (size_t j = 0; j < colIds.size(); ++j) newIndex[static_cast<size_t>(colIds[j])] = static_cast<int32_t>(j);
    CsrBuilder b(static_cast<int64_t>(colIds.size()));
    std::vector<std::pair<int32_t, float>> row;
    for (int64_t r = 0; r < rows; ++r) {
        row.clear();
        for (int64_t k = indptr[r]; k < indptr[r + 1]; ++k)
            if (newIndex[indices[k]] >= 0) row.emplace_back(newIndex[indices[k]], values[k]);
        std::sort(row.begin(), row.end());
        for (auto& [c, v] : row) b.add(c, v);
        b.endRow();
    }
    return b.finish();
}

std::vector<double> CsrMatrix::rowSums() const {
    std::vector<double> s(static_cast<size_t>(rows), 0.0);
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t k = indptr[r]; k < indptr[r + 1]; ++k) s[r] += values[k];
    return s;
}

std::vector<double> CsrMatrix::colSums() const {
    std::vector<double> s(static_cast<size_t>(cols), 0.0);
    for (int64_t k = 0; k < nnz(); ++k) s[indices[k]] += values[k];
    return s;
}

float CsrMatrix::at(int64_t r, int64_t c) const {
    auto b = indices.begin() + indptr[r], e = indices.begin() + indptr[r + 1];
    auto it = std::lower_bound(b, e, static_cast<int32_t>(c));
    return (it != e && *it == c) ? values[it - indices.begin()] : 0.0f;
}

CsrBuilder::CsrBuilder(int64_t cols, int64_t reserveNnz) {
    m_.cols = cols;
    m_.indices.reserve(static_cast<size_t>(reserveNnz));
    m_.values.reserve(static_cast<size_t>(reserveNnz));
}

void CsrBuilder::add(int32_t col, float value) {
    if (value == 0.0f) return;
    m_.indices.push_back(col);
    m_.values.push_back(value);
}

void CsrBuilder::endRow() {
    m_.indptr.push_back(static_cast<int64_t>(m_.values.size()));
    ++m_.rows;
}

CsrMatrix CsrBuilder::finish() { return std::move(m_); }

}  // namespace dm
