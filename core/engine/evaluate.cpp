// Arrangement-ensembled held-out evaluation: one split, N arrangements, averaged softmax.
#include "engine/evaluate.h"

#include "common/error.h"
#include "common/interrupt.h"
#include "engine/arrangement_training.h"
#include "engine/run_input_checks.h"
#include "engine/runtime.h"
#include "mapping/arrangement.h"

#include <torch/torch.h>

#include <cstdio>
#include <optional>
#include <string>

namespace dm {

namespace {

// Trains the backbone under arrangement seed + t and returns the softmax of the test cells
// (test x classes, row-major, double). Throws Cancelled.
std::vector<double> passProbabilities(const RunInput& in, const RunConfig& cfg, const Split& split, int t,
                                      const FeatureScaling& scaling, const torch::Device& device, RunObserver* obs,
                                      const CancelToken* cancel, double& accuracy) {
    const uint64_t seed = cfg.seed + static_cast<uint64_t>(t);
    const int64_t side = squareDim(in.X->cols, cfg.buffer);
    TrainedArrangement arrangement = trainArrangement(in, cfg, split, t, seed, side, device, obs, cancel, &scaling);
    const EvalResult ev = evaluateRows(*arrangement.model, *arrangement.batcher, in.y, split.test);
    accuracy = ev.accuracy;
    const torch::Tensor p = ev.probabilities.to(torch::kCPU, torch::kFloat64).contiguous();
    return std::vector<double>(p.data_ptr<double>(), p.data_ptr<double>() + p.numel());
}

}  // namespace

EvaluationResult evaluateEnsemble(const RunInput& in, const RunConfig& cfg, RunObserver* obs,
                                  const CancelToken* cancel) {
    cfg.validate();
    checkRunInput(in, "the evaluation", false);
    configureRuntime(cfg.threads);
    // The held-out evaluation takes no token: its batches reach interruptionPoint() (as in
    // the runner), so a stop lands inside it rather than after every test cell is scored.
    // Without a token the caller's scope, if any, stays in force.
    std::optional<InterruptScope> stop;
    if (cancel) stop.emplace([cancel] { return cancel->cancelled(); });
    const torch::Device device = runDevice(cfg.device);
    const auto K = static_cast<int64_t>(in.classes.size());
    const Split split = splitCells(in.y, K, cfg.testFraction, cfg.earlyStop.enabled ? cfg.earlyStop.valFraction : 0.0,
                                   cfg.seed);
    if (split.test.empty())
        throw InputError("no cells in the test split; raise --test-size (now " + std::to_string(cfg.testFraction) +
                         ") or use more cells");

    // Fitted once for every arrangement ("rank" scores the whole matrix).
    const FeatureScaling scaling = fitFeatureScaling(*in.X, cfg.inputScaling);

    EvaluationResult r;
    r.classes = in.classes;
    r.testCells = split.test;
    const size_t nTest = split.test.size();
    std::vector<double> sum(nTest * static_cast<size_t>(K), 0.0);
    for (int t = 0; t < cfg.passes; ++t) {
        if (cancel && cancel->cancelled()) {
            r.partial = true;
            break;
        }
        const uint64_t seed = cfg.seed + static_cast<uint64_t>(t);
        if (obs) obs->passStarted(t, seed);
        double accuracy = 0;
        std::vector<double> p;
        try {
            p = passProbabilities(in, cfg, split, t, scaling, device, obs, cancel, accuracy);
        } catch (const Cancelled&) {
            r.partial = true;  // the unfinished arrangement does not vote
            break;
        }
        for (size_t i = 0; i < sum.size(); ++i) sum[i] += p[i];
        r.passAccuracy.push_back(accuracy);
        r.passSeeds.push_back(seed);
        if (obs) {
            char line[128];  // accuracy to 3 decimals, as every other accuracy the user sees
            std::snprintf(line, sizeof line, "arrangement %d/%d (seed %llu): test accuracy %.3f", t + 1, cfg.passes,
                          static_cast<unsigned long long>(seed), accuracy);
            obs->message(line);
        }
    }
    if (r.passAccuracy.empty()) throw Cancelled();

    const auto passes = static_cast<double>(r.passAccuracy.size());
    for (size_t i = 0; i < nTest; ++i) {
        std::vector<double> row(sum.begin() + static_cast<int64_t>(i) * K, sum.begin() + static_cast<int64_t>(i + 1) * K);
        int64_t best = 0;
        for (int64_t k = 0; k < K; ++k) {
            row[static_cast<size_t>(k)] /= passes;
            if (row[static_cast<size_t>(k)] > row[static_cast<size_t>(best)]) best = k;
        }
        r.yTrue.push_back(in.y[static_cast<size_t>(split.test[i])]);
        r.yPred.push_back(best);
        r.probabilities.push_back(std::move(row));
    }
    r.report = classificationReport(r.yTrue, r.yPred, K, in.classes);
    r.accuracy = r.report.accuracy;
    r.macroF1 = r.report.macroF1;
    return r;
}

}  // namespace dm
