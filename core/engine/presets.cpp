#include "engine/presets.h"

#include "analysis/ranking_order.h"
#include "common/error.h"

namespace dm {

RunConfig defaultRunConfig() { return RunConfig{}; }

RunConfig seedRunConfig() {
    RunConfig c;
    c.passes = 30;
    c.minAccuracy = 0.0;
    c.gate = GateConfig{};
    c.gate.kind = "floor";
    c.autoPasses = AutoPassesConfig{};
    c.inputScaling = "none";
    c.lossWeights = "none";
    c.topK = 20;
    c.rankingOrder = kSeedRankingOrder;
    c.epochs = 20;
    c.batchSize = 64;
    c.lr = 1e-3;
    c.weightDecay = 0.0;
    c.testFraction = 0.25;
    c.earlyStop = EarlyStopConfig{};
    c.earlyStop.enabled = true;
    c.earlyStop.patience = 20;
    c.earlyStop.minEpochs = 40;
    c.earlyStop.minDelta = 1e-3;
    c.earlyStop.valFraction = 0.15;
    c.attribution = AttributionConfig{};
    c.attribution.method = "integrated_gradients";
    c.attribution.samples = 64;
    c.attribution.igSteps = 32;
    c.attribution.internalBatch = 16;
    c.attribution.igMethod = "gausslegendre";
    c.attribution.baseline = "zero";
    c.attribution.aggregate = "abs";
    c.attribution.cells = "held_out";
    c.backbone = BackboneSpec{};
    c.backbone.kind = "cnn_small";
    return c;
}

std::vector<std::string> presetNames() { return {"default", "seed"}; }

bool isPreset(const std::string& name) { return name == "default" || name == "seed"; }

RunConfig presetConfig(const std::string& name) {
    if (name == "default") return defaultRunConfig();
    if (name == "seed") return seedRunConfig();
    throw ConfigError("preset '" + name + "' is not known; use default or seed");
}

namespace {

nlohmann::json analysisSettings(const RunConfig& c) {
    nlohmann::json j = toJson(c);
    for (const char* key : {"passes", "max_tries", "auto_passes", "seed", "threads", "device", "index_features"})
        j.erase(key);
    return j;
}

}  // namespace

std::string matchingPreset(const RunConfig& c) {
    const nlohmann::json mine = analysisSettings(c);
    for (const std::string& name : presetNames())
        if (analysisSettings(presetConfig(name)) == mine) return name;
    return "";
}

}  // namespace dm
