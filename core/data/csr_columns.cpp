#include "data/csr_columns.h"

#include <algorithm>

namespace dm {

std::vector<ColumnRange> planColumnBlocks(const CsrMatrix& X, int64_t maxNnz, int64_t minBlocks) {
    std::vector<int64_t> perColumn(static_cast<size_t>(X.cols), 0);
    for (int32_t c : X.indices) ++perColumn[static_cast<size_t>(c)];
    // Smaller blocks when that is what it takes to give every thread several of them.
    if (minBlocks > 1) maxNnz = std::min(maxNnz, std::max<int64_t>(1, X.nnz() / minBlocks));
    const int64_t maxCols = minBlocks > 1 ? std::max<int64_t>(1, (X.cols + minBlocks - 1) / minBlocks) : X.cols;
    std::vector<ColumnRange> blocks;
    ColumnRange current{0, 0};
    int64_t held = 0;
    for (int64_t c = 0; c < X.cols; ++c) {
        const int64_t n = perColumn[static_cast<size_t>(c)];
        if (current.last > current.first && (held + n > maxNnz || current.last - current.first >= maxCols)) {
            blocks.push_back(current);
            current = {c, c};
            held = 0;
        }
        current.last = c + 1;
        held += n;
    }
    if (current.last > current.first) blocks.push_back(current);
    return blocks;
}

void gatherColumns(const CsrMatrix& X, ColumnRange range, ColumnBlock& block) {
    const int64_t width = range.last - range.first;
    block.range = range;
    block.offsets.assign(static_cast<size_t>(width + 1), 0);
    // Each row's stored values of the range sit contiguously (indices ascend within a
    // row): find them once by binary search, count, then copy.
    std::vector<int64_t> begin(static_cast<size_t>(X.rows)), end(static_cast<size_t>(X.rows));
    for (int64_t r = 0; r < X.rows; ++r) {
        const int32_t* first = X.indices.data() + X.rowBegin(r);
        const int32_t* last = X.indices.data() + X.rowEnd(r);
        const auto below = [](int32_t column, int64_t bound) { return column < bound; };
        const int32_t* lo = std::lower_bound(first, last, range.first, below);
        const int32_t* hi = std::lower_bound(lo, last, range.last, below);
        begin[static_cast<size_t>(r)] = lo - X.indices.data();
        end[static_cast<size_t>(r)] = hi - X.indices.data();
        for (const int32_t* p = lo; p != hi; ++p) ++block.offsets[static_cast<size_t>(*p - range.first + 1)];
    }
    for (int64_t c = 0; c < width; ++c) block.offsets[static_cast<size_t>(c + 1)] += block.offsets[static_cast<size_t>(c)];
    const int64_t nnz = block.offsets.back();
    block.rows.resize(static_cast<size_t>(nnz));
    block.values.resize(static_cast<size_t>(nnz));
    std::vector<int64_t> cursor(block.offsets.begin(), block.offsets.end() - 1);
    for (int64_t r = 0; r < X.rows; ++r) {
        for (int64_t p = begin[static_cast<size_t>(r)]; p < end[static_cast<size_t>(r)]; ++p) {
            const int64_t at = cursor[static_cast<size_t>(X.indices[static_cast<size_t>(p)] - range.first)]++;
            block.rows[static_cast<size_t>(at)] = static_cast<int32_t>(r);
            block.values[static_cast<size_t>(at)] = X.values[static_cast<size_t>(p)];
        }
    }
}

}  // namespace dm
