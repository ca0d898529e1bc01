#pragma once
// Held-out evaluation with arrangement ensembling: ONE seeded stratified split, the
// backbone trained under N arrangements (seed + t), the test-cell softmax averaged over the
// arrangements into the final class call; confusion matrix and per-class metrics of that
// call. The runner accumulates attributions; this accumulates predictions.
// Torch-free header; the GUI and the CLI include it.
#include "analysis/metrics.h"
#include "engine/run_config.h"
#include "engine/runner.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dm {

struct EvaluationResult {
    std::vector<std::string> classes;
    std::vector<int64_t> testCells;            // row of each evaluated cell in the input, ascending
    std::vector<int64_t> yTrue, yPred;         // per test cell
    std::vector<std::vector<double>> probabilities;  // per test cell: softmax averaged over arrangements
    std::vector<double> passAccuracy;          // test accuracy of each arrangement on its own
    std::vector<uint64_t> passSeeds;           // arrangement seed of each pass (seed + t)
    double accuracy = 0;                       // of the ensembled prediction
    double macroF1 = 0;
    ClassificationReport report;               // per-class metrics and confusion matrix
    bool partial = false;                      // cancelled: the ensemble holds the passes finished
};

// config.passes arrangements (min_accuracy and max_tries do not apply: every arrangement
// votes); split = splitCells(y, classes, testFraction, earlyStop valFraction, config.seed),
// fixed for all passes; pass t seeds its permutation, weights and batch order with
// seed + t as the runner does. Observer: passStarted / epochFinished / message (no
// passFinished: no attribution is made). On cancel returns the finished passes' ensemble,
// marked partial; throws Cancelled if none finished. Throws ConfigError / InputError.
EvaluationResult evaluateEnsemble(const RunInput& input, const RunConfig& config, RunObserver* observer = nullptr,
                                  const CancelToken* cancel = nullptr);

}  // namespace dm
