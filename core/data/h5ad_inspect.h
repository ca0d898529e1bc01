#pragma once
// What is inside an input file, before anything is trained: the matrices an .h5ad offers,
// the chosen one's shape and sparsity, whether it looks like raw counts, and every obs
// column with its categories. Backs `deepmapper inspect` and the GUI's open dialog.
#include "data/dataset.h"
#include "data/readers.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dm {

// One matrix an .h5ad holds, from its metadata only (nothing is read).
struct H5adMatrixInfo {
    std::string name;     // "X", "raw.X", "layer:NAME": the value --matrix accepts
    int64_t rows = 0;
    int64_t cols = 0;
    std::string storage;  // "dense", "csr", "csc"
    std::string dtype;    // "float32", "int64", ...
    int64_t stored = 0;   // stored values (rows * cols when dense)
};

// Matrices of an .h5ad in the order X, raw.X, layers (by name). Implemented with the
// reader (h5ad_reader.cpp) so both agree on what exists.
std::vector<H5adMatrixInfo> listH5adMatrices(const std::string& path);

// Everything but the matrix: obs (cells, columns) and var names; X is an empty matrix of
// n_obs x n_vars. Works for files with no matrix at all.
Dataset readH5adAnnotations(const std::string& path);

// The var table (gene annotations) describing `matrix`'s columns: var for X and layers,
// raw/var for raw.X. Names as H5adReadOptions::matrix accepts ("X", "raw", "layer:NAME").
ObsTable readH5adVarTable(const std::string& path, const std::string& matrix = "X");

struct ColumnSummary {
    std::string name;
    std::string kind;  // Column::kindName()
    std::vector<std::string> categories;  // categorical: in order
    std::vector<int64_t> counts;          // cells per category
    int64_t missing = 0;                  // missing codes / NaN
    int64_t distinct = 0;                 // string columns: distinct values
    bool looksNumeric = false;            // categorical: every category is a number
    std::string tooManyClasses;           // categorical: why it cannot be a label column (label_columns.h)
};

// Categories a terminal summary lists per column; the rest are counted ("... and N more").
constexpr size_t kShownCategories = 10;

struct InputSummary {
    std::string path;
    std::string format;  // "h5ad", "10x h5", "10x mtx"
    int64_t cells = 0;
    int64_t genes = 0;
    std::vector<H5adMatrixInfo> matrices;  // .h5ad only
    std::string chosen;                    // Dataset::matrix; empty when the file has none
    int64_t nnz = 0;
    double density = 0.0;
    double minValue = 0.0, maxValue = 0.0;
    // Counts = every sampled value a non-negative integer (the first 100,000 stored values).
    bool looksLikeCounts = false;
    int64_t sampledValues = 0;
    std::vector<std::string> firstCells, firstGenes;  // up to 5 each
    std::vector<ColumnSummary> obs;
    std::vector<std::string> varColumns;  // .h5ad: columns of the chosen matrix's var
    struct EmbeddingInfo {
        std::string name;
        int64_t rows = 0, cols = 0;
    };
    std::vector<EmbeddingInfo> embeddings;  // .h5ad: obsm entries with 2+ numeric columns
};

ColumnSummary summarizeColumn(const Column& c);
// Summary of a loaded dataset (matrix stats, counts check, obs columns).
InputSummary summarizeDataset(const Dataset& ds);
// Reads `path` (an .h5ad, 10x .h5 or 10x matrix folder) and summarises it. An .h5ad with
// no matrix at all is still summarised (chosen stays empty); other problems throw.
InputSummary inspectInput(const std::string& path, const LoadOptions& options = {});
// Human-readable report for the terminal: at most kShownCategories categories per column
// (the largest when there are more), numeric-looking categorical columns and columns with
// too many classes for --label said so.
std::string formatSummary(const InputSummary& s);

}  // namespace dm
