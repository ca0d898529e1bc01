#include "models/max_pool_relu.h"

#include "models/layout.h"
#include "models/pool_kernels.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cstdint>

namespace dm {

namespace {

using pool_kernels::spanOf;

// The loops live in functions of their own, not in the parallel_for lambdas: compiled into
// OpenMP's outlined region, the forward ran 3.5x slower (side 100, one thread). Rows go
// to pool_kernels' poolRow and unpoolRow (native vectors, no scalar remainder). The
// window codes (pool_kernels::kNoGrad where the ReLU clamps) are kept span wide, so the
// backward reads whole blocks of them.
void poolPlanes(const float* src, float* dst, uint8_t* arg, int64_t p0, int64_t p1, int64_t h, int64_t w) {
    const int64_t oh = h / 2, ow = w / 2, span = spanOf(ow);
    const pool_kernels::Kernels& k = pool_kernels::kernels();
    for (int64_t p = p0; p < p1; ++p)
        for (int64_t i = 0; i < oh; ++i) {
            const float* r0 = src + (p * h + 2 * i) * w;
            k.poolRow(r0, r0 + w, ow, span, dst + (p * oh + i) * ow, arg + (p * oh + i) * span);
        }
}

void unpoolPlanes(const float* gsrc, const uint8_t* arg, float* dst, int64_t p0, int64_t p1, int64_t h, int64_t w) {
    const int64_t oh = h / 2, ow = w / 2, span = spanOf(ow);
    const pool_kernels::Kernels& k = pool_kernels::kernels();
    for (int64_t p = p0; p < p1; ++p) {
        float* plane = dst + p * h * w;
        for (int64_t i = 0; i < oh; ++i) {
            float* r0 = plane + 2 * i * w;
            float* r1 = r0 + w;
            // Every input position is written once (no separate zero-fill pass).
            k.unpoolRow(gsrc + (p * oh + i) * ow, arg + (p * oh + i) * span, ow, r0, r1);
            if (w % 2) r0[w - 1] = r1[w - 1] = 0.0f;  // the column the pool drops
        }
        if (h % 2) std::fill(plane + (h - 1) * w, plane + h * w, 0.0f);  // the row it drops
    }
}

// Channels-last maps (cnn_small keeps its activations so for oneDNN): pooled over whole
// rows of pixels, the vectors running over channels. r(n, i) is output row i of image n.
void poolRowsNhwc(const float* src, float* dst, uint8_t* arg, int64_t r0, int64_t r1, int64_t c, int64_t h,
                  int64_t w) {
    const int64_t oh = h / 2, ow = w / 2, cspan = spanOf(c);
    const pool_kernels::Kernels& k = pool_kernels::kernels();
    for (int64_t r = r0; r < r1; ++r) {
        const int64_t n = r / oh, i = r % oh;
        const float* top = src + (n * h + 2 * i) * w * c;
        k.poolRowNhwc(top, top + w * c, ow, c, cspan, dst + r * ow * c, arg + r * ow * cspan);
    }
}

void unpoolRowsNhwc(const float* gsrc, const uint8_t* arg, float* dst, int64_t r0, int64_t r1, int64_t c, int64_t h,
                    int64_t w) {
    const int64_t oh = h / 2, ow = w / 2, cspan = spanOf(c);
    const pool_kernels::Kernels& k = pool_kernels::kernels();
    for (int64_t r = r0; r < r1; ++r) {
        const int64_t n = r / oh, i = r % oh;
        float* top = dst + (n * h + 2 * i) * w * c;
        float* bottom = top + w * c;
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
        const bool nhwc = channelsLastOnly(input);
        const torch::Tensor x = nhwc ? input : input.contiguous();
        const int64_t n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
        const int64_t oh = h / 2, ow = w / 2;
        const float* src = x.data_ptr<float>();
        torch::Tensor out, code;
        if (nhwc) {
            out = torch::empty({n, c, oh, ow}, x.options().memory_format(torch::MemoryFormat::ChannelsLast));
            code = torch::empty({n, oh, ow, spanOf(c)}, x.options().dtype(torch::kUInt8));
            float* dst = out.data_ptr<float>();
            uint8_t* arg = code.data_ptr<uint8_t>();
            at::parallel_for(0, n * oh, 1,
                             [&](int64_t r0, int64_t r1) { poolRowsNhwc(src, dst, arg, r0, r1, c, h, w); });
        } else {
            out = torch::empty({n, c, oh, ow}, x.options());
            code = torch::empty({n, c, oh, spanOf(ow)}, x.options().dtype(torch::kUInt8));
            float* dst = out.data_ptr<float>();
            uint8_t* arg = code.data_ptr<uint8_t>();
            at::parallel_for(0, n * c, 1, [&](int64_t p0, int64_t p1) { poolPlanes(src, dst, arg, p0, p1, h, w); });
        }
        ctx->save_for_backward({code});
        ctx->saved_data["nhwc"] = nhwc;
        ctx->saved_data["c"] = c;
        ctx->saved_data["h"] = h;
        ctx->saved_data["w"] = w;
        return out;
    }

    static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::tensor_list grads) {
        const torch::Tensor code = ctx->get_saved_variables()[0];
        const bool nhwc = ctx->saved_data["nhwc"].toBool();
        const int64_t n = code.size(0), c = ctx->saved_data["c"].toInt();
        const int64_t h = ctx->saved_data["h"].toInt(), w = ctx->saved_data["w"].toInt();
        const auto layout = nhwc ? torch::MemoryFormat::ChannelsLast : torch::MemoryFormat::Contiguous;
        const torch::Tensor g = grads[0].contiguous(layout);
        torch::Tensor gin = torch::empty({n, c, h, w}, g.options().memory_format(layout));
        const float* gsrc = g.data_ptr<float>();
        const uint8_t* arg = code.data_ptr<uint8_t>();
        float* dst = gin.data_ptr<float>();
        if (nhwc)
            at::parallel_for(0, n * (h / 2), 1,
                             [&](int64_t r0, int64_t r1) { unpoolRowsNhwc(gsrc, arg, dst, r0, r1, c, h, w); });
        else
            at::parallel_for(0, n * c, 1,
                             [&](int64_t p0, int64_t p1) { unpoolPlanes(gsrc, arg, dst, p0, p1, h, w); });
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
