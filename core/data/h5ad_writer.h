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

}  // namespace dm
