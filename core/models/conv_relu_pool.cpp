#include "models/conv_relu_pool.h"

#include "models/pool_kernels.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cstdint>
#include <vector>

// The inner loops are in pool_kernels.inc (one build per instruction set, pool_kernels.h).

namespace dm {

namespace {

using namespace pool_kernels;

// Copies one input plane (h x w) into its zero-padded plane (rows x pcols); input pixel
// (y, x) is padded (y + 1, x + 1). The padded plane holds every input pixel: rows and pcols
// are at least h + 1 and w + 1 (an odd side's last row or column is a border of the last
// window, not a pixel of its own).
void padPlane(const float* __restrict src, float* __restrict dst, const Geometry& g) {
    std::fill(dst, dst + g.plane(), 0.0f);
    for (int64_t y = 0; y < g.h; ++y) std::copy_n(src + y * g.w, g.w, dst + (y + 1) * g.pcols + 1);
}

// padPlane's inverse, for the input gradient.
void unpadPlane(const float* __restrict padded, float* __restrict dst, const Geometry& g) {
    for (int64_t y = 0; y < g.h; ++y) std::copy_n(padded + (y + 1) * g.pcols + 1, g.w, dst + y * g.w);
}

struct ConvReluPoolFn : torch::autograd::Function<ConvReluPoolFn> {
    // The output is channels-last, as cnn_small's next convolution takes it (oneDNN).
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& input,
                                 const torch::Tensor& weightIn, const torch::Tensor& biasIn) {
        const torch::Tensor x = input.contiguous();
        const torch::Tensor weight = weightIn.contiguous();
        const Geometry g = geometryOf(x.size(0), x.size(1), weight.size(0), x.size(2), x.size(3));
        torch::Tensor xp = torch::empty({g.n, g.cin, g.rows, g.pcols}, x.options());
        const float* src = x.data_ptr<float>();
        float* xpp = xp.data_ptr<float>();
        at::parallel_for(0, g.n * g.cin, 1, [&](int64_t p0, int64_t p1) {
            for (int64_t p = p0; p < p1; ++p) padPlane(src + p * g.h * g.w, xpp + p * g.plane(), g);
        });
        // (cin, 3, 3, cout): tap-major, one vector over output channels per tap; the
        // backward keeps this form too.
        const torch::Tensor wt = weight.permute({1, 2, 3, 0}).contiguous();
        const torch::Tensor bias = biasIn.contiguous();
        torch::Tensor out =
            torch::empty({g.n, g.cout, g.oh, g.ow}, x.options().memory_format(torch::MemoryFormat::ChannelsLast));
        torch::Tensor code = torch::empty({g.n, g.oh, g.ow, g.cspan}, x.options().dtype(torch::kUInt8));
        rowsForward(xp, wt, bias, g, out.data_ptr<float>(), code.data_ptr<uint8_t>());
        ctx->save_for_backward({xp, code, wt});
        ctx->saved_data["h"] = g.h;
        ctx->saved_data["w"] = g.w;
        return out;
    }

    // Pooled row r = (image, i) by row, so two threads share even a few images evenly.
    static void rowsForward(const torch::Tensor& xp, const torch::Tensor& wt, const torch::Tensor& bias,
                            const Geometry& g, float* out, uint8_t* code) {
        const float* xpp = xp.data_ptr<float>();
        const float* w = wt.data_ptr<float>();
        const float* b = bias.data_ptr<float>();
        const Kernels& k = kernels();
        at::parallel_for(0, g.n * g.oh, 1, [&](int64_t r0, int64_t r1) {
            for (int64_t r = r0; r < r1; ++r)
                k.forwardRowNhwc(xpp + (r / g.oh) * g.cin * g.plane(), w, b, r % g.oh, g, out + r * g.ow * g.cout,
                                 code + r * g.ow * g.cspan);
        });
    }

