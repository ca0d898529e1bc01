// The iterate-N-accumulate runner: arrangement -> split -> train -> gate -> attribute,
// for try t = 0, 1, ... with seed + t, until `passes` are accepted or max_tries are used.
#include "engine/runner.h"

#include "analysis/accumulate.h"
#include "analysis/class_means.h"
#include "analysis/best_class_map.h"
#include "analysis/label_permutation.h"
#include "analysis/linear_baseline.h"
#include "analysis/stability.h"
#include "attribution/attribution.h"
#include "common/error.h"
#include "common/interrupt.h"
#include "data/rank_normal.h"
#include "engine/run_accumulation.h"
#include "data/random.h"
#include "engine/arrangement_training.h"
#include "engine/run_input_checks.h"
#include "engine/runtime.h"
#include "mapping/arrangement.h"

#include <algorithm>
#include <chrono>
#include <map>

namespace dm {

namespace {

// Cells whose predictions are attributed: a seeded sample of `pool` (the test split, or
// every cell with attribution.cells "all").
std::vector<int64_t> attributionCells(const std::vector<int64_t>& pool, int samples, uint64_t seed) {
    std::vector<int64_t> cells = pool;
    Rng rng(seed ^ 0xA77Bu);
    for (int64_t i = static_cast<int64_t>(cells.size()) - 1; i > 0; --i)
        std::swap(cells[i], cells[rng.below(static_cast<uint64_t>(i + 1))]);
    if (static_cast<int64_t>(cells.size()) > samples) cells.resize(static_cast<size_t>(samples));
    std::sort(cells.begin(), cells.end());
    return cells;
}

// The share of `rows` in their most common class: what always guessing it scores.
double majorityRate(const std::vector<int64_t>& y, const std::vector<int64_t>& rows, size_t classes) {
    if (rows.empty()) return 0.0;
    std::vector<int64_t> n(classes, 0);
    for (int64_t r : rows) ++n[static_cast<size_t>(y[r])];
    return double(*std::max_element(n.begin(), n.end())) / double(rows.size());
}

// The mean input image of `rows`, as the model sees it (after scaling): integrated
// gradients' "mean" baseline.
torch::Tensor meanImage(ImageBatcher& batcher, const std::vector<int64_t>& rows) {
    torch::Tensor sum;  // 1 x channels x side x side
    const auto n = static_cast<int64_t>(rows.size());
    for (int64_t start = 0; start < n; start += batcher.maxBatch()) {
        const int64_t count = std::min(batcher.maxBatch(), n - start);
        const torch::Tensor part = batcher.images(rows.data() + start, count).sum(0, true);
        sum = sum.defined() ? sum + part : part.clone();
    }
    if (!sum.defined()) return torch::Tensor();  // no rows: the zero baseline
    return sum / static_cast<double>(n);
}

class PassRunner {
public:
    PassRunner(const RunInput& in, const RunConfig& cfg, RunObserver* obs, const CancelToken* cancel)
        : in_(in), cfg_(cfg), obs_(obs), cancel_(cancel), device_(runDevice(cfg.device)),
          side_(squareDim(in.X->cols, cfg.buffer)), scaling_(fitFeatureScaling(*in.X, cfg.inputScaling)) {}

    int64_t side() const { return side_; }

    // One try; throws Cancelled when stopped midway.
    PassRecord run(int t, std::vector<int64_t>& perm, std::vector<float>& pixelMap) {
        const auto start = std::chrono::steady_clock::now();
        // Evaluation and attribution take no token: their loops reach interruptionPoint(),
        // which throws Cancelled once a stop is asked (bench_cancel_run: a pass's attribution
        // ran 4-5 s past a stop before).
        const InterruptScope stop([this] { return cancel_ && cancel_->cancelled(); });
        PassRecord rec;
        rec.tryIndex = t;
        rec.seed = cfg_.seed + static_cast<uint64_t>(t);
        const Split split = splitCells(in_.y, static_cast<int64_t>(in_.classes.size()), cfg_.testFraction,
                                       cfg_.earlyStop.enabled ? cfg_.earlyStop.valFraction : 0.0, rec.seed);
        TrainedArrangement arrangement =
            trainArrangement(in_, cfg_, split, t, rec.seed, side_, device_, obs_, cancel_, &scaling_);
        Backbone& model = *arrangement.model;
        ImageBatcher& batcher = *arrangement.batcher;
        const TrainResult& trained = arrangement.training;
        rec.stopEpoch = trained.epochsRun;
        rec.bestEpoch = trained.bestEpoch;
        rec.trainLoss = trained.trainLoss;
        rec.valLoss = trained.valLoss;
        const EvalResult heldOut = evaluateRows(model, batcher, in_.y, split.test);
        rec.accuracy = heldOut.accuracy;
        rec.testCells = static_cast<int64_t>(split.test.size());
        rec.chanceRate = majorityRate(in_.y, split.test, in_.classes.size());
        rec.balancedAccuracy = balancedAccuracy(truthOf(split.test), heldOut.predicted,
                                                static_cast<int64_t>(in_.classes.size()));
        const GateDecision gate = decidePass(heldOut, split.test, rec);
        rec.pValue = gate.pValue;
        rec.accepted = gate.accepted;
        pixelMap.clear();
        if (rec.accepted) {
            if (cancel_ && cancel_->cancelled()) throw Cancelled();
            const torch::Tensor baseline =
                cfg_.attribution.baseline == "mean" ? meanImage(batcher, split.train) : torch::Tensor();
            attribute(model, batcher, attributionPool(split), rec, pixelMap, arrangement.permutation, baseline);
        }
        perm = std::move(arrangement.permutation);
        rec.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return rec;
    }

private:
    // The configured gate on this pass's held-out predictions.
    GateDecision decidePass(const EvalResult& heldOut, const std::vector<int64_t>& test, const PassRecord& rec) const {
        const GateRule rule = gateRuleOf(cfg_);
        if (rule.kind != "permutation") return decideGate(rule, rec.accuracy, rec.testCells, rec.chanceRate);
        const double p = labelPermutationPValue(truthOf(test), heldOut.predicted, static_cast<int64_t>(in_.classes.size()),
                                                kGatePermutations, rec.seed);
        return decidePermutationGate(rule, rec.accuracy, p);
    }

