#pragma once
// A loaded dataset: cells x genes CSR matrix with gene ids/names, cell names and the obs
// table. Readers fill it; preprocessing returns new ones; the runner reads it.
#include "data/csr_matrix.h"
#include "data/embedding.h"
#include "data/obs_table.h"

#include <string>
#include <vector>

namespace dm {

struct Dataset {
    CsrMatrix X;                         // cells x genes
    std::vector<std::string> geneNames;  // unique, one per column
    std::vector<std::string> geneIds;    // e.g. Ensembl ids; empty when the source has none
    std::vector<std::string> cellNames;  // one per row
    ObsTable obs;
    // 2-D cell coordinates: the file's obsm entries (X_umap, X_pca, ...), later a computed
    // PCA or a VAE latent; one row per cell, in cell order.
    std::vector<Embedding> embeddings;
    std::string source;  // file it came from, for messages and run records
    std::string matrix;  // which matrix: "X", "raw.X", "layer:NAME", "10x"

    int64_t cells() const { return X.rows; }
    int64_t genes() const { return X.cols; }
    // Throws InputError if names, obs columns and the matrix disagree in length.
    void validate() const;
    Dataset selectCells(const std::vector<int64_t>& rows) const;
    Dataset selectGenes(const std::vector<int64_t>& cols) const;
};

// Integer class labels for each cell, from one obs column.
struct Labels {
    std::string column;
    std::vector<std::string> classes;  // class names, index = label
    std::vector<int64_t> y;            // per cell, -1 where the column is missing a value
    std::vector<int64_t> counts() const;
};

// Categorical columns map straight to labels (categories in order). String columns are
// accepted and their distinct values sorted. Numeric columns are refused with a message
// that says why and what to do; a missing column lists the available ones.
Labels labelsFromColumn(const Dataset& ds, const std::string& column);

// Cells whose label is not missing, and the dataset restricted to them.
std::vector<int64_t> labelledCells(const Labels& labels);

}  // namespace dm
