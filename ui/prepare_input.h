#pragma once
// The user's dataset choices (label column, classes kept or one-vs-rest, per-class cap,
// normalization) and the core calls that turn a Dataset into the run's input. Runs on the
// worker thread; throws dm::InputError with a message for the user.
#include "run_types.h"

#include <string>
#include <vector>

namespace dm::ui {

struct DataChoice {
    std::string labelColumn;
    std::vector<std::string> excludedClasses;  // left out of the run
    std::string oneVsRest;                     // non-empty: this class against all others
    bool normalize = true;                     // normalize_total + log1p before the run
    int64_t perClassCap = 0;                   // 0: every cell
    uint64_t seed = 0;                         // of the per-class subsample
};

PreparedInputPtr prepareInput(const DatasetPtr& dataset, const DataChoice& choice);

// Human-readable steps applied, for the run record.
std::vector<std::string> describeChoice(const DataChoice& choice);

}  // namespace dm::ui