    std::vector<int64_t> truthOf(const std::vector<int64_t>& rows) const {
        std::vector<int64_t> truth;
        truth.reserve(rows.size());
        for (int64_t r : rows) truth.push_back(in_.y[static_cast<size_t>(r)]);
        return truth;
    }

    static std::vector<float> toVector(const torch::Tensor& t) {
        const torch::Tensor map = t.to(torch::kCPU, torch::kFloat32).contiguous();
        return std::vector<float>(map.data_ptr<float>(), map.data_ptr<float>() + map.numel());
    }

    // The pooled map (every attributed cell, target its own class) and, from the same
    // per-cell attributions, each class's map over its own cells: one attribution per pass
    // whatever the number of classes.
    // The cells the attributed sample is drawn from (attribution.cells).
    std::vector<int64_t> attributionPool(const Split& split) const {
        if (cfg_.attribution.cells != "all") return split.test;
        std::vector<int64_t> pool = split.test;
        pool.insert(pool.end(), split.train.begin(), split.train.end());
        pool.insert(pool.end(), split.val.begin(), split.val.end());
        std::sort(pool.begin(), pool.end());
        return pool;
    }

    void attribute(Backbone& model, ImageBatcher& batcher, const std::vector<int64_t>& pool, PassRecord& rec,
                   std::vector<float>& pixelMap, const std::vector<int64_t>& perm, const torch::Tensor& baseline) {
        const std::vector<int64_t> cells = attributionCells(pool, cfg_.attribution.samples, rec.seed);
        torch::Tensor inputs = batcher.imagesCopy(cells);
        torch::Tensor targets = torch::empty({static_cast<int64_t>(cells.size())}, torch::kLong);
        for (size_t i = 0; i < cells.size(); ++i) targets[static_cast<int64_t>(i)] = in_.y[cells[i]];
        const torch::Tensor perCell =
            pixelImportancePerCell(model, inputs, targets.to(device_), cfg_.attribution, baseline);
        // "signed" and "class_signed": negatives of the mean set to 0, as pixelImportance does.
        const std::string& aggregate = cfg_.attribution.aggregate;
        const bool bestClass = aggregate == "class_signed" || aggregate == "class_abs";
        const bool clamp = aggregate == "class_signed" || aggregate == "signed";
        auto meanMap = [clamp](const torch::Tensor& rowsOfCells) {
            torch::Tensor m = rowsOfCells.mean(0).flatten();
            return clamp ? m.clamp_min(0.0) : m;
        };

        const size_t classes = in_.classes.size();
        std::vector<std::vector<int64_t>> rows(classes);
        for (size_t i = 0; i < cells.size(); ++i) rows[static_cast<size_t>(in_.y[cells[i]])].push_back(static_cast<int64_t>(i));
        std::vector<std::vector<float>> classPixels(classes);
        rec.classImportance.assign(classes, {});
        rec.classCells.assign(classes, 0);
        for (size_t c = 0; c < classes; ++c) {
            if (rows[c].empty()) continue;
            const torch::Tensor index = torch::tensor(rows[c], torch::kLong).to(perCell.device());
            classPixels[c] = toVector(meanMap(perCell.index_select(0, index)));
            rec.classImportance[c] = pixelsToFeatures(classPixels[c].data(), perm);
            rec.classCells[c] = static_cast<int>(rows[c].size());
        }
        // The pooled map: every attributed cell toward its own class, or for "class_abs" and
        // "class_signed" the best class's mean per pixel (analysis/best_class_map.h says why).
        pixelMap = bestClass ? bestClassMap(classPixels) : toVector(meanMap(perCell));
        rec.geneImportance = pixelsToFeatures(pixelMap.data(), perm);
    }