    static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::tensor_list grads) {
        const auto saved = ctx->get_saved_variables();
        const torch::Tensor &xp = saved[0], &code = saved[1], &wt = saved[2];
        const torch::Tensor gout = grads[0].contiguous(torch::MemoryFormat::ChannelsLast);
        const Geometry g = geometryOf(xp.size(0), xp.size(1), wt.size(3), ctx->saved_data["h"].toInt(),
                                      ctx->saved_data["w"].toInt());
        torch::Tensor gx, gw, gb;
        if (ctx->needs_input_grad(0)) gx = inputGrad(code, wt, gout, g);
        if (ctx->needs_input_grad(1) || ctx->needs_input_grad(2)) {
            const torch::Tensor sums = weightGrad(xp, code, gout, g);  // (cin * 9 + 1, cout)
            gw = sums.narrow(0, 0, g.cin * 9).reshape({g.cin, 3, 3, g.cout}).permute({3, 0, 1, 2}).contiguous();
            gb = sums.select(0, g.cin * 9).contiguous();
        }
        return {gx, gw, gb};
    }

    // Per pooled row, sums over its pixels; then over rows in image and row order, so the
    // result does not depend on how rows were split over threads.
    static torch::Tensor weightGrad(const torch::Tensor& xp, const torch::Tensor& code, const torch::Tensor& gout,
                                    const Geometry& g) {
        const int64_t entries = (g.cin * 9 + 1) * g.cout;
        torch::Tensor partial = torch::empty({g.n * g.oh, entries}, gout.options());
        const float* xpp = xp.data_ptr<float>();
        const float* gp = gout.data_ptr<float>();
        const uint8_t* cp = code.data_ptr<uint8_t>();
        float* part = partial.data_ptr<float>();
        const Kernels& k = kernels();
        at::parallel_for(0, g.n * g.oh, 1, [&](int64_t r0, int64_t r1) {
            for (int64_t r = r0; r < r1; ++r)
                k.weightGradRowNhwc(xpp + (r / g.oh) * g.cin * g.plane(), gp + r * g.ow * g.cout,
                                    cp + r * g.ow * g.cspan, r % g.oh, g, part + r * entries);
        });
        torch::Tensor sums = torch::zeros({g.cin * 9 + 1, g.cout}, gout.options());
        float* total = sums.data_ptr<float>();
        for (int64_t r = 0; r < g.n * g.oh; ++r)
            for (int64_t e = 0; e < entries; ++e) total[e] += part[r * entries + e];
        return sums;
    }

    // Per image (its pooled rows overlap in the padded gradient): every row's share added
    // into a zero-padded gradient, then the padding cut off.
    static torch::Tensor inputGrad(const torch::Tensor& code, const torch::Tensor& wt, const torch::Tensor& gout,
                                   const Geometry& g) {
        torch::Tensor gx = torch::empty({g.n, g.cin, g.h, g.w}, gout.options());
        const float* w = wt.data_ptr<float>();
        const float* gr = gout.data_ptr<float>();
        const uint8_t* cr = code.data_ptr<uint8_t>();
        float* dst = gx.data_ptr<float>();
        const Kernels& k = kernels();
        at::parallel_for(0, g.n, 1, [&](int64_t n0, int64_t n1) {
            std::vector<float> padded(g.cin * g.plane());
            for (int64_t img = n0; img < n1; ++img) {
                std::fill(padded.begin(), padded.end(), 0.0f);
                for (int64_t i = 0; i < g.oh; ++i) {
                    const int64_t r = img * g.oh + i;
                    k.inputGradRowNhwc(w, gr + r * g.ow * g.cout, cr + r * g.ow * g.cspan, i, g, padded.data());
                }
                for (int64_t ci = 0; ci < g.cin; ++ci)
                    unpadPlane(padded.data() + ci * g.plane(), dst + (img * g.cin + ci) * g.h * g.w, g);
            }
        });
        return gx;
    }
};

}  // namespace

torch::Tensor conv3x3ReluMaxPool2(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias) {
    const bool fused = x.dim() == 4 && x.scalar_type() == torch::kFloat32 && x.device().is_cpu() &&
                       weight.scalar_type() == torch::kFloat32 && weight.device().is_cpu() && x.size(2) >= 2 &&
                       x.size(3) >= 2 && weight.dim() == 4 && weight.size(2) == 3 && weight.size(3) == 3 &&
                       weight.size(1) == x.size(1) && (!bias.defined() || bias.scalar_type() == torch::kFloat32);
    if (!fused) return torch::relu(torch::max_pool2d(torch::conv2d(x, weight, bias, 1, 1), 2));
    // A custom autograd function cannot take an undefined tensor: no bias is a zero bias.
    return ConvReluPoolFn::apply(x, weight, bias.defined() ? bias : torch::zeros({weight.size(0)}, weight.options()));
}

}  // namespace dm
