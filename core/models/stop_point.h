#pragma once
// A place inside a forward pass where a stop (common/interrupt.h) may land, now and again
// when the activation's gradient arrives in backward(): a conv layer of a large
// pseudo-image takes seconds forward and more backward, so a stop checked only between
// batches waited for the whole batch (the VAE at 142 x 142: 7-9 s). LibTorch runs a CPU
// backward on the calling thread, so the hook sees that thread's InterruptScope, and the
// engine rethrows the hook's Cancelled from backward() unchanged. Without a scope: one
// thread-local read and, in training, one hook per marked activation. Internal to dmcore.
#include "common/interrupt.h"

#include <torch/torch.h>

namespace dm {

inline torch::Tensor stopPoint(torch::Tensor activation) {
    interruptionPoint();
    if (activation.requires_grad()) activation.register_hook([](const torch::Tensor&) { interruptionPoint(); });
    return activation;
}

}  // namespace dm
