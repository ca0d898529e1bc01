// The iterate-N runner end to end on tiny planted data: findings, observer events, gate
// and max_tries, cancel, determinism.
#include "common/error.h"
#include "data/dataset.h"
#include "data/synthetic.h"
#include "engine/runner.h"

#include "tiny_input.h"

#include <QTest>

#include <cmath>

using namespace dm;

namespace {

using Tiny = test::TinyInput;

Tiny tinyData(bool shuffleLabels = false) {
    SyntheticSpec spec;
    spec.cells = 240;
    spec.genes = 120;
    spec.markersPerClass = 4;
    spec.chordPerClass = 2;
    spec.seed = 5;
    Tiny t = test::tinyInput(spec);
    if (shuffleLabels)
        for (size_t i = 0; i < t.input.y.size(); ++i) t.input.y[i] = static_cast<int64_t>((i * 7919) % 3);
    return t;
}

RunConfig tinyConfig() {
    RunConfig c;
    c.passes = 2;
    c.epochs = 3;
    c.batchSize = 32;
    c.lr = 3e-3;
    c.earlyStop.minEpochs = 0;
    c.earlyStop.patience = 2;
    c.attribution.samples = 16;
    c.attribution.igSteps = 8;
    c.attribution.internalBatch = 8;
    c.topK = 10;
    c.threads = 1;
    return c;
}

struct CountingObserver : RunObserver {
    int started = 0, epochs = 0, finished = 0, done = 0;
    int64_t side = 0;
    size_t mapSize = 0;
    CancelToken* cancelAfterFirst = nullptr;
    void passStarted(int, uint64_t) override { ++started; }
    void epochFinished(const EpochEvent&) override { ++epochs; }
    void passFinished(const PassEvent& e) override {
        ++finished;
        side = e.side;
        mapSize = e.pixelMap->size();
        if (cancelAfterFirst) cancelAfterFirst->cancel();
    }
    void runFinished(const Findings&) override { ++done; }
};

}  // namespace

class TestRunner : public QObject {
    Q_OBJECT
private slots:
    void runsAndReports() {
        Tiny t = tinyData();
        CountingObserver obs;
        const Findings f = runDeepMapper(t.input, tinyConfig(), &obs);
        QCOMPARE(f.accepted, 2);
        QCOMPARE(f.tries, 2);
        QVERIFY(!f.partial);
        QCOMPARE(f.selectionFrequency.size(), size_t(120));
        QCOMPARE(obs.started, 2);
        QCOMPARE(obs.finished, 2);
        QCOMPARE(obs.done, 1);
        QVERIFY(obs.epochs >= 2 && obs.epochs <= 6);
        QCOMPARE(obs.side, 11);  // 11*11 = 121 >= 120
        QCOMPARE(obs.mapSize, size_t(121));
        const auto top = f.ranking(10);
        QCOMPARE(top.size(), size_t(10));
        QVERIFY(top.front().selectionFrequency > 0);
        for (const auto& p : f.passes) {
            QVERIFY(p.accuracy >= 0 && p.accuracy <= 1);
            QCOMPARE(p.geneImportance.size(), size_t(120));
        }
    }
    void deterministic() {
        Tiny t = tinyData();
        const Findings a = runDeepMapper(t.input, tinyConfig());
        const Findings b = runDeepMapper(t.input, tinyConfig());
        QCOMPARE(a.selectionFrequency, b.selectionFrequency);
        QCOMPARE(a.medianImportance, b.medianImportance);
        QCOMPARE(a.passes[1].accuracy, b.passes[1].accuracy);
    }
    // "rank" reads only the order of each gene's values: squaring every value (a monotone
    // change) leaves the run unchanged, where the z-scored run changes.
    void rankScalingReadsOnlyTheOrder() {
        for (const char* scaling : {"rank", "standardize"}) {
            Tiny t = tinyData();
            RunConfig c = tinyConfig();
            c.inputScaling = scaling;
            const Findings plain = runDeepMapper(t.input, c);
            for (float& v : t.data.dataset.X.values) v = v * v;
            const Findings squared = runDeepMapper(t.input, c);
            QCOMPARE(plain.accepted, 2);
            const bool same = plain.medianImportance == squared.medianImportance;
            QCOMPARE(same, std::string(scaling) == "rank");
        }
    }
    void gateAndMaxTries() {
        Tiny t = tinyData(/*shuffleLabels=*/true);
        RunConfig c = tinyConfig();
        c.minAccuracy = 0.99;  // random labels never reach this
        c.maxTries = 3;
        c.epochs = 1;
        const Findings f = runDeepMapper(t.input, c);
        QCOMPARE(f.accepted, 0);
        QCOMPARE(f.tries, 3);
        QVERIFY(f.partial);
        for (const auto& p : f.passes) QVERIFY(!p.accepted);
    }
    void cancelKeepsAcceptedPasses() {
        Tiny t = tinyData();
        RunConfig c = tinyConfig();
        c.passes = 5;
        CancelToken cancel;
        CountingObserver obs;
        obs.cancelAfterFirst = &cancel;
        const Findings f = runDeepMapper(t.input, c, &obs, &cancel);
        QVERIFY(f.partial);
        QCOMPARE(f.accepted, 1);
        QCOMPARE(obs.done, 1);
    }
    void badInputIsRefused() {
        Tiny t = tinyData();
        t.input.y.pop_back();
        QVERIFY_THROWS_EXCEPTION(InputError, runDeepMapper(t.input, tinyConfig()));
        Tiny u = tinyData();
        RunConfig c = tinyConfig();
        c.backbone.kind = "no_such_backbone";
        QVERIFY_THROWS_EXCEPTION(ConfigError, runDeepMapper(u.input, c));
    }
};

QTEST_GUILESS_MAIN(TestRunner)
#include "test_runner.moc"
