// Run configuration: the seed's defaults, JSON round trip, and errors that name the field.
#include "common/error.h"
#include "engine/presets.h"
#include "engine/run_config.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <functional>
#include <sstream>

using namespace dm;
using nlohmann::json;

namespace {
RunConfig everythingChanged() {
    RunConfig c;
    c.passes = 7;
    c.minAccuracy = 0.85;
    c.maxTries = 40;
    c.topK = 50;
    c.buffer = 3;
    c.indexFeatures = true;
    c.epochs = 60;
    c.batchSize = 128;
    c.lr = 3.5e-4;
    c.testFraction = 0.2;
    c.earlyStop = {false, 5, 10, 0.01, 0.1};
    c.attribution = {"saliency", 32, 50, 8, "riemann_trapezoid", "zero", "abs"};
    c.gate = {"floor", 0.01};
    c.autoPasses = {true, 0.8, 3, 12};
    c.inputScaling = "scale";
    c.lossWeights = "balanced";
    c.rankingOrder = "mean_rank";
    c.weightDecay = 0.02;
    c.attribution.cells = "all";
    c.backbone.kind = "vit_cct";
    c.backbone.imgSize = 64;
    c.backbone.inChans = 3;
    c.backbone.extra = json{{"depth", 4}, {"widths", {8, 16}}};
    c.seed = 123456789012345ULL;
    c.threads = 2;
    c.device = "cuda";
    return c;
}

// The message of the ConfigError `f` throws ("" if none).
std::string configErrorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

bool mentions(const std::string& message, const std::string& part) { return message.find(part) != std::string::npos; }

void writeText(const std::string& path, const std::string& text) { std::ofstream(path) << text; }
}  // namespace

class TestRunConfig : public QObject {
    Q_OBJECT
private slots:
    void seedDefaults() {
        const RunConfig c = seedRunConfig();
        QCOMPARE(c.gate.kind, std::string("floor"));
        QCOMPARE(c.inputScaling, std::string("none"));
        QCOMPARE(c.lossWeights, std::string("none"));
        QCOMPARE(c.rankingOrder, std::string("frequency"));
        QCOMPARE(RunConfig{}.rankingOrder, std::string("median_importance"));
        QCOMPARE(c.weightDecay, 0.0);
        QCOMPARE(c.attribution.cells, std::string("held_out"));
        QCOMPARE(c.attribution.baseline, std::string("zero"));
        QCOMPARE(c.attribution.aggregate, std::string("abs"));
        QCOMPARE(RunConfig{}.attribution.aggregate, std::string("class_abs"));
        QVERIFY(!c.autoPasses.enabled);
        QCOMPARE(toJson(presetConfig("seed")).dump(), toJson(c).dump());
        QVERIFY_THROWS_EXCEPTION(ConfigError, presetConfig("sead"));
        QCOMPARE(c.passes, 30);
        QCOMPARE(c.minAccuracy, 0.0);
        QCOMPARE(c.maxTries, 0);
        QCOMPARE(c.effectiveMaxTries(), 90);
        QCOMPARE(c.topK, 20);
        QCOMPARE(c.buffer, 0);
        QCOMPARE(c.epochs, 20);
        QCOMPARE(c.batchSize, 64);
        QCOMPARE(c.lr, 1e-3);
        QCOMPARE(c.testFraction, 0.25);
        QVERIFY(c.earlyStop.enabled);
        QCOMPARE(c.earlyStop.patience, 20);
        QCOMPARE(c.earlyStop.minEpochs, 40);
        QCOMPARE(c.earlyStop.minDelta, 1e-3);
        QCOMPARE(c.earlyStop.valFraction, 0.15);
        QCOMPARE(c.attribution.method, std::string("integrated_gradients"));
        QCOMPARE(c.attribution.samples, 64);
        QCOMPARE(c.attribution.igSteps, 32);
        QCOMPARE(c.attribution.internalBatch, 16);
        QCOMPARE(c.attribution.igMethod, std::string("gausslegendre"));
        QCOMPARE(c.backbone.kind, std::string("cnn_small"));
        QCOMPARE(c.device, std::string("cpu"));
        c.validate();
    }

