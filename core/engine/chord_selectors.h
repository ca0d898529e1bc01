#pragma once
// DeepMapper as a method of the held-out chord test (analysis/chord_test.h): a full run on
// the split's TRAINING cells (positive side against the other), its top-K genes by the
// accumulated ranking. The test cells never reach it.
#include "analysis/chord_test.h"
#include "engine/run_config.h"
#include "engine/runner.h"

namespace dm {

// Split seed s runs with config.seed + 1000 * s, so splits do not share arrangements.
// Throws Error when no pass of a split clears min_accuracy (nothing to select from), and
// Cancelled when `cancel` is set.
GeneSelector deepMapperSelector(const RunConfig& config, RunObserver* observer = nullptr,
                                const CancelToken* cancel = nullptr);

}  // namespace dm
