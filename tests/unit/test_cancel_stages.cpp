// A stop lands inside each long stage, not only between its big steps, and keeps what it
// should: input preparation (the loaded dataset untouched), the PCA of the embedding
// (inside its products), the VAE (inside a batch's backward), the held-out evaluation of
// evaluateEnsemble (the finished arrangements vote) and the linear baseline (inside its
// Newton steps). The stops are placed by counting interruption points, so nothing here
// depends on time. bench/bench_cancel_stages measures the latencies.
#include "analysis/linear_baseline.h"
#include "analysis/pca.h"
#include "common/error.h"
#include "common/interrupt.h"
#include "data/data_selection.h"
#include "data/preprocess.h"
#include "data/synthetic.h"
#include "engine/embedding.h"
#include "engine/evaluate.h"
#include "engine/runner.h"
#include "models/conv_vae.h"

#include "tiny_input.h"

#include <QTest>

#include <functional>

using namespace dm;

namespace {

Dataset counts(int64_t cells, int64_t genes) {
    SyntheticSpec spec;
    spec.cells = cells;
    spec.genes = genes;
    spec.seed = 9;
    return generateSynthetic(spec).dataset;
}

// A scope that lets `allowed` interruption points pass and stops at the next one.
struct StopAt {
    int64_t allowed = 0, reached = 0;
    bool operator()() { return ++reached > allowed; }
};

// Runs `work` with a stop at the k-th interruption point for k = 1, 2, ... until it
// finishes without reaching a stop. Returns how many points a whole call reaches; every
// stopped call must have thrown Cancelled (anything else fails the test).
int64_t stopAtEveryPoint(const std::function<void()>& work, const std::function<void()>& afterStop = {},
                         int64_t maxPoints = 100000) {
    for (int64_t k = 0; k < maxPoints; ++k) {
        StopAt stop{k};
        bool cancelled = false;
        {
            const InterruptScope scope([&stop] { return stop(); });
            try {
                work();
            } catch (const Cancelled&) {
                cancelled = true;
            }
        }
        if (!cancelled) return k;
        if (afterStop) afterStop();
    }
    return -1;
}

}  // namespace

class TestCancelStages : public QObject {
    Q_OBJECT
private slots:
    // The stopped preparation leaves the loaded dataset as it was; a full one after it gives
    // the same numbers as one never stopped.
    void prepareInputStopsAndKeepsTheDataset() {
        const Dataset loaded = counts(3000, 60);  // raw counts: normalized, 3 blocks of rows
        const std::vector<float> before = loaded.X.values;
        DataSelection s;
        s.labelColumn = kSyntheticLabelColumn;
        const PreparedData reference = prepareInput(loaded, s);
        QVERIFY(reference.normalized);
        const int64_t points = stopAtEveryPoint([&] { prepareInput(loaded, s); },
                                                [&] { QVERIFY(loaded.X.values == before); });
        // Between the steps and inside the passes over the rows (counts check,
        // normalization, finiteness: 3 blocks each).
        QVERIFY2(points >= 9, qPrintable(QString::number(points)));
        QVERIFY(prepareInput(loaded, s).dataset.X.values == reference.dataset.X.values);
    }

    void normalizationStops() {
        Dataset d = counts(50, 100);
        const InterruptScope scope([] { return true; });
        QVERIFY_THROWS_EXCEPTION(Cancelled, normalizeTotalLog1p(d.X));
        QVERIFY_THROWS_EXCEPTION(Cancelled, looksLikeCounts(d.X));
        QVERIFY_THROWS_EXCEPTION(Cancelled, checkFinite(d.X, "the matrix"));
    }

    // The randomized PCA stops inside its products (blocks of rows), and its numbers do not
    // depend on a scope that never stops.
    void pcaStopsInsideItsProducts() {
        Dataset d = counts(4500, 300);  // 3 blocks of rows
        normalizeTotalLog1p(d.X);
        PcaOptions o;
        o.components = 5;
        o.exactMaxGenes = 100;  // the randomized path
        o.powerIterations = 2;
        const PcaResult plain = pca(d.X, o);
        const int64_t points = stopAtEveryPoint([&] { pca(d.X, o); });
        // toEigen 3 + first product 3 + 2 power iterations x 6 + B^T 3 + scores 3, and the SVD.
        QVERIFY2(points >= 24, qPrintable(QString::number(points)));
        PcaResult scoped;
        {
            const InterruptScope never([] { return false; });
            scoped = pca(d.X, o);
        }
        QVERIFY(scoped.scores == plain.scores);
        QVERIFY(scoped.components == plain.components);
    }

