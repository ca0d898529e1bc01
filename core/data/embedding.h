#pragma once
// A cell embedding: cells x components coordinates (an .h5ad's obsm entry such as X_umap,
// a PCA computed here, a VAE latent). The Cells view plots two of its components; figures
// and `deepmapper inspect` list them. Float32: these are coordinates to look at, and a
// million cells x 50 PCs stays at 200 MB.
#include <cstdint>
#include <string>
#include <vector>

namespace dm {

struct Embedding {
    std::string name;    // "X_umap", "PCA", "VAE latent"
    std::string origin;  // where it came from: "obsm" (dense, sparse, record or dataframe), "computed", "run"
    int64_t rows = 0;    // cells
    int64_t cols = 0;    // components
    std::vector<float> values;                // row-major, rows x cols; NaN = no coordinate
    std::vector<std::string> componentNames;  // optional (dataframe columns); else derived from the name

    float at(int64_t row, int64_t col) const { return values[static_cast<size_t>(row * cols + col)]; }
    // "UMAP1" for X_umap's first column, "PC2" for a PCA's second, a dataframe column's own name.
    std::string componentLabel(int64_t col) const;
    // Column `col` for every cell.
    std::vector<float> component(int64_t col) const;
    Embedding selectRows(const std::vector<int64_t>& rowIds) const;
};

// The embedding called `name`, or nullptr.
const Embedding* findEmbedding(const std::vector<Embedding>& list, const std::string& name);

}  // namespace dm
