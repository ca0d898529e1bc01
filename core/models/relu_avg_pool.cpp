#include "models/relu_avg_pool.h"

#include "models/pool_kernels.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace dm {

namespace {

// Start and end (exclusive) of adaptive window i of `cells` over `size` values.
int64_t windowStart(int64_t i, int64_t size, int64_t cells) { return i * size / cells; }
int64_t windowEnd(int64_t i, int64_t size, int64_t cells) { return ((i + 1) * size + cells - 1) / cells; }

constexpr auto kChannelsLast = torch::MemoryFormat::ChannelsLast;

// Images n0..n1 of a channels-last map, the vectors running over channels; windows
// summed pixel by pixel in row-major order. The output is (N, C, grid, grid) contiguous, as
// the head's linear layer reads it. Functions of their own rather than code in the
// parallel_for lambdas: inside OpenMP's outlined region such loops ran slower
// (max_pool_relu.cpp).
void poolImages(const float* src, float* dst, int64_t n0, int64_t n1, int64_t c, int64_t h, int64_t w,
                int64_t grid) {
    const pool_kernels::Kernels& k = pool_kernels::kernels();
    std::vector<float> sums(static_cast<size_t>(c));
    for (int64_t n = n0; n < n1; ++n)
        for (int64_t gy = 0; gy < grid; ++gy) {
            const int64_t y0 = windowStart(gy, h, grid), y1 = windowEnd(gy, h, grid);
            for (int64_t gx = 0; gx < grid; ++gx) {
                const int64_t x0 = windowStart(gx, w, grid), x1 = windowEnd(gx, w, grid);
                k.reluWindowSumNhwc(src + n * h * w * c, w, c, y0, y1, x0, x1, sums.data());
                const float area = static_cast<float>((y1 - y0) * (x1 - x0));
                for (int64_t ch = 0; ch < c; ++ch) dst[((n * c + ch) * grid + gy) * grid + gx] = sums[ch] / area;
            }
        }
}

void unpoolImages(const float* input, const float* gsrc, float* dst, int64_t n0, int64_t n1, int64_t c, int64_t h,
                  int64_t w, int64_t grid) {
    const pool_kernels::Kernels& k = pool_kernels::kernels();
    std::vector<float> share(static_cast<size_t>(c));
    for (int64_t n = n0; n < n1; ++n) {
        float* map = dst + n * h * w * c;
        std::fill(map, map + h * w * c, 0.0f);
        for (int64_t gy = 0; gy < grid; ++gy) {
            const int64_t y0 = windowStart(gy, h, grid), y1 = windowEnd(gy, h, grid);
            for (int64_t gx = 0; gx < grid; ++gx) {
                const int64_t x0 = windowStart(gx, w, grid), x1 = windowEnd(gx, w, grid);
                const float area = static_cast<float>((y1 - y0) * (x1 - x0));
                for (int64_t ch = 0; ch < c; ++ch) share[ch] = gsrc[((n * c + ch) * grid + gy) * grid + gx] / area;
                k.addToWindowNhwc(share.data(), w, c, y0, y1, x0, x1, map);
            }
        }
        k.reluMask(input + n * h * w * c, h * w * c, map);
    }
}

struct ReluAvgPoolFn : torch::autograd::Function<ReluAvgPoolFn> {
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& input, int64_t grid) {
        const torch::Tensor x = input.contiguous(kChannelsLast);  // cnn_small's layout already: no copy
        const int64_t n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
        torch::Tensor out = torch::empty({n, c, grid, grid}, x.options());
        const float* src = x.data_ptr<float>();
        float* dst = out.data_ptr<float>();
        at::parallel_for(0, n, 1, [&](int64_t n0, int64_t n1) { poolImages(src, dst, n0, n1, c, h, w, grid); });
        ctx->save_for_backward({x});
        ctx->saved_data["grid"] = grid;
        return out;
    }

    static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::tensor_list grads) {
        const torch::Tensor x = ctx->get_saved_variables()[0];
        const torch::Tensor g = grads[0].contiguous();
        const int64_t grid = ctx->saved_data["grid"].toInt();
        const int64_t n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
        torch::Tensor gin = torch::empty_like(x);  // channels-last, as x
        const float* in = x.data_ptr<float>();
        const float* gsrc = g.data_ptr<float>();
        float* dst = gin.data_ptr<float>();
        at::parallel_for(0, n, 1,
                         [&](int64_t n0, int64_t n1) { unpoolImages(in, gsrc, dst, n0, n1, c, h, w, grid); });
        return {gin, torch::Tensor()};
    }
};

}  // namespace

torch::Tensor reluAdaptiveAvgPool(const torch::Tensor& x, int64_t grid) {
    if (x.dim() != 4 || x.scalar_type() != torch::kFloat32 || !x.device().is_cpu() || grid < 1)
        return torch::adaptive_avg_pool2d(torch::relu(x), {grid, grid});
    return ReluAvgPoolFn::apply(x, grid);
}

}  // namespace dm