    // A stop asked while backward() runs comes out of it as Cancelled (the hook of a marked
    // activation throws; LibTorch rethrows it unchanged), so the VAE can stop inside a batch.
    void vaeBackwardStops() {
        ConvVaeOptions vo;
        vo.side = 12;
        vo.width = 4;
        vo.latent = 3;
        torch::manual_seed(1);
        ConvVae model(vo);
        const torch::Tensor x = torch::rand({4, 1, 12, 12});
        const torch::Tensor loss = (model->reconstruct(x) - x).pow(2).sum();
        const InterruptScope scope([] { return true; });
        QVERIFY_THROWS_EXCEPTION(Cancelled, loss.backward());
    }

    // embedCells reaches the layers' points: a stop at any of them ends the embedding with
    // Cancelled, never another error, and a full embedding after them is the same.
    void embeddingStopsInsideABatch() {
        Dataset d = counts(40, 100);
        normalizeTotalLog1p(d.X);
        EmbeddingOptions o;
        o.epochs = 1;
        o.batchSize = 40;  // one batch: every point but the first lies inside it
        o.width = 4;
        o.latent = 2;
        o.threads = 1;
        const EmbeddingResult plain = embedCells(d.X, o);
        // Without a token embedCells leaves the caller's scope in force: count its points.
        const int64_t points = stopAtEveryPoint([&] { embedCells(d.X, o); });
        // In the one batch: 6 layers forward, the loss, 6 hooks in backward, after it.
        QVERIFY2(points >= 14, qPrintable(QString::number(points)));
        CancelToken already;
        already.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, embedCells(d.X, o, nullptr, &already));
        QCOMPARE(embedCells(d.X, o).latent, plain.latent);
    }

    // A stop asked when the 2nd arrangement's training has ended lands in its held-out
    // evaluation: the 1st arrangement's vote is kept, the 2nd is dropped.
    void evaluationStopsInsideTheHeldOutEvaluation() {
        SyntheticSpec spec;
        spec.cells = 240;
        spec.genes = 120;
        spec.seed = 5;
        const test::TinyInput t = test::tinyInput(spec, test::TinyScale::normalizeTotal);
        RunConfig c;
        c.passes = 3;
        c.epochs = 2;
        c.earlyStop.enabled = false;
        c.threads = 1;
        struct StopAfterTraining : RunObserver {
            CancelToken* cancel = nullptr;
            int lastEpoch = 0;
            void epochFinished(const EpochEvent& e) override {
                if (e.tryIndex == 1 && e.epoch == lastEpoch) cancel->cancel();
            }
        } obs;
        CancelToken cancel;
        obs.cancel = &cancel;
        obs.lastEpoch = c.epochs - 1;
        const EvaluationResult r = evaluateEnsemble(t.input, c, &obs, &cancel);
        QVERIFY(r.partial);
        QCOMPARE(r.passAccuracy.size(), size_t(1));
        QCOMPARE(r.yPred.size(), r.testCells.size());
    }

    // The linear baseline stops at every one of its points (each objective evaluation, each
    // conjugate-gradient iteration of a Newton step, between the passes over the matrix)
    // with Cancelled: a stop inside LibTorch's L-BFGS closure comes out unchanged.
    void linearBaselineStopsAtEveryPoint() {
        const test::TinyInput t = test::tinyInput([] {
            SyntheticSpec spec;
            spec.cells = 120;
            spec.genes = 100;
            spec.seed = 2;
            return spec;
        }());
        const LinearBaselineResult plain =
            fitLinearBaseline(*t.input.X, t.input.y, t.input.classes, t.input.featureNames);
        QVERIFY(plain.newtonIterations > 0);
        const int64_t points = stopAtEveryPoint(
            [&] { fitLinearBaseline(*t.input.X, t.input.y, t.input.classes, t.input.featureNames); });
        QVERIFY2(points > plain.iterations + plain.newtonIterations, qPrintable(QString::number(points)));
    }
};

QTEST_MAIN(TestCancelStages)
#include "test_cancel_stages.moc"
