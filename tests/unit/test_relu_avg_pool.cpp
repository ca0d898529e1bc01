// The fused ReLU + adaptive average pool against ATen's relu and adaptive_avg_pool2d:
// values and input gradient for sizes the grid divides, sizes it does not (overlapping
// windows), a grid larger than the map, and inputs with zeros and NaN; channels-last input
// (cnn_small's layout, which NCHW input is copied to) with the kernels of every instruction
// set this CPU can run, giving the same bits as NCHW input.
#include "models/pool_kernels.h"
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
    void channelsLastMatchesAtenWithEveryInstructionSet() {
        const std::vector<std::string> sets = pool_kernels::supportedKernelSets();
        for (const std::string& set : sets) {
            QVERIFY(pool_kernels::selectKernels(set));
            torch::manual_seed(0);
            // 5, 20 and 64 channels: partial and whole blocks of 4, 8 and 16 lanes.
            for (int64_t c : {5, 20, 64}) {
                const torch::Tensor nchw = torch::where(torch::rand({2, c, 25, 25}) < 0.3, torch::zeros({2, c, 25, 25}),
                                                        torch::randn({2, c, 25, 25}));
                const torch::Tensor nhwc = nchw.contiguous(torch::MemoryFormat::ChannelsLast);
                compareWithAten(nhwc, 8);
                compareWithAten(nhwc.narrow(2, 0, 11).narrow(3, 0, 7).contiguous(torch::MemoryFormat::ChannelsLast),
                                3);
                const Result a = run(nchw, 8, true), b = run(nhwc, 8, true);
                QVERIFY(torch::equal(a.out, b.out));  // the same sums in the same order
                QVERIFY(torch::equal(a.grad, b.grad));
                QVERIFY(b.grad.is_contiguous(torch::MemoryFormat::ChannelsLast));
            }
        }
        QVERIFY(pool_kernels::selectKernels(sets.front()));
    }
    void nonContiguousInput() {
        torch::manual_seed(0);
        compareWithAten(torch::randn({2, 12, 12, 3}).permute({0, 3, 1, 2}), 4);
    }
};

QTEST_GUILESS_MAIN(TestReluAvgPool)
#include "test_relu_avg_pool.moc"
