// The fused first layer (3x3 convolution -> ReLU -> 2x2 max-pool) against ATen's
// conv2d, relu and max_pool2d: values and the gradients of input, weight and bias, on
// dense, sparse (ties at the bias) and odd-sized input, with several input channels, without
// a bias, and bit-for-bit the same whatever the thread count; with the kernels of every
// instruction set this CPU can run, not only the best one it uses.
#include "models/conv_relu_pool.h"
#include "models/pool_kernels.h"

#include <ATen/Parallel.h>
#include <QTest>

using namespace dm;

namespace {

struct Result {
    torch::Tensor out, gx, gw, gb;
};

Result run(const torch::Tensor& input, const torch::Tensor& weight, const torch::Tensor& bias, bool fused) {
    torch::Tensor x = input.detach().clone().requires_grad_(true);
    torch::Tensor w = weight.detach().clone().requires_grad_(true);
    torch::Tensor b = bias.defined() ? bias.detach().clone().requires_grad_(true) : torch::Tensor();
    torch::Tensor out = fused ? conv3x3ReluMaxPool2(x, w, b)
                              : torch::max_pool2d(torch::relu(torch::conv2d(x, w, b, 1, 1)), 2);
    torch::manual_seed(1);
    torch::Tensor upstream = torch::randn(out.sizes());
    (out * upstream).sum().backward();
    return {out.detach(), x.grad(), w.grad(), b.defined() ? b.grad() : torch::Tensor()};
}

// Float sums in another order: equal to a few ulps of the largest term.
bool close(const torch::Tensor& a, const torch::Tensor& b) {
    return a.sizes() == b.sizes() && torch::allclose(a, b, /*rtol=*/1e-4, /*atol=*/1e-5);
}

void compareWithAten(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b) {
    const Result ref = run(x, w, b, false), got = run(x, w, b, true);
    QVERIFY(close(got.out, ref.out));
    QVERIFY(close(got.gx, ref.gx));
    QVERIFY(close(got.gw, ref.gw));
    if (b.defined()) QVERIFY(close(got.gb, ref.gb));
    else QVERIFY(!got.gb.defined());
}

torch::Tensor sparseImages(int64_t n, int64_t cin, int64_t h, int64_t w) {
    // Most pixels zero, as in a pseudo-image of an expression profile.
    torch::Tensor v = torch::rand({n, cin, h, w}) * 3;
    return torch::where(torch::rand({n, cin, h, w}) < 0.7, torch::zeros_like(v), v);
}

}  // namespace

