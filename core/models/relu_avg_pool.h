#pragma once
// ReLU followed by an adaptive average pool, as one autograd op: cnn_small's head.
// Internal to dmcore (LibTorch).
#include <torch/torch.h>

namespace dm {

// adaptive_avg_pool2d(relu(x), {grid, grid}) with its input gradient. x: (N, C, H, W).
// Why a kernel of its own: as ATen ops the ReLU, the pool, the pool's backward (a
// zero-filled gradient, then scattered into) and the ReLU's backward are four passes over
// the last convolution's output and took about 8% of a cnn_small training step at side 100;
// here the forward is one pass and the backward one write per input value.
// Windows as ATen's: rows floor(i * H / grid) to ceil((i + 1) * H / grid), likewise
// columns, summed in row-major order. NaN propagates through the ReLU and gets no
// gradient, as in ATen. The kernel reads channels-last (cnn_small's layout; other input is
// copied to it first), its input gradient is channels-last and its output (N, C, grid,
// grid) contiguous. Float32 CPU input of 4 dims uses the kernel; anything else falls back
// to the ATen ops.
torch::Tensor reluAdaptiveAvgPool(const torch::Tensor& x, int64_t grid);

}  // namespace dm
