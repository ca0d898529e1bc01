// Pseudo-image batches with the backbone's in_chans: the one gene plane repeated in every
// channel, so --in-chans 3 trains and attributes instead of failing inside LibTorch.
#include "common/error.h"
#include "data/dataset.h"
#include "data/synthetic.h"
#include "engine/evaluate.h"
#include "engine/runner.h"
#include "mapping/arrangement.h"
#include "train/image_batcher.h"

#include "tiny_input.h"

#include <QTest>

#include <cmath>

using namespace dm;

namespace {

using Tiny = test::TinyInput;

Tiny tinyData() {
    SyntheticSpec spec;
    spec.cells = 120;
    spec.genes = 120;
    spec.markersPerClass = 4;
    spec.chordPerClass = 2;
    spec.seed = 9;
    return test::tinyInput(spec);
}

RunConfig threeChannels() {
    RunConfig c;
    c.passes = 1;
    c.epochs = 1;
    c.batchSize = 32;
    c.earlyStop.enabled = false;
    c.attribution.samples = 8;
    c.attribution.igSteps = 4;
    c.attribution.internalBatch = 4;
    c.topK = 5;
    c.threads = 1;
    c.backbone.kind = "cnn_small";  // an image backbone: the default mlp reads the genes directly
    c.backbone.inChans = 3;
    // One try must be enough here: the default binomial gate may reject a 1-epoch pass and
    // take a second try; the floor gate at 0 keeps this test about the channels.
    c.gate.kind = "floor";
    c.minAccuracy = 0.0;
    return c;
}

}  // namespace

class TestImageBatcher : public QObject {
    Q_OBJECT
private slots:
    void everyChannelHoldsTheGenePlane() {
        const Tiny t = tinyData();
        const int64_t side = squareDim(t.data.dataset.genes());
        const auto pixels = inversePermutation(cpythonPermutation(t.data.dataset.genes(), 3));
        ImageBatcher one(t.data.dataset.X, pixels, side, 16, torch::Device(torch::kCPU));
        ImageBatcher three(t.data.dataset.X, pixels, side, 16, torch::Device(torch::kCPU), 3);
        const std::vector<int64_t> rows{0, 5, 17, 42};
        const torch::Tensor plane = one.images(rows.data(), 4).clone();
        const torch::Tensor rgb = three.images(rows.data(), 4);
        QCOMPARE(rgb.size(1), int64_t(3));
        QVERIFY(plane.abs().sum().item<double>() > 0);
        for (int64_t c = 0; c < 3; ++c) QVERIFY(torch::equal(rgb.narrow(1, c, 1), plane));
        const torch::Tensor copy = three.imagesCopy(rows);
        QCOMPARE(copy.size(1), int64_t(3));
        QVERIFY(torch::equal(copy, rgb));
    }

    void runTrainsWithThreeChannels() {
        const Tiny t = tinyData();
        const Findings f = runDeepMapper(t.input, threeChannels());
        QCOMPARE(f.tries, 1);
        QCOMPARE(f.passes.size(), size_t(1));
        QCOMPARE(f.passes[0].geneImportance.size(), size_t(t.data.dataset.genes()));
    }

    void evaluationTrainsWithThreeChannels() {
        const Tiny t = tinyData();
        const EvaluationResult r = evaluateEnsemble(t.input, threeChannels());
        QCOMPARE(r.passAccuracy.size(), size_t(1));
        QCOMPARE(r.yPred.size(), r.testCells.size());
    }

    void zeroChannelsRefused() {
        const Tiny t = tinyData();
        QVERIFY_THROWS_EXCEPTION(ConfigError, ImageBatcher(t.data.dataset.X, {}, 8, 4, torch::Device(torch::kCPU), 0));
    }
};

QTEST_GUILESS_MAIN(TestImageBatcher)
#include "test_image_batcher.moc"
