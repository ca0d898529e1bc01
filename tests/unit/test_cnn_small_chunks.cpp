// cnn_small runs a batch through its layers in cache-sized chunks of images: the logits
// and the weight gradients must be those of the images taken one by one (up to float
// summation order), so chunking is invisible to training and attribution.
#include "models/backbone.h"

#include <torch/torch.h>

#include <QTest>

using namespace dm;

namespace {

// Side 130 with width 16: chunks of 3 images, so a batch of 8 is split 3 + 3 + 2.
constexpr int64_t kSide = 130, kBatch = 8;

std::vector<torch::Tensor> gradients(Backbone& model, const torch::Tensor& x, const torch::Tensor& y) {
    for (auto& p : model.parameters()) p.mutable_grad() = torch::Tensor();
    torch::nn::functional::cross_entropy(model.forward(x), y,
                                         torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
        .backward();
    std::vector<torch::Tensor> g;
    for (auto& p : model.parameters()) g.push_back(p.grad().clone());
    return g;
}

}  // namespace

class TestCnnSmallChunks : public QObject {
    Q_OBJECT
private slots:
    void chunkedBatchEqualsImagesOneByOne() {
        BackboneSpec spec;
        spec.kind = "cnn_small";
        torch::manual_seed(3);
        auto model = buildBackbone(spec, 3, kSide);
        model->train(true);
        // Sparse non-negative pseudo-images, like the engine's.
        torch::Tensor x = torch::rand({kBatch, 1, kSide, kSide});
        x = torch::where(x < 0.8, torch::zeros_like(x), x * 5);
        torch::Tensor y = torch::arange(kBatch) % 3;

        const torch::Tensor logits = model->forward(x).detach();
        std::vector<torch::Tensor> single;
        for (int64_t i = 0; i < kBatch; ++i) single.push_back(model->forward(x.narrow(0, i, 1)).detach());
        QVERIFY(torch::allclose(logits, torch::cat(single), 1e-5, 1e-6));

        const auto batchGrad = gradients(*model, x, y);
        std::vector<torch::Tensor> sum;
        for (int64_t i = 0; i < kBatch; ++i) {
            const auto g = gradients(*model, x.narrow(0, i, 1), y.narrow(0, i, 1));
            if (sum.empty()) sum = g;
            else
                for (size_t k = 0; k < g.size(); ++k) sum[k] += g[k];
        }
        QCOMPARE(batchGrad.size(), sum.size());
        for (size_t k = 0; k < sum.size(); ++k) {
            QVERIFY(sum[k].abs().sum().item<double>() > 0);  // the gradient reaches every layer
            QVERIFY2(torch::allclose(batchGrad[k], sum[k], 1e-4, 1e-5), ("parameter " + std::to_string(k)).c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TestCnnSmallChunks)
#include "test_cnn_small_chunks.moc"
