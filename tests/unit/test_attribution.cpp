// Attribution numbers on models whose answer is known in closed form (a linear model:
// IG = coef * (x - baseline), occlusion = coef * x), the quadrature rules, batching
// invariance, mode handling and the per-pixel dispatch.
#include "attribution/attribution.h"
#include "common/error.h"
#include "common/interrupt.h"
#include "models/backbone.h"

#include <QTest>

#include <cmath>

using namespace dm;

namespace {

std::unique_ptr<Backbone> build(const std::string& kind, int64_t side, int64_t classes = 3) {
    torch::manual_seed(5);
    BackboneSpec spec;
    spec.kind = kind;
    return buildBackbone(spec, classes, side);
}

// Per-sample weight rows of a linear backbone for the targets, shaped like the images.
torch::Tensor linearCoef(Backbone& m, const torch::Tensor& targets, int64_t side) {
    const auto w = m.parameters()[0].detach();  // (classes, side*side)
    return w.index_select(0, targets).view({-1, 1, side, side});
}

double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b) { return (a - b).abs().max().item<double>(); }

}  // namespace

class TestAttribution : public QObject {
    Q_OBJECT
private slots:
    void gaussLegendreRuleIsExact() {
        std::vector<double> a, w;
        igQuadrature(3, IgMethod::GaussLegendre, a, w);
        QVERIFY(std::abs(a[0] - 0.5 * (1 - std::sqrt(0.6))) < 1e-15);
        QVERIFY(std::abs(a[1] - 0.5) < 1e-15);
        QVERIFY(std::abs(w[0] - 5.0 / 18.0) < 1e-15 && std::abs(w[1] - 8.0 / 18.0) < 1e-15);
        for (int n : {1, 2, 7, 32, 64}) {
            igQuadrature(n, IgMethod::GaussLegendre, a, w);
            QCOMPARE(int(a.size()), n);
            for (int i = 1; i < n; ++i) QVERIFY(a[i] > a[i - 1]);  // ascending, as numpy's leggauss
            // Exact for polynomials of degree 2n-1 on [0, 1]: sum w a^k = 1 / (k + 1).
            for (int k = 0; k <= 2 * n - 1; ++k) {
                double s = 0;
                for (int i = 0; i < n; ++i) s += w[i] * std::pow(a[i], k);
                QVERIFY2(std::abs(s - 1.0 / (k + 1)) < 1e-13, qPrintable(QString("n=%1 k=%2").arg(n).arg(k)));
            }
        }
    }

    void trapezoidRule() {
        std::vector<double> a, w;
        igQuadrature(5, IgMethod::RiemannTrapezoid, a, w);
        // Captum 0.7's step sizes: 1/n with halved ends (they sum to (n-1)/n, not 1).
        const std::vector<double> alphas = {0, 0.25, 0.5, 0.75, 1}, weights = {0.1, 0.2, 0.2, 0.2, 0.1};
        for (int i = 0; i < 5; ++i) QVERIFY(std::abs(a[i] - alphas[i]) < 1e-15 && std::abs(w[i] - weights[i]) < 1e-15);
        QVERIFY_THROWS_EXCEPTION(ConfigError, igQuadrature(1, IgMethod::RiemannTrapezoid, a, w));
        QVERIFY_THROWS_EXCEPTION(ConfigError, igQuadrature(0, IgMethod::GaussLegendre, a, w));
    }

    void integratedGradientsOnLinearIsCoefTimesInput() {
        const int64_t side = 7;
        auto m = build("linear", side);
        const auto x = torch::randn({5, 1, side, side});
        const auto t = torch::tensor({0, 1, 2, 2, 1}, torch::kLong);
        const auto expected = linearCoef(*m, t, side) * x;
        const auto r = integratedGradients(*m, x, t, 16, 3, IgMethod::GaussLegendre);
        QVERIFY(r.attributions.sizes().equals(x.sizes()));
        QVERIFY(maxAbsDiff(r.attributions, expected) < 1e-6);
        QVERIFY(r.delta.sizes().equals({5}));
        QVERIFY(r.delta.abs().max().item<double>() < 1e-5);
        // Captum's trapezoid weights sum to (n-1)/n, so it reports exactly that shortfall.
        const auto trap = integratedGradients(*m, x, t, 16, 3, IgMethod::RiemannTrapezoid);
        QVERIFY(maxAbsDiff(trap.attributions, expected * (15.0 / 16.0)) < 1e-6);
        QVERIFY(maxAbsDiff(trap.delta, -expected.flatten(1).sum(1) / 16.0) < 1e-5);
    }

