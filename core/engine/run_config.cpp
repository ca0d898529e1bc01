#include "engine/run_config.h"

#include "common/atomic_file.h"
#include "analysis/ranking_order.h"
#include "common/error.h"
#include "models/backbone_catalog.h"

#include <climits>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace dm {

namespace {

using nlohmann::json;

// Held-out fractions must leave at least this share of the cells to train on.
constexpr double kMinTrainFraction = 0.05;

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

std::string inQuotes(const std::string& s) { return "\"" + s + "\""; }

// ConfigError naming the JSON field, the offending value and what is allowed.
void require(bool ok, const std::string& field, const std::string& value, const std::string& allowed) {
    if (!ok)
        throw ConfigError("run configuration: \"" + field + "\" is " + value + "; " + allowed + ". Fix \"" + field +
                          "\" in the configuration (or the matching option) and run again");
}

bool oneOf(const std::string& v, std::initializer_list<const char*> options) {
    for (const char* o : options)
        if (v == o) return true;
    return false;
}

// Reads one JSON object of the configuration: refuses unknown keys, checks each
// value's type, and leaves a field at its default when its key is missing.
class ObjectReader {
public:
    ObjectReader(const json& j, std::string prefix, std::initializer_list<const char*> keys)
        : j_(j), prefix_(std::move(prefix)) {
        if (!j.is_object())
            throw ConfigError("run configuration: " + (prefix_.empty() ? std::string("the document") : inQuotes(prefix_)) +
                              " must be a JSON object {...}, got " + j.dump());
        std::string valid;
        for (const char* k : keys) valid += (valid.empty() ? "" : ", ") + std::string(k);
        for (const auto& item : j.items()) {
            bool known = false;
            for (const char* k : keys) known = known || item.key() == k;
            if (!known)
                throw ConfigError("run configuration: unknown key " + inQuotes(name(item.key())) +
                                  " (a typo?); valid keys " + (prefix_.empty() ? "" : "in " + inQuotes(prefix_) + " ") +
                                  "are: " + valid);
        }
    }

    const json* find(const char* key) const {
        auto it = j_.find(key);
        return it == j_.end() ? nullptr : &*it;
    }

    void read(const char* key, int& out) const {
        const json* v = find(key);
        if (!v) return;
        bool fits = false;
        if (v->is_number_unsigned()) fits = v->get<uint64_t>() <= static_cast<uint64_t>(INT_MAX);
        else if (v->is_number_integer()) fits = v->get<int64_t>() >= INT_MIN && v->get<int64_t>() <= INT_MAX;
        else wrongType(key, *v, "a whole number");
        if (!fits) wrongType(key, *v, "a whole number in the range of a 32-bit integer");
        out = v->get<int>();
    }
    void read(const char* key, uint64_t& out) const {
        const json* v = find(key);
        if (!v) return;
        if (v->is_number_unsigned()) out = v->get<uint64_t>();
        else if (v->is_number_integer() && v->get<int64_t>() >= 0) out = static_cast<uint64_t>(v->get<int64_t>());
        else wrongType(key, *v, "a whole number >= 0");
    }
    void read(const char* key, double& out) const {
        const json* v = find(key);
        if (!v) return;
        if (!v->is_number()) wrongType(key, *v, "a number");
        out = v->get<double>();
    }
    void read(const char* key, bool& out) const {
        const json* v = find(key);
        if (!v) return;
        if (!v->is_boolean()) wrongType(key, *v, "true or false");
        out = v->get<bool>();
    }
    void read(const char* key, std::string& out) const {
        const json* v = find(key);
        if (!v) return;
        if (!v->is_string()) wrongType(key, *v, "a text string in quotes");
        out = v->get<std::string>();
    }
    void readObject(const char* key, json& out) const {
        const json* v = find(key);
        if (!v) return;
        if (!v->is_object()) wrongType(key, *v, "a JSON object {...}");
        out = *v;
    }

    std::string name(const std::string& key) const { return prefix_.empty() ? key : prefix_ + "." + key; }

private:
    [[noreturn]] void wrongType(const char* key, const json& v, const char* expected) const {
        throw ConfigError("run configuration: " + inQuotes(name(key)) + " must be " + expected + ", got " + v.dump());
    }

