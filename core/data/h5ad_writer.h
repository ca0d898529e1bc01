#pragma once
// writeH5ad: a Dataset (plus DeepMapper's per-gene results) as an AnnData .h5ad that
// anndata >= 0.8 and scanpy read: X as a csr_matrix group, obs/var dataframes with their
// encoding attributes, categorical columns as categories + codes, uns as a dict.
#include "data/dataset.h"
#include "data/obs_table.h"

#include <string>
#include <utility>
#include <vector>

namespace dm {

struct H5adWriteOptions {
    // Extra per-gene columns for var (e.g. deepmapper_selection_frequency), one value per
    // gene; they replace dataset columns of the same name.
    std::vector<Column> varColumns;
    // uns/<key> = text (e.g. {"deepmapper", run record JSON}).
    std::vector<std::pair<std::string, std::string>> unsStrings;
    // uns/<key> = a table (anndata reads it as a pandas DataFrame), e.g. the markers table.
    struct Frame {
        std::string key;
        std::vector<std::string> index;  // row names
        std::vector<Column> columns;     // one value per row each
    };
    std::vector<Frame> unsFrames;
    // gzip level for X's arrays (0 = uncompressed: fastest, biggest).
    int compression = 0;
};

// Writes to a temporary sibling and renames it onto `path` when complete. Throws
// dm::InputError for a dataset that is not self-consistent, dm::Error for I/O failures.
void writeH5ad(const Dataset& ds, const std::string& path, const H5adWriteOptions& options = {});

// Results written into a copy of a user's .h5ad, so nothing they had is lost: every
// top-level group and dataset of `inputPath` (X, raw, layers, obs and var with all their
// columns, obsm, varm, obsp, varp, uns, anything else) is copied as stored (H5Ocopy), then
// `varColumns` (any kind) are added to the var table describing `matrix` (raw/var for
// "raw.X", var for "X" and layers; for raw.X also to var, for the genes it holds) and the
// uns entries to uns (replacing same-named ones).
// `genes` are the genes the columns describe (a run's genes: possibly a subset, in any
// order), matched to the var index made unique as the reader does; var rows not among
// them get missing values (NaN, code -1). Returns false, writing nothing, when that var is not a dataframe group
// (anndata 0.5's record arrays), so the caller can write a new file instead. Atomic.
// A table in uns (e.g. the per-class markers table): H5adWriteOptions::Frame.
using UnsTable = H5adWriteOptions::Frame;

// `obsColumns` (one value per cell of `cells`, matched to the obs index; cells not found
// get missing values) are added to obs when it has no column of that name: the file's own
// columns are kept as stored. This is how a group kept in the Cells tab reaches the file.
// Files written before anndata 0.8 (no encoding-type on obs) get no obs columns.
struct H5adAnnotation {
    std::string matrix = "X";
    std::vector<std::string> genes;
    std::vector<Column> varColumns;
    std::vector<std::string> cells;
    std::vector<Column> obsColumns;
    std::vector<std::pair<std::string, std::string>> unsStrings;
    std::vector<UnsTable> unsTables;
};
bool writeAnnotatedCopy(const std::string& inputPath, const std::string& outputPath, const H5adAnnotation& annotation);

}  // namespace dm
