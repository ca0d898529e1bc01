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
    std::vector<float> overall;            // [gene] over every labelled cell; zeros when none
    // [class][gene]: share of the class's cells with a value > 0 (Seurat's pct), for the
    // dot plot's dot size; all zeros for a class with no cell.
    std::vector<std::vector<float>> fraction;

    // How far class c sits above (> 0) or below (< 0) the cells as a whole in gene g:
    // mean[c][g] - overall[g]. A marker stands out in its own class only.
    float contrast(size_t c, size_t g) const { return mean[c][g] - overall[g]; }
    // Largest |contrast| over every class and gene (0 when empty), for one colour scale
    // centred on 0 while the user switches classes.
    float maxAbsContrast() const;

    // Smallest and largest mean over every class and gene (0, 0 when empty), so the GUI
    // can keep one colour scale while the user switches classes.
    float minimum() const;
    float maximum() const;
};

// y[r] is the class of row r (an index into `classes`), -1 for an unlabelled cell (skipped).
// Throws InputError when y has the wrong length or a label is out of range.
ClassMeans classMeans(const CsrMatrix& X, const std::vector<int64_t>& y, const std::vector<std::string>& classes);

}  // namespace dm
