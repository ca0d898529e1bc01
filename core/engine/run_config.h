#pragma once
// The configuration of one DeepMapper run: the seed document's fields and defaults.
// The GUI and the CLI read and write the same JSON (snake_case keys as in the seed).
#include "attribution/attribution_config.h"
#include "models/backbone_spec.h"
#include "train/early_stop_config.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace dm {

struct RunConfig {
    int passes = 30;            // accepted passes wanted
    double minAccuracy = 0.0;   // the gate on held-out accuracy
    int maxTries = 0;           // 0: 3 x passes
    int topK = 20;
    int buffer = 0;             // extra padding pixels: side = square_dim(n_features + buffer)
    bool indexFeatures = false; // report features by column index instead of name
    int epochs = 20;
    int batchSize = 64;
    double lr = 1e-3;
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
// Reads, parses and validates; errors name the file (and the line for JSON syntax errors).
RunConfig loadRunConfig(const std::string& path);
void saveRunConfig(const RunConfig& c, const std::string& path);  // atomic

}  // namespace dm
