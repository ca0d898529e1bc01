#pragma once
// Column access to a CSR matrix without a full transposed copy: the genes are cut into
// blocks of bounded stored-value count, and one block at a time is gathered into
// compressed columns. Per-gene statistics (rank tests, AUCs) then read each gene's
// stored values contiguously while the extra memory stays a small, fixed working set
// per thread, whatever the size of the matrix.
#include "data/csr_matrix.h"

#include <cstdint>
#include <vector>

namespace dm {

struct ColumnRange {
    int64_t first = 0, last = 0;  // columns [first, last)
};

// Consecutive column ranges covering every column, each holding at most maxNnz stored
// values (a single column with more gets a range of its own) and at least `minBlocks`
// ranges when there are that many columns, so threads can share the work.
std::vector<ColumnRange> planColumnBlocks(const CsrMatrix& X, int64_t maxNnz, int64_t minBlocks);

// The stored values of columns [first, last) in compressed-column form: column c's rows
// (ascending) and values are rows[offsets[c - first] .. offsets[c - first + 1]).
struct ColumnBlock {
    ColumnRange range;
    std::vector<int64_t> offsets;
    std::vector<int32_t> rows;
    std::vector<float> values;
};

// Fills `block` (its buffers are reused between calls) with columns [range.first, range.last).
void gatherColumns(const CsrMatrix& X, ColumnRange range, ColumnBlock& block);

}  // namespace dm