    const RunInput& in_;
    const RunConfig& cfg_;
    RunObserver* obs_;
    const CancelToken* cancel_;
    torch::Device device_;
    int64_t side_;
    FeatureScaling scaling_;
};

}  // namespace

std::vector<double> columnMeans(const CsrMatrix& X) {
    std::vector<double> mean(static_cast<size_t>(X.cols), 0.0);
    for (int64_t k = 0; k < X.nnz(); ++k) mean[static_cast<size_t>(X.indices[k])] += X.values[k];
    for (double& m : mean) m /= std::max<double>(1.0, static_cast<double>(X.rows));
    return mean;
}

namespace {

// --passes auto: stop once the split-half agreement of the accepted passes reaches the target.
bool stableEnough(const std::vector<PassRecord>& records, const RunConfig& c) {
    std::vector<std::vector<float>> imps;
    for (const PassRecord& r : records)
        if (r.accepted) imps.push_back(r.geneImportance);
    if (static_cast<int>(imps.size()) < c.autoPasses.minPasses) return false;
    return splitHalfAgreement(imps, imps.size(), c.topK, c.rankingOrder) >= c.autoPasses.target;
}

}  // namespace

GateRule gateRuleOf(const RunConfig& c) {
    GateRule g;
    g.kind = c.gate.kind;
    g.alpha = c.gate.alpha;
    g.minAccuracy = c.minAccuracy;
    return g;
}

FeatureScaling fitFeatureScaling(const CsrMatrix& X, const std::string& inputScaling) {
    FeatureScaling s;
    if (inputScaling == "none") return s;
    if (inputScaling == "rank") s.scores = std::make_shared<const CsrMatrix>(rankNormalScores(X));
    const Standardization st = standardizeColumns(s.scores ? *s.scores : X);
    const bool centre = inputScaling != "scale";
    s.shift.resize(st.mean.size());
    s.scale.resize(st.scale.size());
    for (size_t g = 0; g < st.mean.size(); ++g) {
        s.shift[g] = centre ? static_cast<float>(st.mean[g]) : 0.0f;
        s.scale[g] = static_cast<float>(1.0 / st.scale[g]);
    }
    // Seurat's ScaleData cap: a gene seen in a handful of cells would otherwise reach
    // z ~ sqrt(cells) there and dominate both training and attribution.
    s.clip = 10.0f;
    return s;
}

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
    bool stable = false;  // --passes auto: the accepted passes reached the stability target

    // `stopAtPasses`: stop once config.passes are accepted, or, with config.autoPasses, once
    // the accepted passes are stable enough (stableEnough; only accepted passes count).
    std::vector<PassRecord> run(int begin, int end, bool stopAtPasses) {
        config.validate();
        checkRunInput(input, "a run", true);
        configureRuntime(config.threads);
        PassRunner runner(input, config, observer, cancel);
        std::vector<PassRecord> records;
        int accepted = 0;
        std::vector<int64_t> perm;
        std::vector<float> pixelMap;
        for (int t = begin; t < end && !(stopAtPasses && (accepted >= config.passes || stable)); ++t) {
            if (cancel && cancel->cancelled()) {
                cancelled = true;
                break;
            }
            if (!nextRecord(runner, t, perm, pixelMap, records)) break;
            accepted += records.back().accepted ? 1 : 0;
            if (stopAtPasses && config.autoPasses.enabled && records.back().accepted)
                stable = stableEnough(records, config);
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
    // --passes auto: `passes` becomes the maximum; the loop also stops once stable.
    RunConfig c = config;
    if (c.autoPasses.enabled) {
        c.passes = c.autoPasses.maxPasses;
        c.maxTries = std::max(c.maxTries, 0);
    }
    TryLoop loop{input, c, observer, cancel, byTry(std::move(finished), c)};
    std::vector<PassRecord> records = loop.run(0, c.effectiveMaxTries(), true);
    int accepted = 0;
    for (const PassRecord& r : records) accepted += r.accepted ? 1 : 0;
    // A stable auto run is complete with the passes it took.
    RunConfig wanted = c;
    if (loop.stable) wanted.passes = accepted;
    Findings findings = accumulateRun(std::move(records), wanted, input.featureNames, input.featureIds);
    findings.partial = (findings.partial && !c.autoPasses.enabled) || loop.cancelled;
    findings.meanExpression = columnMeans(*input.X);
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
