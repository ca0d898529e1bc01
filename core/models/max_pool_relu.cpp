#include "models/max_pool_relu.h"

#include "models/pool_kernels.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cstdint>

namespace dm {

namespace {

using pool_kernels::spanOf;
constexpr auto kChannelsLast = torch::MemoryFormat::ChannelsLast;

// The loops live in functions of their own, not in the parallel_for lambdas: compiled into
// OpenMP's outlined region, the forward ran 3.5x slower (side 100, one thread).
// Maps are channels-last (pool_kernels' vectors run over a pixel's channels); row r is
// output row r % oh of image r / oh. Window codes (pool_kernels::kNoGrad where the ReLU
// clamps) are kept spanOf(c) per pixel, so the backward reads whole blocks of them.
void poolRows(const float* src, float* dst, uint8_t* arg, int64_t r0, int64_t r1, int64_t c, int64_t h, int64_t w) {
    const int64_t oh = h / 2, ow = w / 2, cspan = spanOf(c);
    const pool_kernels::Kernels& k = pool_kernels::kernels();
    for (int64_t r = r0; r < r1; ++r) {
        const float* top = src + ((r / oh) * h + 2 * (r % oh)) * w * c;
        k.poolRowNhwc(top, top + w * c, ow, c, cspan, dst + r * ow * c, arg + r * ow * cspan);
    }
}

void unpoolRows(const float* gsrc, const uint8_t* arg, float* dst, int64_t r0, int64_t r1, int64_t c, int64_t h,
                int64_t w) {
    const int64_t oh = h / 2, ow = w / 2, cspan = spanOf(c);
    const pool_kernels::Kernels& k = pool_kernels::kernels();
    for (int64_t r = r0; r < r1; ++r) {
        const int64_t i = r % oh;
        float* top = dst + ((r / oh) * h + 2 * i) * w * c;
        float* bottom = top + w * c;
        // Every input position is written once (no separate zero-fill pass).
        k.unpoolRowNhwc(gsrc + r * ow * c, arg + r * ow * cspan, ow, c, cspan, top, bottom);
        if (w % 2) {  // the column the pool drops
            std::fill(top + (w - 1) * c, top + w * c, 0.0f);
            std::fill(bottom + (w - 1) * c, bottom + w * c, 0.0f);
        }
        if (h % 2 && i == oh - 1) std::fill(bottom + w * c, bottom + 2 * w * c, 0.0f);  // the row it drops
    }
}

struct MaxPool2ReluFn : torch::autograd::Function<MaxPool2ReluFn> {
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& input) {
        const torch::Tensor x = input.contiguous(kChannelsLast);  // cnn_small's layout already: no copy
        const int64_t n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
        const int64_t oh = h / 2, ow = w / 2;
        torch::Tensor out = torch::empty({n, c, oh, ow}, x.options().memory_format(kChannelsLast));
        torch::Tensor code = torch::empty({n, oh, ow, spanOf(c)}, x.options().dtype(torch::kUInt8));
        const float* src = x.data_ptr<float>();
        float* dst = out.data_ptr<float>();
        uint8_t* arg = code.data_ptr<uint8_t>();
        at::parallel_for(0, n * oh, 1, [&](int64_t r0, int64_t r1) { poolRows(src, dst, arg, r0, r1, c, h, w); });
        ctx->save_for_backward({code});
        ctx->saved_data["c"] = c;
        ctx->saved_data["h"] = h;
        ctx->saved_data["w"] = w;
        return out;
    }

    static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::tensor_list grads) {
        const torch::Tensor code = ctx->get_saved_variables()[0];
        const int64_t n = code.size(0), c = ctx->saved_data["c"].toInt();
        const int64_t h = ctx->saved_data["h"].toInt(), w = ctx->saved_data["w"].toInt();
        const torch::Tensor g = grads[0].contiguous(kChannelsLast);
        torch::Tensor gin = torch::empty({n, c, h, w}, g.options().memory_format(kChannelsLast));
        const float* gsrc = g.data_ptr<float>();
        const uint8_t* arg = code.data_ptr<uint8_t>();
        float* dst = gin.data_ptr<float>();
        at::parallel_for(0, n * (h / 2), 1,
                         [&](int64_t r0, int64_t r1) { unpoolRows(gsrc, arg, dst, r0, r1, c, h, w); });
        return {gin};
    }
};

}  // namespace

torch::Tensor maxPool2Relu(const torch::Tensor& x) {
    if (x.dim() != 4 || x.scalar_type() != torch::kFloat32 || !x.device().is_cpu() || x.size(2) < 2 ||
        x.size(3) < 2)
        return torch::relu(torch::max_pool2d(x, 2));
    return MaxPool2ReluFn::apply(x);
}

}  // namespace dm
