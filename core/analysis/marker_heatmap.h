#pragma once
// The cells x genes heatmap of marker genes (Seurat's DoHeatmap): each gene z-scored over
// every labelled cell, then a sample of cells shown grouped by class. Torch-free.
#include "data/csr_matrix.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace dm {

struct MarkerHeatmap {
    std::vector<int64_t> genes;        // matrix columns, in the order given
    std::vector<int64_t> cells;        // matrix rows shown, grouped by class in label order
    std::vector<int64_t> classStart;   // classes + 1 offsets into `cells`
    std::vector<std::vector<float>> z; // [gene][shown cell]: z-score, clipped to +-clip
    float clip = 2.5f;
};

// y: class per cell (0..classes-1, -1 unlabelled: left out). At most maxCellsPerClass cells
// of each class are shown, evenly spaced over the class's cells in matrix order (so the
// picture is deterministic). A gene constant over the labelled cells gets z = 0.
// Throws InputError for a label out of range, a gene outside the matrix, or y of the wrong length.
MarkerHeatmap markerHeatmap(const CsrMatrix& X, const std::vector<int64_t>& y, size_t classes,
                            const std::vector<int64_t>& genes, int64_t maxCellsPerClass = 200, float clip = 2.5f);

}  // namespace dm