    void occlusionOnLinearIsCoefTimesInput() {
        const int64_t side = 6;
        auto m = build("linear", side);
        const auto x = torch::randn({3, 1, side, side});
        const auto t = torch::tensor({2, 0, 1}, torch::kLong);
        QVERIFY(maxAbsDiff(occlusion(*m, x, t), linearCoef(*m, t, side) * x) < 1e-5);
    }

    void gradientMethodsOnLinear() {
        const int64_t side = 5;
        auto m = build("linear", side);
        const auto x = torch::randn({4, 1, side, side});
        const auto t = torch::tensor({1, 1, 0, 2}, torch::kLong);
        const auto coef = linearCoef(*m, t, side);
        QVERIFY(maxAbsDiff(saliency(*m, x, t), coef.abs()) < 1e-7);
        QVERIFY(maxAbsDiff(inputXGradient(*m, x, t), coef * x) < 1e-7);
    }

    void integratedGradientsIsBatchInvariant() {
        const int64_t side = 9;
        auto m = build("cnn_small", side);
        const auto x = torch::rand({4, 1, side, side});
        const auto t = torch::tensor({0, 1, 2, 0}, torch::kLong);
        const auto all = integratedGradients(*m, x, t, 20, 20);
        const auto oneStep = integratedGradients(*m, x, t, 20, 1);
        const auto oddChunks = integratedGradients(*m, x, t, 20, 7);
        QVERIFY(maxAbsDiff(all.attributions, oneStep.attributions) < 1e-6);
        QVERIFY(maxAbsDiff(all.attributions, oddChunks.attributions) < 1e-6);
        // One image at a time gives the same numbers as the batch.
        const auto single = integratedGradients(*m, x.slice(0, 2, 3), t.slice(0, 2, 3), 20, 4);
        QVERIFY(maxAbsDiff(single.attributions, all.attributions.slice(0, 2, 3)) < 1e-6);
        QVERIFY(std::abs(single.delta.item<double>() - all.delta[2].item<double>()) < 1e-6);
    }

    // A stop asked while integrated gradients or occlusion run (the runner's InterruptScope
    // over a pass) ends them between chunks, not after the whole attribution.
    void attributionStopsBetweenChunks() {
        const int64_t side = 9;
        auto m = build("cnn_small", side);
        const auto x = torch::rand({4, 1, side, side});
        const auto t = torch::tensor({0, 1, 2, 0}, torch::kLong);
        int checks = 0;
        {
            const InterruptScope counting([&checks] { return ++checks < 0; });  // never stops, counts
            integratedGradients(*m, x, t, 20, 1);
        }
        QVERIFY2(checks >= 20, qPrintable(QString::number(checks)));  // one check per chunk of 1 step
        checks = 0;
        {
            const InterruptScope stopAtThird([&checks] { return ++checks >= 3; });
            QVERIFY_THROWS_EXCEPTION(Cancelled, integratedGradients(*m, x, t, 20, 1));
        }
        QCOMPARE(checks, 3);
        checks = 0;
        {
            const InterruptScope stopAtOnce([&checks] { return ++checks >= 1; });
            QVERIFY_THROWS_EXCEPTION(Cancelled, occlusion(*m, x, t));
        }
        QCOMPARE(checks, 1);
        // Without a scope nothing is stopped.
        QCOMPARE(integratedGradients(*m, x, t, 20, 1).attributions.size(0), int64_t(4));
    }

