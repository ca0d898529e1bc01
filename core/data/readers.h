#pragma once
// Every way a Dataset comes in. Implementations: h5ad_reader.cpp, tenx_h5_reader.cpp
// (HDF5), tenx_mtx_reader.cpp (text/gz), populations.cpp, load.cpp (dispatch by path).
// All throw dm::InputError with a message that names the file and the problem.
// Long reads check common/interrupt.h between blocks: under an InterruptScope that
// says so they throw dm::Cancelled.
#include "data/dataset.h"

#include <functional>
#include <string>
#include <vector>

namespace dm {

// Which matrix of an .h5ad to analyse: "auto" (raw.X when present, else X), "X", "raw",
// or "layer:NAME".
struct H5adReadOptions {
    std::string matrix = "auto";
};

// 10x inputs: Gene Expression features only unless allFeatures; `genome` picks one genome
// group of a v2 .h5 with several (empty: the only one, or an error listing them).
struct TenxOptions {
    bool allFeatures = false;
    std::string genome;
};

struct LoadOptions {
    H5adReadOptions h5ad;
    TenxOptions tenx;
};

Dataset readH5ad(const std::string& path, const H5adReadOptions& options = {});
Dataset read10xH5(const std::string& path, const TenxOptions& options = {});
Dataset read10xMtxDir(const std::string& dir, const TenxOptions& options = {});

// Detects the kind of input (.h5ad file, 10x .h5 file, 10x matrix directory) and reads it.
Dataset loadDataset(const std::string& path, const LoadOptions& options = {});

// One sorted population per label: each source loaded, cells tagged with the label in a
// categorical obs column `label` (default "population"), joined on shared genes (inner
// join on gene id, falling back to name), optionally at most `maxPerClass` cells per
// label (seeded subsample; 0 = all).
struct PopulationSource {
    std::string path;
    std::string label;
};
Dataset loadPopulations(const std::vector<PopulationSource>& sources, const LoadOptions& options = {},
                        int64_t maxPerClass = 0, uint64_t seed = 0, const std::string& labelColumn = "population");

// anndata's var_names_make_unique: the second occurrence of NAME becomes NAME-1, the
// third NAME-2, ... (skipping names already taken).
void makeNamesUnique(std::vector<std::string>& names);

}  // namespace dm
