#pragma once
// The dataset panel's choices (label column, classes ticked or one-vs-rest, per-class cap,
// normalization) translated into core's one DataSelection, prepared by core's
// prepareInput exactly as the CLI's flags are. Runs on the worker thread; throws
// dm::InputError with a message for the user.
#include "run_types.h"

#include <string>
#include <vector>

namespace dm::ui {

struct DataChoice {
    std::string labelColumn;
    std::vector<std::string> excludedClasses;  // left out of the run
    std::string oneVsRest;                     // non-empty: this class against all others
    bool normalize = true;                     // normalize_total(1e4) + log1p before the run
    int64_t perClassCap = 0;                   // 0: every cell
    uint64_t seed = 0;                         // of the per-class subsample
};

// The DataSelection these choices stand for (one-vs-rest ignores the class ticks, as the
// panel greys them out).
DataSelection dataSelection(const DataChoice& choice);

PreparedInputPtr prepareInput(const DatasetPtr& dataset, const DataChoice& choice);

}  // namespace dm::ui
