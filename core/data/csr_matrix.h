#pragma once
// The one sparse matrix type of the project: cells x genes, compressed sparse rows,
// float32 values. Every reader produces it, every consumer reads it; a dense copy of a
// whole dataset is never made.
#include <cstdint>
#include <vector>

namespace dm {

struct CsrMatrix {
    int64_t rows = 0;
    int64_t cols = 0;
    std::vector<int64_t> indptr{0};   // rows + 1 offsets into indices/values
    std::vector<int32_t> indices;     // column of each stored value, ascending per row
    std::vector<float> values;

    int64_t nnz() const { return static_cast<int64_t>(values.size()); }
    int64_t rowBegin(int64_t r) const { return indptr[r]; }
    int64_t rowEnd(int64_t r) const { return indptr[r + 1]; }
    double density() const;
    // Bytes held by the three arrays: the "CSR size" memory figures are reported against.
    int64_t bytes() const;

    // Throws dm::InputError naming `what` if indptr is not monotone, a column index is
    // out of range or unsorted within a row, or the arrays disagree in length.
    void validate(const char* what = "matrix") const;

    CsrMatrix selectRows(const std::vector<int64_t>& rowIds) const;
    CsrMatrix selectCols(const std::vector<int64_t>& colIds) const;
    std::vector<double> rowSums() const;
    std::vector<double> colSums() const;
    float at(int64_t r, int64_t c) const;  // binary search; for tests and hover, not loops
};

// Builds a CsrMatrix row by row, keeping it well-formed.
class CsrBuilder {
public:
    explicit CsrBuilder(int64_t cols, int64_t reserveNnz = 0);
    // Appends (col, value) to the current row; zero values are dropped.
    void add(int32_t col, float value);
    void endRow();
    CsrMatrix finish();

private:
    CsrMatrix m_;
};

}  // namespace dm
