#pragma once
// Memory layout tests shared by the hand-written layers. Internal to dmcore (LibTorch).
#include <torch/torch.h>

namespace dm {

// True for a channels-last (NHWC) tensor that is not also plain contiguous: one channel,
// or one pixel, is both, and the NCHW loops then read the same memory.
inline bool channelsLastOnly(const torch::Tensor& x) {
    return !x.is_contiguous() && x.is_contiguous(torch::MemoryFormat::ChannelsLast);
}

}  // namespace dm