    const json& j_;
    std::string prefix_;
};

void validateEarlyStop(const EarlyStopConfig& e, double testFraction) {
    require(e.patience >= 0, "early_stopping.patience", std::to_string(e.patience), "it must be >= 0");
    require(e.minEpochs >= 0, "early_stopping.min_epochs", std::to_string(e.minEpochs), "it must be >= 0");
    require(e.minDelta >= 0.0, "early_stopping.min_delta", num(e.minDelta), "it must be >= 0");
    require(e.valFraction > 0.0 && e.valFraction < 1.0, "early_stopping.val_size", num(e.valFraction),
            "it must be a fraction strictly between 0 and 1");
    const double train = (1.0 - testFraction) * (1.0 - e.valFraction);
    require(train >= kMinTrainFraction, "early_stopping.val_size", num(e.valFraction),
            "with test_size " + num(testFraction) + " it leaves " + num(100.0 * train) +
                "% of the cells for training; at least " + num(100.0 * kMinTrainFraction) +
                "% are needed, so lower test_size or val_size");
}

void validateAttribution(const AttributionConfig& a) {
    require(oneOf(a.method, {"integrated_gradients", "saliency", "input_x_gradient", "occlusion", "attention_rollout"}),
            "attribution.method", inQuotes(a.method),
            "it must be one of integrated_gradients, saliency, input_x_gradient, occlusion, attention_rollout");
    require(a.samples >= 1, "attribution.samples", std::to_string(a.samples), "it must be >= 1");
    require(oneOf(a.cells, {"held_out", "all"}), "attribution.cells", inQuotes(a.cells),
            "it must be held_out or all");
    require(a.igSteps >= 2, "attribution.ig_steps", std::to_string(a.igSteps), "it must be >= 2");
    require(a.internalBatch >= 1, "attribution.internal_batch", std::to_string(a.internalBatch), "it must be >= 1");
    require(oneOf(a.igMethod, {"gausslegendre", "riemann_trapezoid"}), "attribution.ig_method", inQuotes(a.igMethod),
            "it must be gausslegendre or riemann_trapezoid");
    require(oneOf(a.baseline, {"zero", "mean"}), "attribution.baseline", inQuotes(a.baseline),
            "it must be zero or mean");
    require(oneOf(a.aggregate, {"abs", "signed", "class_abs", "class_signed"}), "attribution.aggregate",
            inQuotes(a.aggregate), "it must be abs, signed, class_abs or class_signed");
}

void validateGate(const GateConfig& g) {
    require(oneOf(g.kind, {"binomial", "permutation", "floor"}), "gate.kind", inQuotes(g.kind),
            "it must be permutation, binomial or floor");
    require(g.alpha > 0.0 && g.alpha < 1.0, "gate.alpha", num(g.alpha), "it must be strictly between 0 and 1");
}

void validateAutoPasses(const AutoPassesConfig& a) {
    require(a.target > 0.0 && a.target <= 1.0, "auto_passes.target", num(a.target),
            "it must be a Jaccard agreement in (0, 1]");
    require(a.minPasses >= 2, "auto_passes.min_passes", std::to_string(a.minPasses),
            "it must be >= 2 (two halves are compared)");
    require(a.maxPasses >= a.minPasses, "auto_passes.max_passes", std::to_string(a.maxPasses),
            "it must be >= auto_passes.min_passes (" + std::to_string(a.minPasses) + ")");
}

void validateBackbone(const BackboneSpec& b) {
    require(!b.kind.empty(), "backbone.kind", "empty", "name a backbone such as cnn_small");
    // Checked here, before any data is read, so a typo does not cost a long load first.
    require(isKnownBackbone(b.kind), "backbone.kind", inQuotes(b.kind),
            "it must be one of " + backboneKindList() + " (torchscript:<file> names a saved TorchScript model)");
    require(b.imgSize >= 0, "backbone.img_size", std::to_string(b.imgSize),
            "it must be >= 0 (0: the arrangement's square side)");
    require(b.inChans >= 1, "backbone.in_chans", std::to_string(b.inChans), "it must be >= 1");
    require(b.extra.is_object(), "backbone.extra", b.extra.dump(), "it must be a JSON object {...}");
}

}  // namespace

