#include "models/conv_relu_pool.h"

#include "models/vector_clones.h"

#include <ATen/Parallel.h>

#include <cmath>
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

// The inner loops are written so the compiler vectorises them across a row (see
// vector_clones.h). CMake compiles this file with -ffp-contract=fast so multiply-adds become
// FMAs.

namespace dm {

namespace {

// Which of the 2x2 window (0..3, row-major) holds the max, or kNoGrad when the ReLU
// clamps it (max <= 0 or NaN): no gradient flows back through that output.
constexpr uint8_t kNoGrad = 4;

// Rows are processed in blocks of kLanes columns (one AVX-512 register, two AVX2 ones) and
// every buffer a row is read from is padded to a whole number of blocks: a scalar
// remainder loop cost 2-5x the time of the vector loop at sides whose pooled width is not
// a multiple of the vector length (measured at sides 96-192).
constexpr int64_t kLanes = 16;

// The zero-padded input is kept split into its even and odd columns ("deinterleaved"):
// a pooled output column j needs padded columns 2j..2j+3, which are then E[j], O[j],
// E[j+1], O[j+1], so every inner loop reads contiguous memory. Layout (N, Cin, 2, R, L):
// part 0 = even columns, 1 = odd; R = 2*oh + 2 padded rows, L = span + 1, where span is
// ow rounded up to whole blocks (the columns past ow are zeros and their results unused).
struct Geometry {
    int64_t n, cin, cout, h, w, oh, ow, span, rows, len;
    int64_t part() const { return rows * len; }
    int64_t image() const { return cin * 2 * part(); }
};

Geometry geometryOf(int64_t n, int64_t cin, int64_t cout, int64_t h, int64_t w) {
    Geometry g{n, cin, cout, h, w, h / 2, w / 2, 0, 0, 0};
    g.span = (g.ow + kLanes - 1) / kLanes * kLanes;
    g.rows = 2 * g.oh + 2;
    g.len = g.span + 1;
    return g;
}

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

// kLanes floats as one value (GCC vector extension): each function built by
// DM_VECTOR_CLONES turns it into one AVX-512 register, two AVX2 or four SSE ones. The
// backward is written with it: as auto-vectorised loops over arrays its 9 tap sums stayed
// in memory (1.4x slower). The forward is not: GCC 12 built its vector comparisons
// (the max-pool) lane by lane, 2-6x slower than the auto-vectorised loops below.
typedef float Vec __attribute__((vector_size(kLanes * sizeof(float))));
typedef int32_t Mask __attribute__((vector_size(kLanes * sizeof(int32_t))));
typedef uint8_t Bytes __attribute__((vector_size(kLanes)));

// Always inlined: as calls they would pass Vec in memory (the baseline ABI) and lose
// the clone's instruction set. GCC's note that this ABI differs by target is moot then.
#pragma GCC diagnostic ignored "-Wpsabi"
#define DM_INLINE inline __attribute__((always_inline))
DM_INLINE Vec load(const float* p) {
    Vec v;
    std::memcpy(&v, p, sizeof v);
    return v;
}
DM_INLINE void store(float* p, Vec v) { std::memcpy(p, &v, sizeof v); }

// One pooled output row of one channel, span columns: the four convolution values of
// every 2x2 window (a, b top; c, d bottom) summed over the input channels, then max, ReLU
// and the window code.
DM_VECTOR_CLONES
void forwardRow(const float* __restrict xd, const float* __restrict wc, float bias, int64_t row, const Geometry& g,
                float* __restrict out, uint8_t* __restrict code) {
    for (int64_t j0 = 0; j0 < g.span; j0 += kLanes) {
        float a[kLanes], b[kLanes], c[kLanes], d[kLanes];
        for (int64_t l = 0; l < kLanes; ++l) a[l] = b[l] = c[l] = d[l] = bias;
        for (int64_t ci = 0; ci < g.cin; ++ci) {
            const float* e = xd + ci * 2 * g.part() + 2 * row * g.len + j0;  // even columns, padded row 2*row
            const float* o = e + g.part();                                   // odd columns
            const float* w = wc + ci * 9;
            const float w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4], w5 = w[5], w6 = w[6], w7 = w[7],
                        w8 = w[8];
            const float *e0 = e, *e1 = e + g.len, *e2 = e + 2 * g.len, *e3 = e + 3 * g.len;
            const float *o0 = o, *o1 = o + g.len, *o2 = o + 2 * g.len, *o3 = o + 3 * g.len;
            for (int64_t l = 0; l < kLanes; ++l) {
                // Output (y, x) = sum over ky, kx of w[ky][kx] * padded(y + ky, x + kx).
                a[l] += w0 * e0[l] + w1 * o0[l] + w2 * e0[l + 1] + w3 * e1[l] + w4 * o1[l] + w5 * e1[l + 1] +
                        w6 * e2[l] + w7 * o2[l] + w8 * e2[l + 1];
                b[l] += w0 * o0[l] + w1 * e0[l + 1] + w2 * o0[l + 1] + w3 * o1[l] + w4 * e1[l + 1] +
                        w5 * o1[l + 1] + w6 * o2[l] + w7 * e2[l + 1] + w8 * o2[l + 1];
                c[l] += w0 * e1[l] + w1 * o1[l] + w2 * e1[l + 1] + w3 * e2[l] + w4 * o2[l] + w5 * e2[l + 1] +
                        w6 * e3[l] + w7 * o3[l] + w8 * e3[l + 1];
                d[l] += w0 * o1[l] + w1 * e1[l + 1] + w2 * o1[l + 1] + w3 * o2[l] + w4 * e2[l + 1] +
                        w5 * o2[l + 1] + w6 * o3[l] + w7 * e3[l + 1] + w8 * o3[l + 1];
            }
        }
        for (int64_t l = 0; l < kLanes; ++l) {
            // The first maximum wins and NaN propagates: ATen's max-pool rule.
            float m = a[l];
            int k = 0;
            if (b[l] > m || std::isnan(b[l])) m = b[l], k = 1;
            if (c[l] > m || std::isnan(c[l])) m = c[l], k = 2;
            if (d[l] > m || std::isnan(d[l])) m = d[l], k = 3;
            out[j0 + l] = m > 0.0f || std::isnan(m) ? m : 0.0f;
            code[j0 + l] = static_cast<uint8_t>(m > 0.0f ? k : kNoGrad);
        }
    }
}

// Splits kLanes columns of a pooled gradient row by window position: masked[q * span + l]
// is the gradient of column l if position q (0..3, row-major) won its window, else 0.
DM_INLINE void maskBlock(const float* gr, const uint8_t* cr, int64_t span, float* masked) {
    Bytes bytes;
    std::memcpy(&bytes, cr, sizeof bytes);
    const Mask k = __builtin_convertvector(bytes, Mask);
    const Vec v = load(gr);
    store(masked, k == 0 ? v : Vec{});
    store(masked + span, k == 1 ? v : Vec{});
    store(masked + 2 * span, k == 2 ? v : Vec{});
    store(masked + 3 * span, k == 3 ? v : Vec{});
}

// maskBlock over a whole row: full blocks in place, the last partial one through a copy
// padded with "no gradient", so no read goes past the row.
DM_VECTOR_CLONES
void maskRow(const float* __restrict gr, const uint8_t* __restrict cr, const Geometry& g, float* __restrict masked) {
    int64_t j0 = 0;
    for (; j0 + kLanes <= g.ow; j0 += kLanes) maskBlock(gr + j0, cr + j0, g.span, masked + j0);
    if (j0 == g.ow) return;
    float gt[kLanes] = {};
    uint8_t ct[kLanes];
    std::fill(ct, ct + kLanes, kNoGrad);
    std::copy(gr + j0, gr + g.ow, gt);
    std::copy(cr + j0, cr + g.ow, ct);
    maskBlock(gt, ct, g.span, masked + j0);
}

// Adds the lanes of v to total in a fixed order.
DM_INLINE void addLanes(double& total, Vec v) {
    for (int64_t l = 0; l < kLanes; ++l) total += v[l];
}

// The weight and bias gradient of one (image, channel) plane: sums[ci * 9 + tap] and
// sums[cin * 9] (bias), from the pooled gradient split by maskRow (masked: oh rows of
// 4 * span). The same pairing of window position and padded input as in forwardRow. Each
// block of columns keeps its 9 tap sums in registers over all rows, so the inner loop
// only loads the gradient and the input; lanes are summed at the end in a fixed order.
DM_VECTOR_CLONES
void weightGradPlane(const float* __restrict xd, const float* __restrict masked, const Geometry& g,
                     float* __restrict sums) {
    const int64_t s = g.span, rowStride = 4 * s;
    double bias = 0.0;
    for (int64_t j0 = 0; j0 < s; j0 += kLanes) {
        Vec lanes = Vec{};
        for (int64_t i = 0; i < g.oh; ++i) {
            const float* m = masked + i * rowStride + j0;
            lanes += load(m) + load(m + s) + load(m + 2 * s) + load(m + 3 * s);
        }
        addLanes(bias, lanes);
    }
    sums[g.cin * 9] = static_cast<float>(bias);
    for (int64_t ci = 0; ci < g.cin; ++ci) {
        double total[9] = {};
        for (int64_t j0 = 0; j0 < s; j0 += kLanes) {
            Vec t[9] = {};
            for (int64_t i = 0; i < g.oh; ++i) {
                const float* m = masked + i * rowStride + j0;
                const Vec ga = load(m), gb = load(m + s), gc = load(m + 2 * s), gd = load(m + 3 * s);
                const float* e = xd + ci * 2 * g.part() + 2 * i * g.len + j0;
                const float* o = e + g.part();
                for (int ky = 0; ky < 3; ++ky) {
                    // Rows of the top window pair (padded row 2i + ky) and of the bottom one.
                    const float *et = e + ky * g.len, *ot = o + ky * g.len, *eb = et + g.len, *ob = ot + g.len;
                    const Vec et0 = load(et), et1 = load(et + 1), ot0 = load(ot), ot1 = load(ot + 1);
                    const Vec eb0 = load(eb), eb1 = load(eb + 1), ob0 = load(ob), ob1 = load(ob + 1);
                    t[ky * 3] += ga * et0 + gb * ot0 + gc * eb0 + gd * ob0;
                    t[ky * 3 + 1] += ga * ot0 + gb * et1 + gc * ob0 + gd * eb1;
                    t[ky * 3 + 2] += ga * et1 + gb * ot1 + gc * eb1 + gd * ob1;
                }
            }
            for (int tap = 0; tap < 9; ++tap) addLanes(total[tap], t[tap]);
        }
        for (int tap = 0; tap < 9; ++tap) sums[ci * 9 + tap] = static_cast<float>(total[tap]);
    }
}

// Adds w * (pooled gradient, split by maskRow) of one channel's row to the
// deinterleaved, padded input gradient gd (same layout as xd): the transpose of
// forwardRow.
DM_VECTOR_CLONES
void inputGradRow(const float* __restrict wc, const float* __restrict masked, int64_t row, const Geometry& g,
                  float* __restrict gd) {
    const int64_t s = g.span;
    const float *ga = masked, *gb = masked + s, *gc = masked + 2 * s, *gdd = masked + 3 * s;
    for (int64_t ci = 0; ci < g.cin; ++ci) {
        float* e = gd + ci * 2 * g.part() + 2 * row * g.len;
        float* o = e + g.part();
        const float* w = wc + ci * 9;
        for (int ky = 0; ky < 3; ++ky) {
            float* __restrict et = e + ky * g.len;
            float* __restrict ot = o + ky * g.len;
            float* __restrict eb = et + g.len;
            float* __restrict ob = ot + g.len;
            const float w0 = w[ky * 3], w1 = w[ky * 3 + 1], w2 = w[ky * 3 + 2];
            // Column j of each part first, then column j + 1, so no iteration writes what
            // the next one reads.
            for (int64_t j0 = 0; j0 < s; j0 += kLanes)
                for (int64_t j = j0; j < j0 + kLanes; ++j) {
                    et[j] += w0 * ga[j];
                    ot[j] += w1 * ga[j] + w0 * gb[j];
                    eb[j] += w0 * gc[j];
                    ob[j] += w1 * gc[j] + w0 * gdd[j];
                }
            for (int64_t j0 = 0; j0 < s; j0 += kLanes)
                for (int64_t j = j0; j < j0 + kLanes; ++j) {
                    et[j + 1] += w2 * ga[j] + w1 * gb[j];
                    ot[j + 1] += w2 * gb[j];
                    eb[j + 1] += w2 * gc[j] + w1 * gdd[j];
                    ob[j + 1] += w2 * gdd[j];
                }
        }
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
        at::parallel_for(0, g.n * g.cout, 1, [&](int64_t p0, int64_t p1) {
            std::vector<float> row(g.span);
            for (int64_t p = p0; p < p1; ++p) {
                const int64_t img = p / g.cout, c = p % g.cout;
                for (int64_t i = 0; i < g.oh; ++i) {
                    forwardRow(xdp + img * g.image(), w + c * g.cin * 9, b[c], i, g, row.data(),
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
        at::parallel_for(0, g.n * g.cout, 1, [&](int64_t p0, int64_t p1) {
            std::vector<float> masked(g.oh * 4 * g.span, 0.0f);
            for (int64_t p = p0; p < p1; ++p) {
                for (int64_t i = 0; i < g.oh; ++i)
                    maskRow(gp + (p * g.oh + i) * g.ow, cp + (p * g.oh + i) * g.span, g, masked.data() + i * 4 * g.span);
                weightGradPlane(xdp + (p / g.cout) * g.image(), masked.data(), g, part + p * taps);
            }
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
        at::parallel_for(0, g.n, 1, [&](int64_t n0, int64_t n1) {
            std::vector<float> gd(g.image()), masked(4 * g.span, 0.0f);
            for (int64_t img = n0; img < n1; ++img) {
                std::fill(gd.begin(), gd.end(), 0.0f);
                for (int64_t c = 0; c < g.cout; ++c)
                    for (int64_t i = 0; i < g.oh; ++i) {
                        const int64_t row = (img * g.cout + c) * g.oh + i;
                        maskRow(gp + row * g.ow, cp + row * g.span, g, masked.data());
                        inputGradRow(w + c * g.cin * 9, masked.data(), i, g, gd.data());
                    }
                for (int64_t ci = 0; ci < g.cin; ++ci) {
                    const float* even = gd.data() + ci * 2 * g.part();
                    const float* odd = even + g.part();
                    float* plane = dst + (img * g.cin + ci) * g.h * g.w;
                    for (int64_t y = 0; y < g.h; ++y)
                        for (int64_t x = 0; x < g.w; ++x) {
                            const int64_t r = y + 1, p = x + 1;  // padded coordinates
                            // Rows past 2*oh + 1 and columns past 2*ow + 1 feed no output.
                            plane[y * g.w + x] = r < g.rows && p / 2 < g.len ? (p % 2 ? odd : even)[r * g.len + p / 2] : 0.0f;
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
