#pragma once
// The iterate-N-accumulate runner: for each try t, arrangement seed + t -> split ->
// train -> gate -> attribute -> per-gene importances; then accumulation into Findings.
// Torch-free header: the GUI, the CLI and tests drive the engine through it.
#include "common/cancel_token.h"
#include "data/run_input.h"
#include "engine/findings.h"
#include "engine/run_config.h"

#include <memory>
#include <string>
#include <vector>

namespace dm {

struct EpochEvent {
    int tryIndex = 0;
    int epoch = 0;        // 0-based
    int epochs = 0;       // planned maximum
    double trainLoss = 0, valLoss = 0, valAccuracy = 0;
};

struct PassEvent {
    const PassRecord* record = nullptr;
    int64_t side = 0;                      // pseudo-image side
    const std::vector<int64_t>* permutation = nullptr;  // feature perm[j] at pixel j
    const std::vector<float>* pixelMap = nullptr;       // side*side mean |attribution|; empty if rejected
    int accepted = 0, tries = 0;           // running totals
};

// Plain callbacks, called on the thread that runs the engine.
class RunObserver {
public:
    virtual ~RunObserver() = default;
    virtual void passStarted(int /*tryIndex*/, uint64_t /*seed*/) {}
    virtual void epochFinished(const EpochEvent&) {}
    virtual void passFinished(const PassEvent&) {}
    virtual void runFinished(const Findings&) {}
    virtual void message(const std::string&) {}
};

// The gate a configuration asks for (kind, alpha, min_accuracy).
GateRule gateRuleOf(const RunConfig& config);

// Per-gene shift and scale of config.input_scaling, fitted on every cell of X (label-free):
// empty vectors for "none". "rank" also replaces the values the model reads (`scores`).
struct FeatureScaling {
    std::shared_ptr<const CsrMatrix> scores;  // "rank": rankNormalScores(X); null: X itself
    std::vector<float> shift, scale;
    float clip = 0;  // |scaled value| cap, 0: none
};
FeatureScaling fitFeatureScaling(const CsrMatrix& X, const std::string& inputScaling);

// Each column's mean over every row (Findings::meanExpression: the matrix the model saw,
// before input scaling).
std::vector<double> columnMeans(const CsrMatrix& X);

// Runs the whole method: tries 0, 1, ... in seed order until `passes` are accepted or
// max_tries are used, then accumulateRun. With config.auto_passes enabled, passes are added
// until the split-half agreement of the top k reaches its target (at least min_passes, at
// most max_passes accepted). `finished` holds records read back from an interrupted run
// (resume): their tries are reported to the observer again but not retrained. On cancel,
// returns the accepted passes so far, marked partial.
// Throws ConfigError / InputError for bad configuration or input.
Findings runDeepMapper(const RunInput& input, const RunConfig& config, RunObserver* observer = nullptr,
                       const CancelToken* cancel = nullptr, std::vector<PassRecord> finished = {});

// A shard of a run spread over processes: every try in [begin, end), in order (whether a
// try counts depends on the other tries, so nothing here stops early or accumulates).
// `finished` as above. Returns the records in try order; on cancel, those finished so far.
std::vector<PassRecord> runTries(const RunInput& input, const RunConfig& config, int begin, int end,
                                 RunObserver* observer = nullptr, const CancelToken* cancel = nullptr,
                                 std::vector<PassRecord> finished = {});

}  // namespace dm