    void occlusionMatchesOneAtATime() {
        const int64_t side = 5;
        const auto x = torch::rand({2, 2, side, side});
        BackboneSpec spec;
        const auto t = torch::tensor({1, 2}, torch::kLong);
        torch::manual_seed(1);
        spec.kind = "cnn_small";
        spec.inChans = 2;
        auto net = buildBackbone(spec, 3, side);
        const auto attr = occlusion(*net, x, t);
        QVERIFY(attr.sizes().equals(x.sizes()));
        net->train(false);
        torch::NoGradGuard noGrad;
        const auto base = net->forward(x);
        for (int64_t b = 0; b < 2; ++b) {
            for (int64_t p : {0, 7, 24}) {
                auto xp = x.clone();
                xp[b].select(1, p / side).select(1, p % side).zero_();  // the pixel in every channel
                const double drop = base[b][t[b].item<int64_t>()].item<double>() -
                                    net->forward(xp)[b][t[b].item<int64_t>()].item<double>();
                for (int64_t c = 0; c < 2; ++c)
                    QVERIFY(std::abs(attr[b][c][p / side][p % side].item<double>() - drop) < 1e-6);
            }
        }
    }

    void attributionRestoresModeAndLeavesNoParameterGrads() {
        auto m = build("cnn", 8);  // batch norm + dropout: eval mode matters
        const auto x = torch::rand({3, 1, 8, 8});
        const auto t = torch::tensor({0, 1, 2}, torch::kLong);
        m->train(true);
        const auto before = m->snapshot();
        const auto a1 = integratedGradients(*m, x, t, 8, 4).attributions;
        QVERIFY(m->isTraining());
        const auto a2 = integratedGradients(*m, x, t, 8, 4).attributions;
        QVERIFY(torch::equal(a1, a2));  // eval mode: deterministic, running stats untouched
        saliency(*m, x, t);
        occlusion(*m, x, t);
        QVERIFY(m->isTraining());
        const auto after = m->snapshot();
        for (size_t i = 0; i < before.size(); ++i) QVERIFY(torch::equal(before[i], after[i]));
        for (const auto& p : m->parameters()) QVERIFY(!p.grad().defined());
        m->train(false);
        saliency(*m, x, t);
        QVERIFY(!m->isTraining());
    }

    void worksUnderNoGradCaller() {
        auto m = build("cnn_small", 8);
        torch::NoGradGuard noGrad;  // e.g. an evaluation loop
        const auto r = integratedGradients(*m, torch::rand({2, 1, 8, 8}), torch::tensor({0, 1}, torch::kLong), 4, 2);
        QVERIFY(r.attributions.abs().sum().item<double>() > 0);
    }

    void pixelImportanceDispatch() {
        const int64_t side = 8;
        const auto x = torch::rand({3, 1, side, side});
        const auto t = torch::tensor({0, 1, 2}, torch::kLong);
        auto cnn = build("cnn_small", side);
        AttributionConfig cfg;
        cfg.igSteps = 8;
        for (const std::string method : {"integrated_gradients", "saliency", "input_x_gradient", "occlusion"}) {
            cfg.method = method;
            const auto map = pixelImportance(*cnn, x, t, cfg);
            QVERIFY2(map.sizes().equals({side * side}), method.c_str());
            QVERIFY2(map.min().item<float>() >= 0.0f, method.c_str());
        }
        cfg.method = "saliency";
        QVERIFY(maxAbsDiff(pixelImportance(*cnn, x, t, cfg), saliency(*cnn, x, t).sum(1).mean(0).flatten()) < 1e-7);
        cfg.method = "integrated_gradients";
        cfg.igMethod = "riemann_trapezoid";
        QVERIFY(pixelImportance(*cnn, x, t, cfg).sizes().equals({side * side}));
        cfg.igMethod = "simpson";
        QVERIFY_THROWS_EXCEPTION(ConfigError, pixelImportance(*cnn, x, t, cfg));
        cfg.method = "attention_rollout";
        QVERIFY_THROWS_EXCEPTION(ConfigError, pixelImportance(*cnn, x, t, cfg));
        cfg.method = "gradcam";
        QVERIFY_THROWS_EXCEPTION(ConfigError, pixelImportance(*cnn, x, t, cfg));

        auto vit = build("vit_cct", side);
        cfg.method = "attention_rollout";
        const auto map = pixelImportance(*vit, x, t, cfg);
        QVERIFY(map.sizes().equals({side * side}));
        QVERIFY(map.min().item<float>() >= 0.0f);
        cfg.method = "integrated_gradients";
        cfg.igMethod = "gausslegendre";
        QVERIFY(pixelImportance(*vit, x, t, cfg).sizes().equals({side * side}));
    }
};

QTEST_GUILESS_MAIN(TestAttribution)
#include "test_attribution.moc"
