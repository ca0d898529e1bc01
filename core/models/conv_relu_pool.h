#pragma once
// cnn_small's first layer as one autograd op: 3x3 convolution (padding 1) -> ReLU ->
// 2x2 max-pool. Internal to dmcore (LibTorch).
#include <torch/torch.h>

namespace dm {

// relu(max_pool2d(conv2d(x, weight, bias, stride 1, padding 1), 2)) with the gradients of
// x, weight and bias. x: (N, Cin, H, W); weight: (Cout, Cin, 3, 3); bias: (Cout).
//
// Why a kernel of its own: the first layer turns a 1-channel pseudo-image into 16
// full-size channels, which the pool then shrinks 4x. Done op by op (oneDNN convolution,
// then pool), that full-size activation is written, read, and written again as a
// gradient: 67 MB per 64-image batch at side 128, a quarter of a training step spent
// moving data with 9 multiply-adds per value. Here each output row pair is computed in
// registers, pooled at once, and only the pooled value and a 1-byte window position are
// stored. The backward needs no full-size gradient either: only the winning position
// of each window carries one, so the weight gradient is accumulated straight from the
// pooled gradient and the saved input.
//
// The output is channels-last (NHWC), the layout oneDNN's convolutions take without
// reordering; the kernels' vectors run over output channels, one pooled pixel at a time.
//
// Same values as the ATen composition up to float summation order (the 9 Cin products
// per output are summed in a fixed order, with FMA where the CPU has it); the same
// window position wins ties (the first, row-major) and NaN propagates, as in ATen's
// max-pool. Deterministic: the weight gradient is summed pooled row by pooled row in a
// fixed order whatever the thread count. Float32 CPU input of 4 dims and at least 2 x 2 uses the
// kernel; anything else falls back to the ATen ops.
torch::Tensor conv3x3ReluMaxPool2(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias);

}  // namespace dm
