#pragma once
// The configuration of one DeepMapper run: the seed document's fields, with the defaults
// bench/bench_science chose (docs/science.md); the seed's own defaults are the "seed"
// preset (engine/presets.h).
// The GUI and the CLI read and write the same JSON (snake_case keys as in the seed).
#include "attribution/attribution_config.h"
#include "models/backbone_spec.h"
#include "train/early_stop_config.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace dm {

// Which passes count. "permutation": the held-out predictions depend on the true labels
// (their balanced accuracy against 1,999 shuffles of the labels, one-sided at `alpha`;
// honest under class imbalance, analysis/label_permutation.h). "binomial": held-out
// accuracy significantly above the majority-class rate of the test cells (one-sided exact
// binomial test at `alpha`). Both also need min_accuracy. "floor": min_accuracy only (the
// seed's gate).
struct GateConfig {
    std::string kind = "permutation";
    double alpha = 0.05;
};

// `--passes auto`: add passes until the split-half agreement of the top-k (odd against
// even passes) reaches `target`, or `maxPasses` are accepted.
struct AutoPassesConfig {
    bool enabled = false;
    double target = 0.9;
    int minPasses = 4;
    int maxPasses = 60;
};

struct RunConfig {
    int passes = 30;            // accepted passes wanted
    double minAccuracy = 0.0;   // the gate on held-out accuracy
    int maxTries = 0;           // 0: 3 x passes
    int topK = 20;
    // How the accumulated ranking is ordered (analysis/ranking_order.h): "median_importance"
    // (every gene's place read from every pass), "mean_rank" or "frequency" (the seed's:
    // selection frequency in each pass's top k first, which past the top k counts lucky
    // entries; docs/science.md, "The ranking order").
    std::string rankingOrder = "median_importance";
    GateConfig gate;
    AutoPassesConfig autoPasses;
    // Per-gene scaling of the inputs, fitted on every cell (label-free): "none" (the seed's),
    // "standardize" (z-score per gene, clipped to +-10 as Seurat's ScaleData does),
    // "scale" (divided by the gene's standard deviation, zeros stay zero) or "rank" (each
    // gene's values as normal scores of their ranks, data/rank_normal.h, then standardized).
    // "rank" is the default: the model then reads a gene as a rank test does; it met every
    // target of the planted ladder, where "standardize" missed dense (chords 0.17 -> 0.41),
    // at the cost of the weak rung's chords (0.28 -> 0.22; docs/science.md, "Round 5").
    std::string inputScaling = "rank";
    // Class weights in the training (and validation) loss: "none" (the seed's) or
    // "balanced" (each class weighs the same: n / (classes x n_c) per cell). Balanced
    // found a few more chord genes on the 1:10 rung but cost pbmc68k 0.02 of held-out
    // accuracy (docs/science.md); the permutation gate alone makes the 1:10 rung work.
    std::string lossWeights = "none";
    int buffer = 0;             // extra padding pixels: side = square_dim(n_features + buffer)
    bool indexFeatures = false; // report features by column index instead of name
    int epochs = 30;
    int batchSize = 64;
    double lr = 1e-3;
    // L2 penalty on every trainable parameter, added to the loss (Adam's coupled
    // weight_decay, not AdamW's decoupled decay: the coupled form minimises the penalised
    // loss, whose minimiser in p > n is the ridge-like solution that leans toward each
    // gene's class contrast; docs/science.md, round 3). 0 (the seed's): none; at most 1.
    double weightDecay = 0.0;
    double testFraction = 0.25;
    EarlyStopConfig earlyStop;
    AttributionConfig attribution;
    BackboneSpec backbone;
    uint64_t seed = 0;          // pass t uses seed + t
    int threads = 0;            // 0: one per core
    std::string device = "cpu"; // cpu | cuda

    int effectiveMaxTries() const { return maxTries > 0 ? maxTries : 3 * passes; }
    // Throws ConfigError naming the field, its value and the allowed range.
    void validate() const;
};

nlohmann::json toJson(const RunConfig& c);
// Unknown keys are refused (a typo must not silently fall back to a default).
RunConfig runConfigFromJson(const nlohmann::json& j);
// A configuration as a run recorded it (run.json, shard files): a key added after the
// record was written takes the value that reproduces that run, not today's default
// (ranking_order: "frequency"; input_scaling: "none", as before the option existed).
RunConfig recordedRunConfig(const nlohmann::json& j);
// Reads, parses and validates; errors name the file (and the line for JSON syntax errors).
RunConfig loadRunConfig(const std::string& path);
void saveRunConfig(const RunConfig& c, const std::string& path);  // atomic

}  // namespace dm
