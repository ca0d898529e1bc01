#pragma once
// What a run was trained on, after preprocessing: the run record's "dataset" part, made
// by the one input preparation (data/data_selection.h) for the CLI and the GUI alike.
#include <cstdint>
#include <string>
#include <vector>

namespace dm {

struct DatasetSummary {
    std::string source;       // input file or folder (or "synthetic demo")
    std::string matrix;       // "X", "raw.X", "layer:NAME", "10x"
    int64_t cells = 0;
    int64_t genes = 0;
    std::string labelColumn;
    std::vector<std::string> classes;
    std::vector<int64_t> classCounts;     // cells per class, same order
    std::vector<std::string> preprocessing;  // steps applied, in order, human-readable
    std::string fingerprint;  // datasetFingerprint of what was trained on; empty in older records
};

}  // namespace dm