void RunConfig::validate() const {
    require(passes >= 1, "passes", std::to_string(passes), "it must be >= 1");
    require(minAccuracy >= 0.0 && minAccuracy <= 1.0, "min_accuracy", num(minAccuracy),
            "it must be a fraction between 0 and 1");
    require(maxTries == 0 || maxTries >= passes, "max_tries", std::to_string(maxTries),
            "it must be 0 (meaning 3 x passes) or at least passes (" + std::to_string(passes) + ")");
    require(topK >= 1, "top_k", std::to_string(topK), "it must be >= 1");
    require(buffer >= 0, "buffer", std::to_string(buffer), "it must be >= 0");
    require(epochs >= 1, "epochs", std::to_string(epochs), "it must be >= 1");
    require(batchSize >= 1, "batch_size", std::to_string(batchSize), "it must be >= 1");
    require(lr > 0.0, "lr", num(lr), "the learning rate must be > 0");
    require(weightDecay >= 0.0 && weightDecay <= 1.0, "weight_decay", num(weightDecay),
            "it must be between 0 (no penalty) and 1");
    require(testFraction > 0.0 && testFraction < 1.0, "test_size", num(testFraction),
            "it must be a fraction strictly between 0 and 1");
    validateEarlyStop(earlyStop, testFraction);
    validateAttribution(attribution);
    validateGate(gate);
    validateAutoPasses(autoPasses);
    require(oneOf(inputScaling, {"none", "standardize", "scale", "rank"}), "input_scaling", inQuotes(inputScaling),
            "it must be none, standardize, scale or rank");
    require(oneOf(lossWeights, {"none", "balanced"}), "loss_weights", inQuotes(lossWeights),
            "it must be none or balanced");
    require(isRankingOrder(rankingOrder), "ranking_order", inQuotes(rankingOrder),
            "it must be frequency, median_importance or mean_rank");
    validateBackbone(backbone);
    const BackboneInfo* info = findBackbone(backbone.kind);
    std::string methods;
    for (const std::string& m : info->attributionMethods) methods += (methods.empty() ? "" : ", ") + m;
    require(supportsAttribution(backbone.kind, attribution.method), "attribution.method", inQuotes(attribution.method),
            "backbone " + backbone.kind + " supports " + methods + " (attention_rollout needs the transformer vit_cct)");
    require(threads >= 0, "threads", std::to_string(threads), "it must be >= 0 (0: one per core)");
    require(oneOf(device, {"cpu", "cuda"}), "device", inQuotes(device), "it must be cpu or cuda");
}

nlohmann::json toJson(const RunConfig& c) {
    const EarlyStopConfig& e = c.earlyStop;
    const AttributionConfig& a = c.attribution;
    return json{
        {"passes", c.passes},
        {"min_accuracy", c.minAccuracy},
        {"max_tries", c.maxTries},
        {"top_k", c.topK},
        {"ranking_order", c.rankingOrder},
        {"gate", {{"kind", c.gate.kind}, {"alpha", c.gate.alpha}}},
        {"auto_passes",
         {{"enabled", c.autoPasses.enabled},
          {"target", c.autoPasses.target},
          {"min_passes", c.autoPasses.minPasses},
          {"max_passes", c.autoPasses.maxPasses}}},
        {"input_scaling", c.inputScaling},
        {"loss_weights", c.lossWeights},
        {"buffer", c.buffer},
        {"index_features", c.indexFeatures},
        {"epochs", c.epochs},
        {"batch_size", c.batchSize},
        {"lr", c.lr},
        {"weight_decay", c.weightDecay},
        {"test_size", c.testFraction},
        {"early_stopping",
         {{"enabled", e.enabled},
          {"patience", e.patience},
          {"min_epochs", e.minEpochs},
          {"min_delta", e.minDelta},
          {"val_size", e.valFraction}}},
        {"attribution",
         {{"method", a.method},
          {"samples", a.samples},
          {"cells", a.cells},
          {"ig_steps", a.igSteps},
          {"internal_batch", a.internalBatch},
          {"ig_method", a.igMethod},
          {"baseline", a.baseline},
          {"aggregate", a.aggregate}}},
        {"backbone",
         {{"kind", c.backbone.kind},
          {"img_size", c.backbone.imgSize},
          {"in_chans", c.backbone.inChans},
          {"extra", c.backbone.extra}}},
        {"seed", c.seed},
        {"threads", c.threads},
        {"device", c.device},
    };
}

RunConfig recordedRunConfig(const nlohmann::json& j) {
    RunConfig c = runConfigFromJson(j);
    if (j.is_object() && !j.contains("ranking_order")) c.rankingOrder = kSeedRankingOrder;
    if (j.is_object() && !j.contains("input_scaling")) c.inputScaling = "none";
    return c;
}

