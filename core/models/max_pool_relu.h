#pragma once
// relu(max_pool2d(x, 2)) as one autograd op, for cnn_small's second layer (the first is
// conv_relu_pool.h).
// Internal to dmcore (LibTorch).
#include <torch/torch.h>

namespace dm {

// Same values and input gradient as torch::max_pool2d(torch::relu(x), 2) (and as
// torch::relu(torch::max_pool2d(x, 2)): ReLU is monotonic, so it commutes with the max),
// including which of tied inputs gets the gradient (the first in row-major order, as
// ATen's kernel). Why a kernel of its own: on cnn_small's 16-channel first activation
// ATen's scalar, branchy max-pool (int64 indices, a separate zero-fill in backward) and
// the two ReLU passes took about 40% of a training step while doing no arithmetic; this
// makes one pass over the input forward and one over the gradient backward.
// The kernel works channels-last (cnn_small's layout, the one oneDNN takes without
// reordering) and returns channels-last; other input is copied to it first. Float32 CPU
// tensors of 4 dims use the fused kernel; anything else falls back to ATen.
torch::Tensor maxPool2Relu(const torch::Tensor& x);

}  // namespace dm
