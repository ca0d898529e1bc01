// Arrangement-ensembled evaluation on tiny planted data: one fixed split, averaged softmax,
// metrics consistent with the predictions, observer events, determinism, cancel.
#include "engine/evaluate.h"
#include "common/error.h"
#include "data/preprocess.h"
#include "data/synthetic.h"
#include "train/split.h"

#include "tiny_input.h"

#include <QTest>

#include <cmath>

using namespace dm;

namespace {

using Tiny = test::TinyInput;

Tiny tinyData() {
    SyntheticSpec spec;
    spec.cells = 240;
    spec.genes = 120;
    spec.markersPerClass = 6;
    spec.markerFoldChange = 6.0;
    spec.chordPerClass = 2;
    spec.seed = 5;
    return test::tinyInput(spec, test::TinyScale::normalizeTotal);
}

RunConfig tinyConfig() {
    RunConfig c;
    c.passes = 3;
    c.epochs = 4;
    c.batchSize = 32;
    c.lr = 3e-3;
    c.earlyStop.minEpochs = 0;
    c.earlyStop.patience = 2;
    c.threads = 1;
    c.seed = 11;
    return c;
}

struct CountingObserver : RunObserver {
    int started = 0, epochs = 0, messages = 0;
    CancelToken* cancelAfterFirst = nullptr;
    void passStarted(int, uint64_t) override { ++started; }
    void epochFinished(const EpochEvent&) override { ++epochs; }
    void message(const std::string&) override {
        ++messages;
        if (cancelAfterFirst) cancelAfterFirst->cancel();
    }
};

}  // namespace

class TestEvaluate : public QObject {
    Q_OBJECT
private slots:
    void ensemblesArrangements() {
        Tiny t = tinyData();
        const RunConfig cfg = tinyConfig();
        CountingObserver obs;
        const EvaluationResult r = evaluateEnsemble(t.input, cfg, &obs);
        // One split for every arrangement: the seeded stratified test split.
        const Split split = splitCells(t.input.y, 3, cfg.testFraction, cfg.earlyStop.valFraction, cfg.seed);
        QCOMPARE(r.testCells, split.test);
        QCOMPARE(r.yTrue.size(), split.test.size());
        QCOMPARE(r.passAccuracy.size(), size_t(3));
        QCOMPARE(r.passSeeds, (std::vector<uint64_t>{11, 12, 13}));
        QCOMPARE(obs.started, 3);
        QVERIFY(obs.epochs >= 3);
        QCOMPARE(obs.messages, 3);
        QVERIFY(!r.partial);
        for (size_t i = 0; i < r.yPred.size(); ++i) {
            double sum = 0, best = -1;
            int64_t arg = -1;
            for (size_t k = 0; k < 3; ++k) {
                sum += r.probabilities[i][k];
                if (r.probabilities[i][k] > best) best = r.probabilities[i][k], arg = static_cast<int64_t>(k);
            }
            QVERIFY(std::abs(sum - 1.0) < 1e-5);  // an average of softmaxes
            QCOMPARE(r.yPred[i], arg);              // the call is the argmax of the average
            QCOMPARE(r.yTrue[i], t.input.y[static_cast<size_t>(r.testCells[i])]);
        }
        QCOMPARE(r.accuracy, accuracyScore(r.yTrue, r.yPred));
        QCOMPARE(r.macroF1, r.report.macroF1);
        QCOMPARE(r.report.confusion.counts.size(), size_t(3));
        qInfo("ensembled accuracy %.3f (passes %.3f %.3f %.3f), macro F1 %.3f", r.accuracy, r.passAccuracy[0],
              r.passAccuracy[1], r.passAccuracy[2], r.macroF1);
        QVERIFY2(r.accuracy > 0.8, qPrintable(QString::number(r.accuracy)));
        // Deterministic on the CPU.
        const EvaluationResult again = evaluateEnsemble(t.input, cfg);
        QCOMPARE(again.yPred, r.yPred);
        QCOMPARE(again.passAccuracy, r.passAccuracy);
    }

    void cancelKeepsFinishedPasses() {
        Tiny t = tinyData();
        CancelToken cancel;
        CountingObserver obs;
        obs.cancelAfterFirst = &cancel;
        const EvaluationResult r = evaluateEnsemble(t.input, tinyConfig(), &obs, &cancel);
        QVERIFY(r.partial);
        QCOMPARE(r.passAccuracy.size(), size_t(1));
        QCOMPARE(r.yPred.size(), r.testCells.size());
        CancelToken already;
        already.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, evaluateEnsemble(t.input, tinyConfig(), nullptr, &already));
    }

    void refusesBadInput() {
        Tiny t = tinyData();
        t.input.y[3] = -1;
        QVERIFY_THROWS_EXCEPTION(InputError, evaluateEnsemble(t.input, tinyConfig()));
        t.input.y.pop_back();
        QVERIFY_THROWS_EXCEPTION(InputError, evaluateEnsemble(t.input, tinyConfig()));
        Tiny u = tinyData();
        RunConfig bad = tinyConfig();
        bad.passes = 0;
        QVERIFY_THROWS_EXCEPTION(ConfigError, evaluateEnsemble(u.input, bad));
    }
};

QTEST_GUILESS_MAIN(TestEvaluate)
#include "test_evaluate.moc"
