#pragma once
// Mean expression of every gene within each class: the "class-mean pseudo-image" the GUI
// lays out under a pass's arrangement. Computed from the matrix as analysed (normalised
// when the run normalised it); implicit zeros of the sparse matrix count as zeros.
#include "data/csr_matrix.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dm {

struct ClassMeans {
    std::vector<std::string> classes;
    std::vector<int64_t> cells;            // cells per class (labelled cells only)
    std::vector<std::vector<float>> mean;  // [class][gene]; all zeros for a class with no cell

    // Smallest and largest mean over every class and gene (0, 0 when empty), so the GUI
    // can keep one colour scale while the user switches classes.
    float minimum() const;
    float maximum() const;
};

// y[r] is the class of row r (an index into `classes`), -1 for an unlabelled cell (skipped).
// Throws InputError when y has the wrong length or a label is out of range.
ClassMeans classMeans(const CsrMatrix& X, const std::vector<int64_t>& y, const std::vector<std::string>& classes);

}  // namespace dm
