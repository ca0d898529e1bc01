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

// Pads and deinterleaves one input plane (h x w) into its even/odd parts.
void deinterleavePlane(const float* __restrict src, float* __restrict even, float* __restrict odd, const Geometry& g) {
    std::fill(even, even + g.part(), 0.0f);
    std::fill(odd, odd + g.part(), 0.0f);
    // Padded row r is input row r - 1; padded column p is input column p - 1, so even
    // part m (p = 2m) is input column 2m - 1 and odd part m (p = 2m + 1) is column 2m.
    const int64_t evenEnd = std::min(g.len, (g.w + 2) / 2), oddEnd = std::min(g.len, (g.w + 1) / 2);
    for (int64_t r = 1; r < g.rows && r - 1 < g.h; ++r) {
        const float* s = src + (r - 1) * g.w;
        float* e = even + r * g.len;
        float* o = odd + r * g.len;
        for (int64_t m = 1; m < evenEnd; ++m) e[m] = s[2 * m - 1];
        for (int64_t m = 0; m < oddEnd; ++m) o[m] = s[2 * m];
    }
}

struct ConvReluPoolFn : torch::autograd::Function<ConvReluPoolFn> {
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& input,
                                 const torch::Tensor& weightIn, const torch::Tensor& biasIn) {
        const torch::Tensor x = input.contiguous();
        const torch::Tensor weight = weightIn.contiguous();
        const Geometry g = geometryOf(x.size(0), x.size(1), weight.size(0), x.size(2), x.size(3));
        torch::Tensor xd = torch::empty({g.n, g.cin, 2, g.rows, g.len}, x.options());
        torch::Tensor out = torch::empty({g.n, g.cout, g.oh, g.ow}, x.options());
        // Saved for the backward only, so it keeps the padded width.
        torch::Tensor code = torch::empty({g.n, g.cout, g.oh, g.span}, x.options().dtype(torch::kUInt8));
        const float* src = x.data_ptr<float>();
        float* xdp = xd.data_ptr<float>();
        at::parallel_for(0, g.n * g.cin, 1, [&](int64_t p0, int64_t p1) {
            for (int64_t p = p0; p < p1; ++p)
                deinterleavePlane(src + p * g.h * g.w, xdp + p * 2 * g.part(), xdp + (p * 2 + 1) * g.part(), g);
        });
        const float* w = weight.data_ptr<float>();
        const torch::Tensor bias = biasIn.contiguous();
        const float* b = bias.data_ptr<float>();
        float* dst = out.data_ptr<float>();
        uint8_t* arg = code.data_ptr<uint8_t>();
        const Kernels& k = kernels();
        at::parallel_for(0, g.n * g.cout, 1, [&](int64_t p0, int64_t p1) {
            std::vector<float> row(g.span);
            for (int64_t p = p0; p < p1; ++p) {
                const int64_t img = p / g.cout, c = p % g.cout;
                for (int64_t i = 0; i < g.oh; ++i) {
                    k.forwardRow(xdp + img * g.image(), w + c * g.cin * 9, b[c], i, g, row.data(),
                                 arg + (p * g.oh + i) * g.span);
                    std::copy_n(row.data(), g.ow, dst + (p * g.oh + i) * g.ow);
                }
            }
        });
        ctx->save_for_backward({xd, code, weight});
        ctx->saved_data["h"] = g.h;
        ctx->saved_data["w"] = g.w;
        return out;
    }

    static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::tensor_list grads) {
        const auto saved = ctx->get_saved_variables();
        const torch::Tensor &xd = saved[0], &code = saved[1], &weight = saved[2];
        const torch::Tensor gout = grads[0].contiguous();
        const Geometry g = geometryOf(xd.size(0), xd.size(1), weight.size(0), ctx->saved_data["h"].toInt(),
                                      ctx->saved_data["w"].toInt());
        torch::Tensor gx, gw, gb;
        if (ctx->needs_input_grad(0)) gx = inputGrad(code, weight, gout, g);
        if (ctx->needs_input_grad(1) || ctx->needs_input_grad(2)) {
            const torch::Tensor sums = weightGrad(xd, code, gout, g);  // (cout, cin * 9 + 1)
            gw = sums.narrow(1, 0, g.cin * 9).reshape(weight.sizes()).contiguous();
            gb = sums.select(1, g.cin * 9).contiguous();
        }
        return {gx, gw, gb};
    }

    // Per (image, channel) plane, sums over its rows and columns; then over images in
    // image order, so the result does not depend on how planes were split over threads.
    static torch::Tensor weightGrad(const torch::Tensor& xd, const torch::Tensor& code, const torch::Tensor& gout,
                                    const Geometry& g) {
        const int64_t taps = g.cin * 9 + 1;
        torch::Tensor partial = torch::empty({g.n, g.cout, taps}, gout.options());
        const float* xdp = xd.data_ptr<float>();
        const float* gp = gout.data_ptr<float>();
        const uint8_t* cp = code.data_ptr<uint8_t>();
        float* part = partial.data_ptr<float>();
        const Kernels& k = kernels();
        at::parallel_for(0, g.n * g.cout, 1, [&](int64_t p0, int64_t p1) {
            for (int64_t p = p0; p < p1; ++p)
                k.weightGradPlane(xdp + (p / g.cout) * g.image(), gp + p * g.oh * g.ow, cp + p * g.oh * g.span, g,
                                  part + p * taps);
        });
        torch::Tensor sums = torch::zeros({g.cout, taps}, gout.options());
        float* total = sums.data_ptr<float>();
        for (int64_t img = 0; img < g.n; ++img)
            for (int64_t k = 0; k < g.cout * taps; ++k) total[k] += part[img * g.cout * taps + k];
        return sums;
    }

    // Per image: every channel's contribution added into one padded, deinterleaved
    // buffer, then folded back to (h, w).
    static torch::Tensor inputGrad(const torch::Tensor& code, const torch::Tensor& weight,
                                   const torch::Tensor& gout, const Geometry& g) {
        torch::Tensor gx = torch::empty({g.n, g.cin, g.h, g.w}, gout.options());
        const float* w = weight.data_ptr<float>();
        const float* gp = gout.data_ptr<float>();
        const uint8_t* cp = code.data_ptr<uint8_t>();
        float* dst = gx.data_ptr<float>();
        const Kernels& k = kernels();
        at::parallel_for(0, g.n, 1, [&](int64_t n0, int64_t n1) {
            std::vector<float> gd(g.image()), masked(4 * g.span, 0.0f);
            for (int64_t img = n0; img < n1; ++img) {
                std::fill(gd.begin(), gd.end(), 0.0f);
                for (int64_t c = 0; c < g.cout; ++c)
                    for (int64_t i = 0; i < g.oh; ++i) {
                        const int64_t row = (img * g.cout + c) * g.oh + i;
                        k.maskRow(gp + row * g.ow, cp + row * g.span, g, masked.data());
                        k.inputGradRow(w + c * g.cin * 9, masked.data(), i, g, gd.data());
                    }
                for (int64_t ci = 0; ci < g.cin; ++ci) {
                    const float* even = gd.data() + ci * 2 * g.part();
                    const float* odd = even + g.part();
                    float* plane = dst + (img * g.cin + ci) * g.h * g.w;
                    for (int64_t y = 0; y < g.h; ++y)
                        for (int64_t x = 0; x < g.w; ++x) {
                            const int64_t r = y + 1, p = x + 1;  // padded coordinates
                            // Rows past 2*oh + 1 and columns past 2*ow + 1 feed no output.
                            plane[y * g.w + x] =
                                r < g.rows && p / 2 < g.len ? (p % 2 ? odd : even)[r * g.len + p / 2] : 0.0f;
                        }
                }
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