RunConfig runConfigFromJson(const nlohmann::json& j) {
    RunConfig c;
    ObjectReader top(j, "",
                     {"passes", "min_accuracy", "max_tries", "top_k", "ranking_order", "gate", "auto_passes", "input_scaling", "loss_weights", "buffer", "index_features", "epochs",
                      "batch_size", "lr", "weight_decay", "test_size", "early_stopping", "attribution", "backbone", "seed", "threads",
                      "device"});
    top.read("passes", c.passes);
    top.read("min_accuracy", c.minAccuracy);
    top.read("max_tries", c.maxTries);
    top.read("top_k", c.topK);
    top.read("ranking_order", c.rankingOrder);
    top.read("buffer", c.buffer);
    top.read("input_scaling", c.inputScaling);
    top.read("loss_weights", c.lossWeights);
    if (const json* g = top.find("gate")) {
        ObjectReader r(*g, "gate", {"kind", "alpha"});
        r.read("kind", c.gate.kind);
        r.read("alpha", c.gate.alpha);
    }
    if (const json* a = top.find("auto_passes")) {
        ObjectReader r(*a, "auto_passes", {"enabled", "target", "min_passes", "max_passes"});
        r.read("enabled", c.autoPasses.enabled);
        r.read("target", c.autoPasses.target);
        r.read("min_passes", c.autoPasses.minPasses);
        r.read("max_passes", c.autoPasses.maxPasses);
    }
    top.read("index_features", c.indexFeatures);
    top.read("epochs", c.epochs);
    top.read("batch_size", c.batchSize);
    top.read("lr", c.lr);
    top.read("weight_decay", c.weightDecay);
    top.read("test_size", c.testFraction);
    top.read("seed", c.seed);
    top.read("threads", c.threads);
    top.read("device", c.device);
    if (const json* e = top.find("early_stopping")) {
        ObjectReader r(*e, "early_stopping", {"enabled", "patience", "min_epochs", "min_delta", "val_size"});
        r.read("enabled", c.earlyStop.enabled);
        r.read("patience", c.earlyStop.patience);
        r.read("min_epochs", c.earlyStop.minEpochs);
        r.read("min_delta", c.earlyStop.minDelta);
        r.read("val_size", c.earlyStop.valFraction);
    }
    if (const json* a = top.find("attribution")) {
        ObjectReader r(*a, "attribution",
                       {"method", "samples", "cells", "ig_steps", "internal_batch", "ig_method", "baseline", "aggregate"});
        r.read("method", c.attribution.method);
        r.read("cells", c.attribution.cells);
        r.read("samples", c.attribution.samples);
        r.read("ig_steps", c.attribution.igSteps);
        r.read("internal_batch", c.attribution.internalBatch);
        r.read("ig_method", c.attribution.igMethod);
        r.read("baseline", c.attribution.baseline);
        r.read("aggregate", c.attribution.aggregate);
    }
    if (const json* b = top.find("backbone")) {
        ObjectReader r(*b, "backbone", {"kind", "img_size", "in_chans", "extra"});
        r.read("kind", c.backbone.kind);
        r.read("img_size", c.backbone.imgSize);
        r.read("in_chans", c.backbone.inChans);
        r.readObject("extra", c.backbone.extra);
    }
    return c;
}

namespace {

// "line L, column C" of a byte offset (nlohmann reports the 1-based byte it stopped at).
std::string lineAndColumn(const std::string& text, size_t byte) {
    size_t line = 1, column = 1;
    for (size_t i = 0; i + 1 < byte && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// nlohmann's message without its "[json.exception...] parse error at ...: " preamble.
std::string parseDetail(const std::string& what) {
    const size_t at = what.find("parse error");
    const size_t colon = at == std::string::npos ? std::string::npos : what.find(": ", at);
    return colon == std::string::npos ? what : what.substr(colon + 2);
}

}  // namespace

RunConfig loadRunConfig(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError("cannot read the run configuration '" + path + "': the file does not exist or is not readable");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    json j;
    try {
        j = json::parse(text);
    } catch (const json::parse_error& e) {
        throw ConfigError("run configuration '" + path + "', " + lineAndColumn(text, e.byte) +
                          ": not valid JSON (" + parseDetail(e.what()) + ")");
    }
    try {
        RunConfig c = runConfigFromJson(j);
        c.validate();
        return c;
    } catch (const ConfigError& e) {
        // "run configuration: X" -> "run configuration 'file': X"
        std::string message = e.what();
        const std::string prefix = "run configuration: ";
        if (message.compare(0, prefix.size(), prefix) == 0) message.erase(0, prefix.size());
        throw ConfigError("run configuration '" + path + "': " + message);
    }
}

void saveRunConfig(const RunConfig& c, const std::string& path) {
    const std::string text = toJson(c).dump(2) + "\n";
    writeFileAtomically(path, [&](std::ostream& out) { out << text; });
}

}  // namespace dm
