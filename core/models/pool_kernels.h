#pragma once
// The vector inner loops of cnn_small's hand-written layers (conv_relu_pool.cpp,
// max_pool_relu.cpp), built once per instruction set (AVX-512, AVX2, SSE) from
// pool_kernels.inc and chosen at run time. Internal to dmcore.
#include <cstdint>
#include <string>
#include <vector>

namespace dm::pool_kernels {

// Which of the 2x2 window (0..3, row-major) holds the max, or kNoGrad when the ReLU
// clamps it (max <= 0): no gradient flows back through that output. A NaN max passes
// its gradient, as ATen's ReLU backward does.
constexpr uint8_t kNoGrad = 4;

// Rows are processed in blocks of one vector register (16, 8 or 4 values), never with a
// scalar remainder loop (with one, the first layer's forward took 4-5x longer per pixel at
// sides 96-127 and 160-181 than at 128 and 192): a row's last, partial block is read and
// written under a lane mask, and window-code rows are padded to a multiple of 16 so whole
// blocks of them can be read.
constexpr int64_t kSpanAlign = 16;

// Row width padded to whole blocks: the stride of every window-code buffer.
inline int64_t spanOf(int64_t ow) { return (ow + kSpanAlign - 1) / kSpanAlign * kSpanAlign; }

// The first layer's shapes (conv_relu_pool.cpp). It runs channels-last, vectors over
// output channels, on the zero-padded input xp, layout (N, Cin, rows, pcols): padded row r
// is input row r - 1, padded column p input column p - 1; rows = 2*oh + 2 and
// pcols = 2*ow + 2 cover every window's 4x4 patch (padded rows 2i..2i+3, columns
// 2j..2j+3 for pooled pixel (i, j)). Its input gradient is built in the same padded
// layout. Window codes: cspan per pixel.
struct Geometry {
    int64_t n, cin, cout, h, w, oh, ow, rows, pcols, cspan;
    int64_t plane() const { return rows * pcols; }  // one padded input plane
};

inline Geometry geometryOf(int64_t n, int64_t cin, int64_t cout, int64_t h, int64_t w) {
    return Geometry{n, cin, cout, h, w, h / 2, w / 2, 2 * (h / 2) + 2, 2 * (w / 2) + 2, spanOf(cout)};
}

// The inner loops (pool_kernels.inc documents each).
struct Kernels {
    void (*forwardRowNhwc)(const float* xp, const float* wt, const float* bias, int64_t row, const Geometry& g,
                           float* out, uint8_t* code);
    void (*weightGradRowNhwc)(const float* xp, const float* gr, const uint8_t* cr, int64_t row, const Geometry& g,
                              float* sums);
    void (*inputGradRowNhwc)(const float* wt, const float* gr, const uint8_t* cr, int64_t row, const Geometry& g,
                             float* gp);
    // Channels-last maps (C channels per pixel, codes spanOf(C) per pixel).
    void (*poolRowNhwc)(const float* r0, const float* r1, int64_t ow, int64_t C, int64_t cspan, float* out,
                        uint8_t* code);
    void (*unpoolRowNhwc)(const float* gr, const uint8_t* cr, int64_t ow, int64_t C, int64_t cspan, float* r0,
                          float* r1);
    void (*reluWindowSumNhwc)(const float* map, int64_t w, int64_t C, int64_t y0, int64_t y1, int64_t x0, int64_t x1,
                              float* sums);
    void (*addToWindowNhwc)(const float* share, int64_t w, int64_t C, int64_t y0, int64_t y1, int64_t x0, int64_t x1,
                            float* map);
    void (*reluMask)(const float* input, int64_t n, float* grad);
};

// The kernels in use: those of the best instruction set this CPU has, unless
// selectKernels chose others.
const Kernels& kernels();

// The instruction sets this CPU can run, best first: "avx512", "avx2", "baseline".
std::vector<std::string> supportedKernelSets();

// Makes every later kernels() return the named set, so tests can check each one against
// ATen (the CPU that runs them normally exercises only its best). False, and no change,
// when the CPU cannot run it. Not for use while kernels run.
bool selectKernels(const std::string& name);

}  // namespace dm::pool_kernels
