// The iterate-N-accumulate runner: arrangement -> split -> train -> gate -> attribute,
// for try t = 0, 1, ... with seed + t, until `passes` are accepted or max_tries are used.
#include "engine/runner.h"

#include "analysis/accumulate.h"
#include "analysis/class_means.h"
#include "attribution/attribution.h"
#include "common/error.h"
#include "engine/run_accumulation.h"
#include "engine/run_input_checks.h"
#include "data/random.h"
#include "engine/runtime.h"
#include "mapping/arrangement.h"
#include "models/backbone.h"
#include "train/image_batcher.h"
#include "train/split.h"
#include "train/trainer.h"

#include <algorithm>
#include <chrono>
#include <map>

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
        perm = cpythonPermutation(in_.X->cols, rec.seed);
        ImageBatcher batcher(*in_.X, inversePermutation(perm), side_, cfg_.batchSize, device_);
        const Split split = splitCells(in_.y, static_cast<int64_t>(in_.classes.size()), cfg_.testFraction,
                                       cfg_.earlyStop.enabled ? cfg_.earlyStop.valFraction : 0.0, rec.seed);
        torch::manual_seed(rec.seed);
        auto model = buildBackbone(cfg_.backbone, static_cast<int64_t>(in_.classes.size()), side_);
        model->to(device_);

        TrainOptions opts{cfg_.epochs, cfg_.batchSize, cfg_.lr, cfg_.earlyStop, rec.seed};
        auto onEpoch = [&](const EpochStats& s) {
            if (obs_) obs_->epochFinished({t, s.epoch, cfg_.epochs, s.trainLoss, s.valLoss, s.valAccuracy});
        };
        const TrainResult trained = trainBackbone(*model, batcher, in_.y, split, opts, onEpoch, cancel_);
        rec.stopEpoch = trained.epochsRun;
        rec.bestEpoch = trained.bestEpoch;
        rec.trainLoss = trained.trainLoss;
        rec.valLoss = trained.valLoss;
        rec.accuracy = evaluateRows(*model, batcher, in_.y, split.test).accuracy;
        rec.accepted = acceptPass(rec.accuracy, cfg_.minAccuracy);
        pixelMap.clear();
        if (rec.accepted) {
            if (cancel_ && cancel_->cancelled()) throw Cancelled();
            attribute(*model, batcher, split.test, rec, pixelMap, perm);
        }
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

namespace {

// The tries [begin, end) in order; with `stopAtPasses` the loop ends once `passes` are
// accepted (a whole run), otherwise every try runs (a shard).
struct TryLoop {
    const RunInput& input;
    const RunConfig& config;
    RunObserver* observer;
    const CancelToken* cancel;
    std::map<int, PassRecord> finished;  // by try index
    bool cancelled = false;

    std::vector<PassRecord> run(int begin, int end, bool stopAtPasses) {
        config.validate();
        checkRunInput(input, "a run", true);
        configureRuntime(config.threads);
        PassRunner runner(input, config, observer, cancel);
        std::vector<PassRecord> records;
        int accepted = 0;
        std::vector<int64_t> perm;
        std::vector<float> pixelMap;
        for (int t = begin; t < end && !(stopAtPasses && accepted >= config.passes); ++t) {
            if (cancel && cancel->cancelled()) {
                cancelled = true;
                break;
            }
            if (!nextRecord(runner, t, perm, pixelMap, records)) break;
            accepted += records.back().accepted ? 1 : 0;
            if (observer) {
                PassEvent ev{&records.back(), runner.side(), &perm, &pixelMap, accepted, t - begin + 1};
                observer->passFinished(ev);
            }
        }
        return records;
    }

private:
    // Reads try t back when it was finished before, else trains it. False on cancel.
    bool nextRecord(PassRunner& runner, int t, std::vector<int64_t>& perm, std::vector<float>& pixelMap,
                    std::vector<PassRecord>& records) {
        const auto done = finished.find(t);
        if (done != finished.end()) {
            PassRecord rec = done->second;  // trained under this configuration (the store checks)
            perm = cpythonPermutation(input.X->cols, rec.seed);
            pixelMap.clear();  // not kept on disk: the per-gene importances are
            records.push_back(std::move(rec));
            return true;
        }
        if (observer) observer->passStarted(t, config.seed + static_cast<uint64_t>(t));
        try {
            records.push_back(runner.run(t, perm, pixelMap));
        } catch (const Cancelled&) {
            cancelled = true;  // the unfinished pass is dropped; accepted ones are kept
            return false;
        }
        return true;
    }
};

std::map<int, PassRecord> byTry(std::vector<PassRecord> records, const RunConfig& config) {
    std::map<int, PassRecord> out;
    for (PassRecord& r : records) {
        if (r.seed != config.seed + static_cast<uint64_t>(r.tryIndex))
            throw InputError("a finished try read back has seed " + std::to_string(r.seed) + " for try " +
                             std::to_string(r.tryIndex) + ", but this run's seed gives " +
                             std::to_string(config.seed + static_cast<uint64_t>(r.tryIndex)) +
                             ": it belongs to another run");
        const int t = r.tryIndex;
        out[t] = std::move(r);
    }
    return out;
}

}  // namespace

Findings runDeepMapper(const RunInput& input, const RunConfig& config, RunObserver* observer,
                       const CancelToken* cancel, std::vector<PassRecord> finished) {
    TryLoop loop{input, config, observer, cancel, byTry(std::move(finished), config)};
    std::vector<PassRecord> records = loop.run(0, config.effectiveMaxTries(), true);
    Findings findings = accumulateRun(std::move(records), config, input.featureNames, input.featureIds);
    findings.partial = findings.partial || loop.cancelled;
    findings.classNames = input.classes;
    if (findings.hasClassFindings()) {  // which way each gene differs needs the cells
        const ClassMeans means = classMeans(*input.X, input.y, input.classes);
        setClassDirections(findings, means.mean, means.cells);
    }
    if (observer) observer->runFinished(findings);
    return findings;
}

std::vector<PassRecord> runTries(const RunInput& input, const RunConfig& config, int begin, int end,
                                 RunObserver* observer, const CancelToken* cancel, std::vector<PassRecord> finished) {
    if (begin < 0 || end <= begin)
        throw ConfigError("try range " + std::to_string(begin) + ":" + std::to_string(end) +
                          " is empty or negative; give A:B with 0 <= A < B (tries A..B-1)");
    TryLoop loop{input, config, observer, cancel, byTry(std::move(finished), config)};
    return loop.run(begin, end, false);
}

}  // namespace dm
