// Attributions of a TorchScript tiny CNN against Captum 0.7's numbers
// (golden/attribution_tiny_cnn.json, made from golden/tiny_cnn.pt), and IG completeness.
#include "attribution/attribution.h"
#include "models/backbone.h"
#include "test_support.h"

#include <nlohmann/json.hpp>

#include <QTest>

#include <fstream>

using namespace dm;

namespace {

void flattenInto(const nlohmann::json& j, std::vector<float>& out, std::vector<int64_t>& shape, size_t depth) {
    if (!j.is_array()) {
        out.push_back(j.get<float>());
        return;
    }
    if (shape.size() <= depth) shape.push_back(int64_t(j.size()));
    for (const auto& e : j) flattenInto(e, out, shape, depth + 1);
}

// A nested JSON list as a float tensor of its shape.
torch::Tensor tensorOf(const nlohmann::json& j) {
    std::vector<float> values;
    std::vector<int64_t> shape;
    flattenInto(j, values, shape, 0);
    return torch::tensor(values).view(shape);
}

double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b) { return (a - b).abs().max().item<double>(); }

}  // namespace

class TestAttributionGolden : public QObject {
    Q_OBJECT
private:
    nlohmann::json golden_;
    std::unique_ptr<Backbone> model_;
    torch::Tensor x_, t_;

private slots:
    void initTestCase() {
        DM_REQUIRE_SHARED();
        std::ifstream in(dm::test::sharedPath("golden/attribution_tiny_cnn.json"));
        QVERIFY(in.good());
        golden_ = nlohmann::json::parse(in);
        x_ = tensorOf(golden_["input"]);
        t_ = torch::tensor(golden_["targets"].get<std::vector<int64_t>>(), torch::kLong);
        BackboneSpec spec;
        spec.kind = "torchscript:" + dm::test::sharedPath("golden/tiny_cnn.pt");
        model_ = buildBackbone(spec, 3, x_.size(2));
    }

    void logits() {
        torch::NoGradGuard noGrad;
        model_->train(false);
        QVERIFY(maxAbsDiff(model_->forward(x_), tensorOf(golden_["logits"])) < 1e-5);
    }

    void integratedGradientsGaussLegendre() {
        const auto& g = golden_["integrated_gradients_gausslegendre"];
        const auto r = integratedGradients(*model_, x_, t_, g["n_steps"].get<int>(), 16, IgMethod::GaussLegendre);
        QVERIFY(maxAbsDiff(r.attributions, tensorOf(g["attr"])) < 1e-5);
        QVERIFY(maxAbsDiff(r.delta, tensorOf(g["convergence_delta"])) < 1e-5);
    }

    void integratedGradientsTrapezoid() {
        const auto& g = golden_["integrated_gradients_riemann_trapezoid"];
        const auto r =
            integratedGradients(*model_, x_, t_, g["n_steps"].get<int>(), 5, IgMethod::RiemannTrapezoid);
        QVERIFY(maxAbsDiff(r.attributions, tensorOf(g["attr"])) < 1e-5);
        QVERIFY(maxAbsDiff(r.delta, tensorOf(g["convergence_delta"])) < 1e-5);
    }

    void saliencyAbs() { QVERIFY(maxAbsDiff(saliency(*model_, x_, t_), tensorOf(golden_["saliency_abs"])) < 1e-5); }

    void inputTimesGradient() {
        QVERIFY(maxAbsDiff(inputXGradient(*model_, x_, t_), tensorOf(golden_["input_x_gradient"])) < 1e-5);
    }

    void occlusion1x1() {
        QVERIFY(maxAbsDiff(occlusion(*model_, x_, t_), tensorOf(golden_["occlusion_1x1"])) < 1e-5);
    }

    // sum(attr) = f(x)[t] - f(0)[t] up to the reported delta, which is small at 64 steps.
    void completeness() {
        const auto r = integratedGradients(*model_, x_, t_, 64, 16);
        torch::NoGradGuard noGrad;
        model_->train(false);
        const auto fx = model_->forward(x_).gather(1, t_.view({-1, 1})).squeeze(1);
        const auto f0 = model_->forward(torch::zeros_like(x_)).gather(1, t_.view({-1, 1})).squeeze(1);
        const auto gap = fx - f0;
        const auto sums = r.attributions.flatten(1).sum(1);
        QVERIFY(maxAbsDiff(sums - gap, r.delta) < 1e-6);
        QVERIFY((r.delta.abs() <= 0.05 * gap.abs() + 1e-6).all().item<bool>());
        // More steps do not make it worse than the 32-step delta Captum reports.
        const auto g32 = tensorOf(golden_["integrated_gradients_gausslegendre"]["convergence_delta"]);
        QVERIFY((r.delta.abs() <= g32.abs() + 1e-6).all().item<bool>());
    }
};

QTEST_GUILESS_MAIN(TestAttributionGolden)
#include "test_attribution_golden.moc"