    void jsonKeysAreSnakeCase() {
        const json j = toJson(RunConfig{});
        for (const char* k : {"passes", "min_accuracy", "max_tries", "top_k", "ranking_order", "gate", "auto_passes", "input_scaling",
                              "loss_weights", "buffer", "index_features", "epochs", "batch_size", "lr", "weight_decay", "test_size", "early_stopping",
                              "attribution", "backbone", "seed", "threads", "device"})
            QVERIFY2(j.contains(k), k);
        QCOMPARE(j.size(), size_t{22});
        QCOMPARE(j["attribution"]["cells"].get<std::string>(), RunConfig{}.attribution.cells);
        QCOMPARE(j["attribution"]["baseline"].get<std::string>(), RunConfig{}.attribution.baseline);
        QCOMPARE(j["early_stopping"]["val_size"].get<double>(), 0.15);
        QCOMPARE(j["attribution"]["internal_batch"].get<int>(), 16);
        QCOMPARE(j["backbone"]["in_chans"].get<int>(), 1);
    }

    void roundTrip() {
        const RunConfig c = everythingChanged();
        c.validate();
        const json j = toJson(c);
        const RunConfig back = runConfigFromJson(j);
        QCOMPARE(toJson(back).dump(), j.dump());
        QCOMPARE(back.lr, 3.5e-4);
        QCOMPARE(back.weightDecay, 0.02);
        QCOMPARE(back.attribution.cells, std::string("all"));
        QCOMPARE(back.seed, uint64_t{123456789012345ULL});
        QCOMPARE(back.earlyStop.valFraction, 0.1);
        QCOMPARE(back.attribution.igMethod, std::string("riemann_trapezoid"));
        QCOMPARE(back.backbone.extra["widths"][1].get<int>(), 16);
        // Through text as well (a seed above 2^63 must survive).
        RunConfig big = c;
        big.seed = 18446744073709551615ULL;
        QCOMPARE(runConfigFromJson(json::parse(toJson(big).dump())).seed, big.seed);
    }

