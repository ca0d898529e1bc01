// The fused ReLU + 2x2 max-pool matches ATen's max_pool2d(relu(x)) in values and input
// gradient, including ties (sparse pseudo-images give many equal activations) and odd
// sizes (the dropped row/column gets no gradient) and NaN, with the kernels of every
// instruction set this CPU can run.
#include "models/max_pool_relu.h"
#include "models/pool_kernels.h"

#include <QTest>

#include <cmath>

using namespace dm;

namespace {

struct Result {
    torch::Tensor out, grad;
};

Result run(const torch::Tensor& input, bool fused) {
    torch::Tensor x = input.detach().clone().requires_grad_(true);
    torch::Tensor out = fused ? maxPool2Relu(x) : torch::max_pool2d(torch::relu(x), 2);
    torch::manual_seed(1);
    torch::Tensor upstream = torch::randn(out.sizes());
    (out * upstream).sum().backward();
    return {out.detach(), x.grad()};
}

torch::Tensor channelsLast(const torch::Tensor& x) { return x.contiguous(torch::MemoryFormat::ChannelsLast); }

void compareWithAten(const torch::Tensor& x) {
    const Result a = run(x, false), b = run(x, true);
    QCOMPARE(b.out.sizes().vec(), a.out.sizes().vec());
    QVERIFY(torch::allclose(a.out, b.out, 0.0, 0.0, /*equal_nan=*/true));  // exact, NaN where ATen has NaN
    QVERIFY(torch::equal(a.grad, b.grad));
}

}  // namespace

class TestMaxPoolRelu : public QObject {
    Q_OBJECT
private slots:
    void matchesAtenOnRandomInput() {
        torch::manual_seed(0);
        compareWithAten(torch::randn({3, 5, 8, 10}));
    }
    void matchesAtenOnOddSizes() {
        torch::manual_seed(0);
        compareWithAten(torch::randn({2, 3, 7, 9}));
    }
    void tiesGiveTheGradientToTheFirstMaximum() {
        // Mostly equal values, as a convolution of an empty region gives (its bias).
        torch::manual_seed(0);
        torch::Tensor x = torch::full({2, 4, 6, 6}, 0.25f);
        x.index_put_({0, 0, 1, 1}, 2.0f);
        x.index_put_({1, 2}, torch::where(torch::rand({6, 6}) < 0.5, torch::zeros({6, 6}), torch::full({6, 6}, 0.5f)));
        compareWithAten(x);
        const Result r = run(x, true);
        // Window (0,0) of plane (0,1) is all 0.25: only its top-left input gets gradient.
        QVERIFY(r.grad[0][1][0][0].item<float>() != 0.0f);
        QCOMPARE(r.grad[0][1][0][1].item<float>(), 0.0f);
        QCOMPARE(r.grad[0][1][1][0].item<float>(), 0.0f);
        QCOMPARE(r.grad[0][1][1][1].item<float>(), 0.0f);
    }
    void negativeWindowsPassNoGradient() {
        torch::Tensor x = -torch::rand({1, 2, 4, 4}) - 0.1;
        const Result r = run(x, true);
        QVERIFY(torch::equal(r.out, torch::zeros({1, 2, 2, 2})));
        QVERIFY(torch::equal(r.grad, torch::zeros({1, 2, 4, 4})));
    }
    void everyInstructionSetMatchesAten() {
        const std::vector<std::string> sets = pool_kernels::supportedKernelSets();
        for (const std::string& set : sets) {
            QVERIFY(pool_kernels::selectKernels(set));
            torch::manual_seed(0);
            // NCHW input (copied to channels-last inside): pooled widths 1, 3, 17 and 40.
            compareWithAten(torch::randn({2, 3, 5, 2}));
            compareWithAten(torch::randn({2, 3, 6, 7}));
            compareWithAten(torch::randn({2, 3, 9, 35}));
            compareWithAten(torch::where(torch::rand({1, 4, 8, 80}) < 0.5, torch::zeros({1, 4, 8, 80}),
                                         torch::full({1, 4, 8, 80}, 0.5f)));
            // NaN propagates to the output (and passes no gradient), in any window position.
            compareWithAten(torch::where(torch::rand({2, 2, 6, 70}) < 0.05, torch::full({2, 2, 6, 70}, NAN),
                                         torch::randn({2, 2, 6, 70})));
            // Channels-last (cnn_small's layout): 3, 17 and 32 channels (the vectors run over
            // channels: whole and partial blocks of 4, 8 and 16 lanes), odd sizes, NaN.
            for (int64_t c : {3, 17, 32}) {
                compareWithAten(channelsLast(torch::randn({2, c, 7, 9})));
                compareWithAten(channelsLast(torch::where(torch::rand({1, c, 6, 6}) < 0.05,
                                                          torch::full({1, c, 6, 6}, NAN), torch::randn({1, c, 6, 6}))));
            }
        }
        QVERIFY(pool_kernels::selectKernels(sets.front()));
    }
    void nonContiguousInput() {
        torch::manual_seed(0);
        compareWithAten(torch::randn({4, 6, 8, 3}).permute({0, 3, 1, 2}));  // channels-last
        compareWithAten(torch::randn({2, 3, 8, 6}).transpose(2, 3));  // neither layout: copied to NCHW
    }
    void channelsLastStaysChannelsLast() {
        // cnn_small's convolutions take channels-last as it is; a pool that returned NCHW
        // would make oneDNN reorder its activations at every call.
        torch::Tensor x = channelsLast(torch::randn({2, 16, 8, 8})).requires_grad_(true);
        torch::Tensor out = maxPool2Relu(x);
        QVERIFY(out.is_contiguous(torch::MemoryFormat::ChannelsLast));
        out.backward(channelsLast(torch::randn(out.sizes())));
        QVERIFY(x.grad().is_contiguous(torch::MemoryFormat::ChannelsLast));
    }
};

QTEST_GUILESS_MAIN(TestMaxPoolRelu)
#include "test_max_pool_relu.moc"
