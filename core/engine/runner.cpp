// The iterate-N-accumulate runner: arrangement -> split -> train -> gate -> attribute,
// for try t = 0, 1, ... with seed + t, until `passes` are accepted or max_tries are used.
#include "engine/runner.h"

#include "analysis/accumulate.h"
#include "analysis/class_means.h"
#include "attribution/attribution.h"
#include "common/error.h"
#include "data/random.h"
#include "engine/arrangement_training.h"
#include "engine/run_input_checks.h"
#include "engine/runtime.h"
#include "mapping/arrangement.h"

#include <algorithm>
#include <chrono>

namespace dm {

namespace {

// Held-out cells whose predictions are attributed: a seeded sample of the test split.
std::vector<int64_t> attributionCells(const std::vector<int64_t>& test, int samples, uint64_t seed) {
    std::vector<int64_t> cells = test;
    Rng rng(seed ^ 0xA77Bu);
    for (int64_t i = static_cast<int64_t>(cells.size()) - 1; i > 0; --i)
        std::swap(cells[i], cells[rng.below(static_cast<uint64_t>(i + 1))]);
    if (static_cast<int64_t>(cells.size()) > samples) cells.resize(static_cast<size_t>(samples));
    std::sort(cells.begin(), cells.end());
    return cells;
}

class PassRunner {
public:
    PassRunner(const RunInput& in, const RunConfig& cfg, RunObserver* obs, const CancelToken* cancel)
        : in_(in), cfg_(cfg), obs_(obs), cancel_(cancel), device_(runDevice(cfg.device)),
          side_(squareDim(in.X->cols, cfg.buffer)) {}

    int64_t side() const { return side_; }

    // One try; throws Cancelled when stopped midway.
    PassRecord run(int t, std::vector<int64_t>& perm, std::vector<float>& pixelMap) {
        const auto start = std::chrono::steady_clock::now();
        PassRecord rec;
        rec.tryIndex = t;
        rec.seed = cfg_.seed + static_cast<uint64_t>(t);
        const Split split = splitCells(in_.y, static_cast<int64_t>(in_.classes.size()), cfg_.testFraction,
                                       cfg_.earlyStop.enabled ? cfg_.earlyStop.valFraction : 0.0, rec.seed);
        TrainedArrangement arrangement =
            trainArrangement(in_, cfg_, split, t, rec.seed, side_, device_, obs_, cancel_);
        Backbone& model = *arrangement.model;
        ImageBatcher& batcher = *arrangement.batcher;
        const TrainResult& trained = arrangement.training;
        rec.stopEpoch = trained.epochsRun;
        rec.bestEpoch = trained.bestEpoch;
        rec.trainLoss = trained.trainLoss;
        rec.valLoss = trained.valLoss;
        rec.accuracy = evaluateRows(model, batcher, in_.y, split.test).accuracy;
        rec.accepted = acceptPass(rec.accuracy, cfg_.minAccuracy);
        pixelMap.clear();
        if (rec.accepted) {
            if (cancel_ && cancel_->cancelled()) throw Cancelled();
            attribute(model, batcher, split.test, rec, pixelMap, arrangement.permutation);
        }
        perm = std::move(arrangement.permutation);
        rec.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return rec;
    }

private:
    static std::vector<float> toVector(const torch::Tensor& t) {
        const torch::Tensor map = t.to(torch::kCPU, torch::kFloat32).contiguous();
        return std::vector<float>(map.data_ptr<float>(), map.data_ptr<float>() + map.numel());
    }

    // The pooled map (every attributed cell, target its own class) and, from the same
    // per-cell attributions, each class's map over its own cells: one attribution per pass
    // whatever the number of classes.
    void attribute(Backbone& model, ImageBatcher& batcher, const std::vector<int64_t>& test, PassRecord& rec,
                   std::vector<float>& pixelMap, const std::vector<int64_t>& perm) {
        const std::vector<int64_t> cells = attributionCells(test, cfg_.attribution.samples, rec.seed);
        torch::Tensor inputs = batcher.imagesCopy(cells);
        torch::Tensor targets = torch::empty({static_cast<int64_t>(cells.size())}, torch::kLong);
        for (size_t i = 0; i < cells.size(); ++i) targets[static_cast<int64_t>(i)] = in_.y[cells[i]];
        const torch::Tensor perCell = pixelImportancePerCell(model, inputs, targets.to(device_), cfg_.attribution);
        pixelMap = toVector(perCell.mean(0).flatten());
        rec.geneImportance = pixelsToFeatures(pixelMap.data(), perm);

        const size_t classes = in_.classes.size();
        std::vector<std::vector<int64_t>> rows(classes);
        for (size_t i = 0; i < cells.size(); ++i) rows[static_cast<size_t>(in_.y[cells[i]])].push_back(static_cast<int64_t>(i));
        rec.classImportance.assign(classes, {});
        rec.classCells.assign(classes, 0);
        for (size_t c = 0; c < classes; ++c) {
            if (rows[c].empty()) continue;
            const torch::Tensor index = torch::tensor(rows[c], torch::kLong).to(perCell.device());
            const std::vector<float> map = toVector(perCell.index_select(0, index).mean(0).flatten());
            rec.classImportance[c] = pixelsToFeatures(map.data(), perm);
            rec.classCells[c] = static_cast<int>(rows[c].size());
        }
    }

    const RunInput& in_;
    const RunConfig& cfg_;
    RunObserver* obs_;
    const CancelToken* cancel_;
    torch::Device device_;
    int64_t side_;
};

}  // namespace

Findings runDeepMapper(const RunInput& input, const RunConfig& config, RunObserver* observer,
                       const CancelToken* cancel) {
    config.validate();
    checkRunInput(input, "a run", true);
    configureRuntime(config.threads);
    PassRunner runner(input, config, observer, cancel);

    std::vector<PassRecord> records;
    int accepted = 0;
    bool cancelled = false;
    std::vector<int64_t> perm;
    std::vector<float> pixelMap;
    for (int t = 0; t < config.effectiveMaxTries() && accepted < config.passes; ++t) {
        if (cancel && cancel->cancelled()) {
            cancelled = true;
            break;
        }
        if (observer) observer->passStarted(t, config.seed + static_cast<uint64_t>(t));
        try {
            records.push_back(runner.run(t, perm, pixelMap));
        } catch (const Cancelled&) {
            cancelled = true;  // the unfinished pass is dropped; accepted ones are kept
            break;
        }
        accepted += records.back().accepted ? 1 : 0;
        if (observer) {
            PassEvent ev{&records.back(), runner.side(), &perm, &pixelMap, accepted, t + 1};
            observer->passFinished(ev);
        }
    }
    Findings findings = accumulateFindings(records, config.passes, config.minAccuracy, config.effectiveMaxTries(),
                                           config.topK, input.featureNames, input.featureIds);
    findings.partial = findings.partial || cancelled;
    findings.classNames = input.classes;
    if (findings.hasClassFindings()) {
        const ClassMeans means = classMeans(*input.X, input.y, input.classes);
        setClassDirections(findings, means.mean, means.cells);
    }
    if (config.indexFeatures)
        for (size_t i = 0; i < findings.featureNames.size(); ++i) findings.featureNames[i] = std::to_string(i);
    if (observer) observer->runFinished(findings);
    return findings;
}

}  // namespace dm