    void fileRoundTrip() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("run.json").toStdString();
        saveRunConfig(everythingChanged(), path);
        std::ifstream in(path);
        std::stringstream text;
        text << in.rdbuf();
        QVERIFY(mentions(text.str(), "\n  \"passes\": 7"));  // pretty-printed
        QCOMPARE(toJson(loadRunConfig(path)).dump(), toJson(everythingChanged()).dump());
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1);  // no temporary left behind
    }

    void missingKeysKeepDefaults() {
        const RunConfig c = runConfigFromJson(json{{"passes", 5}, {"early_stopping", {{"patience", 3}}}});
        QCOMPARE(c.passes, 5);
        QCOMPARE(c.earlyStop.patience, 3);
        QCOMPARE(c.earlyStop.minEpochs, RunConfig{}.earlyStop.minEpochs);
        QCOMPARE(c.topK, 20);
        QCOMPARE(c.attribution.samples, RunConfig{}.attribution.samples);
        QCOMPARE(runConfigFromJson(json::object()).epochs, RunConfig{}.epochs);
        QCOMPARE(toJson(runConfigFromJson(json::object())).dump(), toJson(defaultRunConfig()).dump());
    }

    // A run recorded before ranking_order existed was ordered by selection frequency: reopened
    // or merged, it keeps that order; a user's configuration file gets today's default.
    void recordedConfigKeepsItsRankingOrder() {
        json old = toJson(RunConfig{});
        old.erase("ranking_order");
        QCOMPARE(recordedRunConfig(old).rankingOrder, std::string("frequency"));
        QCOMPARE(runConfigFromJson(old).rankingOrder, RunConfig{}.rankingOrder);
        RunConfig c;
        c.rankingOrder = "mean_rank";
        QCOMPARE(recordedRunConfig(toJson(c)).rankingOrder, std::string("mean_rank"));
        // Records from before input scaling existed were read unscaled; a recorded
        // "standardize" (the default before "rank") stays.
        old.erase("input_scaling");
        QCOMPARE(recordedRunConfig(old).inputScaling, std::string("none"));
        c.inputScaling = "standardize";
        QCOMPARE(recordedRunConfig(toJson(c)).inputScaling, std::string("standardize"));
    }

    void unknownKeysRefused() {
        std::string m = configErrorOf([] { runConfigFromJson(json{{"pases", 5}}); });
        QVERIFY2(mentions(m, "\"pases\"") && mentions(m, "passes") && mentions(m, "min_accuracy"), m.c_str());
        m = configErrorOf([] { runConfigFromJson(json{{"early_stopping", {{"patiense", 3}}}}); });
        QVERIFY2(mentions(m, "early_stopping.patiense") && mentions(m, "min_epochs"), m.c_str());
        m = configErrorOf([] { runConfigFromJson(json{{"backbone", {{"knd", "x"}}}}); });
        QVERIFY2(mentions(m, "backbone.knd") && mentions(m, "in_chans"), m.c_str());
    }

    void wrongTypesRefused() {
        const std::vector<std::pair<json, std::string>> cases = {
            {json{{"epochs", "20"}}, "epochs"},
            {json{{"epochs", 2.5}}, "epochs"},
            {json{{"epochs", 1e12}}, "epochs"},
            {json{{"passes", 10000000000LL}}, "passes"},
            {json{{"lr", "fast"}}, "lr"},
            {json{{"index_features", 1}}, "index_features"},
            {json{{"device", 0}}, "device"},
            {json{{"seed", -1}}, "seed"},
            {json{{"early_stopping", 5}}, "early_stopping"},
            {json{{"early_stopping", {{"enabled", "yes"}}}}, "early_stopping.enabled"},
            {json{{"attribution", {{"samples", nullptr}}}}, "attribution.samples"},
            {json{{"backbone", {{"extra", json::array()}}}}, "backbone.extra"},
            {json::array(), "object"},
        };
        for (const auto& [j, field] : cases) {
            const std::string m = configErrorOf([&] { runConfigFromJson(j); });
            QVERIFY2(mentions(m, field), (j.dump() + " -> '" + m + "'").c_str());
        }
    }

    void badValuesNameFieldAndRange() {
        const std::vector<std::pair<std::function<void(RunConfig&)>, std::string>> cases = {
            {[](RunConfig& c) { c.passes = 0; }, "\"passes\" is 0"},
            {[](RunConfig& c) { c.minAccuracy = 1.5; }, "\"min_accuracy\" is 1.5"},
            {[](RunConfig& c) { c.minAccuracy = -0.1; }, "min_accuracy"},
            {[](RunConfig& c) { c.maxTries = 10; }, "\"max_tries\" is 10"},
            {[](RunConfig& c) { c.maxTries = -1; }, "max_tries"},
            {[](RunConfig& c) { c.topK = 0; }, "top_k"},
            {[](RunConfig& c) { c.buffer = -2; }, "buffer"},
            {[](RunConfig& c) { c.epochs = 0; }, "epochs"},
            {[](RunConfig& c) { c.batchSize = 0; }, "batch_size"},
            {[](RunConfig& c) { c.lr = 0; }, "\"lr\" is 0"},
            {[](RunConfig& c) { c.testFraction = 1.0; }, "test_size"},
            {[](RunConfig& c) { c.testFraction = 0.0; }, "test_size"},
            {[](RunConfig& c) { c.earlyStop.patience = -1; }, "early_stopping.patience"},
            {[](RunConfig& c) { c.earlyStop.minEpochs = -1; }, "early_stopping.min_epochs"},
            {[](RunConfig& c) { c.earlyStop.minDelta = -1e-3; }, "early_stopping.min_delta"},
            {[](RunConfig& c) { c.earlyStop.valFraction = 0.0; }, "early_stopping.val_size"},
            {[](RunConfig& c) { c.testFraction = 0.9; c.earlyStop.valFraction = 0.6; }, "for training"},
            {[](RunConfig& c) { c.attribution.method = "lime"; }, "\"attribution.method\" is \"lime\""},
            {[](RunConfig& c) { c.attribution.samples = 0; }, "attribution.samples"},
            {[](RunConfig& c) { c.attribution.baseline = "blur"; }, "attribution.baseline"},
            {[](RunConfig& c) { c.attribution.aggregate = "max"; }, "attribution.aggregate"},
            {[](RunConfig& c) { c.gate.kind = "t"; }, "gate.kind"},
            {[](RunConfig& c) { c.lossWeights = "inverse"; }, "loss_weights"},
            {[](RunConfig& c) { c.rankingOrder = "borda"; }, "ranking_order"},
            {[](RunConfig& c) { c.weightDecay = -1e-4; }, "weight_decay"},
            {[](RunConfig& c) { c.weightDecay = 2.0; }, "weight_decay"},
            {[](RunConfig& c) { c.attribution.cells = "train"; }, "attribution.cells"},
            {[](RunConfig& c) { c.gate.alpha = 1.0; }, "gate.alpha"},
            {[](RunConfig& c) { c.autoPasses.minPasses = 1; }, "auto_passes.min_passes"},
            {[](RunConfig& c) { c.autoPasses.maxPasses = 2; }, "auto_passes.max_passes"},
            {[](RunConfig& c) { c.inputScaling = "log"; }, "input_scaling"},
            {[](RunConfig& c) { c.attribution.igSteps = 1; }, "attribution.ig_steps"},
            {[](RunConfig& c) { c.attribution.internalBatch = 0; }, "attribution.internal_batch"},
            {[](RunConfig& c) { c.attribution.igMethod = "simpson"; }, "attribution.ig_method"},
            {[](RunConfig& c) { c.backbone.kind = ""; }, "backbone.kind"},
            {[](RunConfig& c) { c.backbone.inChans = 0; }, "backbone.in_chans"},
            {[](RunConfig& c) { c.backbone.imgSize = -1; }, "backbone.img_size"},
            {[](RunConfig& c) { c.threads = -1; }, "threads"},
            {[](RunConfig& c) { c.device = "tpu"; }, "\"device\" is \"tpu\""},
        };
        for (const auto& [mutate, expected] : cases) {
            RunConfig c;
            mutate(c);
            const std::string m = configErrorOf([&] { c.validate(); });
            QVERIFY2(mentions(m, expected), ("expected '" + expected + "' in '" + m + "'").c_str());
        }
        RunConfig ok;
        ok.maxTries = ok.passes;  // exactly passes is allowed
        ok.minAccuracy = 1.0;
        ok.validate();
    }

    void fileErrorsNameFileAndLine() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("broken.json").toStdString();
        writeText(path, "{\n  \"passes\": 3,\n  \"epochs\" 4\n}\n");
        std::string m = configErrorOf([&] { loadRunConfig(path); });
        QVERIFY2(mentions(m, path) && mentions(m, "line 3"), m.c_str());

        writeText(path, "{\"passes\": 0}");
        m = configErrorOf([&] { loadRunConfig(path); });
        QVERIFY2(mentions(m, path) && mentions(m, "passes"), m.c_str());

        QVERIFY_THROWS_EXCEPTION(InputError, loadRunConfig(dir.filePath("missing.json").toStdString()));
    }
};

QTEST_GUILESS_MAIN(TestRunConfig)
#include "test_run_config.moc"
