// The fused ReLU + adaptive average pool against ATen's relu and adaptive_avg_pool2d:
// values and input gradient for sizes the grid divides, sizes it does not (overlapping
// windows), a grid larger than the map, and inputs with zeros and NaN.
#include "models/relu_avg_pool.h"

#include <QTest>

#include <limits>

using namespace dm;

namespace {

struct Result {
    torch::Tensor out, grad;
};

Result run(const torch::Tensor& input, int64_t grid, bool fused) {
    torch::Tensor x = input.detach().clone().requires_grad_(true);
    torch::Tensor out = fused ? reluAdaptiveAvgPool(x, grid) : torch::adaptive_avg_pool2d(torch::relu(x), {grid, grid});
    torch::manual_seed(1);
    torch::Tensor upstream = torch::randn(out.sizes());
    (out * upstream).sum().backward();
    return {out.detach(), x.grad()};
}

void compareWithAten(const torch::Tensor& x, int64_t grid) {
    const Result ref = run(x, grid, false), got = run(x, grid, true);
    QCOMPARE(got.out.sizes().vec(), ref.out.sizes().vec());
    QVERIFY(torch::allclose(got.out, ref.out, 1e-5, 1e-6, /*equal_nan=*/true));
    QVERIFY(torch::allclose(got.grad, ref.grad, 1e-5, 1e-6));
}

}  // namespace

class TestReluAvgPool : public QObject {
    Q_OBJECT
private slots:
    void matchesAtenWhenTheGridDividesTheMap() {
        torch::manual_seed(0);
        compareWithAten(torch::randn({3, 4, 16, 16}), 8);
    }
    void matchesAtenWithOverlappingWindows() {
        torch::manual_seed(0);
        compareWithAten(torch::randn({2, 5, 25, 25}), 8);
        compareWithAten(torch::randn({2, 3, 11, 7}), 3);
    }
    void matchesAtenWhenTheGridExceedsTheMap() {
        torch::manual_seed(0);
        compareWithAten(torch::randn({2, 3, 5, 5}), 8);
    }
    void zerosAndNan() {
        torch::manual_seed(0);
        const auto shape = std::vector<int64_t>{2, 2, 8, 8};
        torch::Tensor x = torch::where(torch::rand(shape) < 0.5, torch::zeros(shape), torch::randn(shape));
        compareWithAten(x, 4);
        x.index_put_({0, 0, 0, 0}, std::numeric_limits<float>::quiet_NaN());
        const Result got = run(x, 4, true);
        QVERIFY(std::isnan(got.out[0][0][0][0].item<float>()));      // NaN propagates forward
        QCOMPARE(got.grad[0][0][0][0].item<float>(), 0.0f);          // and gets no gradient
        QVERIFY(!std::isnan(got.out[0][0][1][1].item<float>()));
    }
    void nonContiguousInput() {
        torch::manual_seed(0);
        compareWithAten(torch::randn({2, 12, 12, 3}).permute({0, 3, 1, 2}), 4);
    }
};

QTEST_GUILESS_MAIN(TestReluAvgPool)
#include "test_relu_avg_pool.moc"