class TestConvReluPool : public QObject {
    Q_OBJECT
private slots:
    void matchesAtenOnDenseInput() {
        torch::manual_seed(0);
        compareWithAten(torch::randn({3, 1, 8, 10}), torch::randn({16, 1, 3, 3}), torch::randn({16}));
    }
    void matchesAtenOnSparseInput() {
        // Empty regions give windows of four equal values (the bias): the first must win.
        torch::manual_seed(0);
        compareWithAten(sparseImages(4, 1, 12, 12), torch::randn({16, 1, 3, 3}), torch::rand({16}));
    }
    void matchesAtenOnOddSizes() {
        torch::manual_seed(0);
        compareWithAten(torch::randn({2, 1, 7, 9}), torch::randn({4, 1, 3, 3}), torch::randn({4}));
        compareWithAten(torch::randn({2, 1, 2, 3}), torch::randn({4, 1, 3, 3}), torch::randn({4}));
    }
    void matchesAtenWithSeveralInputChannels() {
        torch::manual_seed(0);
        compareWithAten(torch::randn({2, 3, 10, 6}), torch::randn({5, 3, 3, 3}), torch::randn({5}));
    }
    void matchesAtenWithoutBias() {
        torch::manual_seed(0);
        compareWithAten(torch::randn({2, 1, 6, 6}), torch::randn({3, 1, 3, 3}), torch::Tensor());
    }
    void clampedWindowsPassNoGradient() {
        // A bias far below any product: every window is clamped by the ReLU.
        torch::manual_seed(0);
        const Result r = run(torch::rand({2, 1, 6, 6}), torch::rand({3, 1, 3, 3}), torch::full({3}, -100.0f), true);
        QVERIFY(torch::equal(r.out, torch::zeros({2, 3, 3, 3})));
        QVERIFY(torch::equal(r.gx, torch::zeros({2, 1, 6, 6})));
        QVERIFY(torch::equal(r.gw, torch::zeros({3, 1, 3, 3})));
        QVERIFY(torch::equal(r.gb, torch::zeros({3})));
    }
    void noInputGradientWhenTheInputNeedsNone() {
        torch::manual_seed(0);
        torch::Tensor w = torch::randn({4, 1, 3, 3}).requires_grad_(true);
        torch::Tensor out = conv3x3ReluMaxPool2(torch::randn({2, 1, 8, 8}), w, torch::zeros({4}));
        out.sum().backward();
        QVERIFY(w.grad().defined());
        QVERIFY(w.grad().abs().sum().item<float>() > 0.0f);
    }
    void nonContiguousInput() {
        torch::manual_seed(0);
        compareWithAten(torch::randn({2, 8, 6, 1}).permute({0, 3, 1, 2}), torch::randn({4, 1, 3, 3}),
                        torch::randn({4}));
    }
    void sameBitsWhateverTheThreadCount() {
        torch::manual_seed(0);
        const torch::Tensor x = sparseImages(5, 1, 33, 31), w = torch::randn({16, 1, 3, 3}), b = torch::rand({16});
        const int threads = at::get_num_threads();
        at::set_num_threads(1);
        const Result one = run(x, w, b, true);
        at::set_num_threads(2);
        const Result two = run(x, w, b, true);
        at::set_num_threads(threads);
        QVERIFY(torch::equal(one.out, two.out));
        QVERIFY(torch::equal(one.gx, two.gx));
        QVERIFY(torch::equal(one.gw, two.gw));
        QVERIFY(torch::equal(one.gb, two.gb));
    }
    void everyInstructionSetMatchesAten() {
        const std::vector<std::string> sets = pool_kernels::supportedKernelSets();
        QVERIFY(!sets.empty() && sets.back() == "baseline");
        for (const std::string& set : sets) {
            QVERIFY(pool_kernels::selectKernels(set));
            torch::manual_seed(0);
            // The vectors run over output channels: 16, 4, 5, 24 and 20 of them are whole and
            // partial blocks of 4, 8 and 16 lanes; one and several input channels; pooled
            // widths 17, 4, 1, 5 and 3 (the input gradient's planes: partial column blocks).
            compareWithAten(sparseImages(3, 1, 66, 34), torch::randn({16, 1, 3, 3}), torch::rand({16}));
            compareWithAten(torch::randn({2, 1, 9, 8}), torch::randn({4, 1, 3, 3}), torch::randn({4}));
            compareWithAten(torch::randn({2, 3, 3, 2}), torch::randn({5, 3, 3, 3}), torch::randn({5}));
            compareWithAten(sparseImages(2, 1, 11, 10), torch::randn({24, 1, 3, 3}), torch::randn({24}));
            compareWithAten(torch::randn({2, 2, 7, 6}), torch::randn({20, 2, 3, 3}), torch::randn({20}));
        }
        QVERIFY(pool_kernels::selectKernels(sets.front()));
        QVERIFY(!pool_kernels::selectKernels("no-such-set"));
    }
    void doubleInputFallsBackToAten() {
        torch::manual_seed(0);
        const torch::Tensor x = torch::randn({1, 1, 6, 6}, torch::kFloat64);
        const torch::Tensor w = torch::randn({2, 1, 3, 3}, torch::kFloat64);
        const torch::Tensor b = torch::randn({2}, torch::kFloat64);
        QVERIFY(torch::allclose(conv3x3ReluMaxPool2(x, w, b),
                                torch::max_pool2d(torch::relu(torch::conv2d(x, w, b, 1, 1)), 2)));
    }
};

QTEST_GUILESS_MAIN(TestConvReluPool)
#include "test_conv_relu_pool.moc"
