#pragma once
// Which attribution method turns a trained pass into a per-pixel map, and its settings.
// Torch-free: part of the run configuration the GUI and the CLI edit.
#include <string>

namespace dm {

struct AttributionConfig {
    std::string method = "integrated_gradients";  // | saliency | input_x_gradient | occlusion | attention_rollout
    int samples = 64;        // held-out cells attributed per pass
    int igSteps = 32;
    int internalBatch = 16;  // IG interpolation points evaluated per forward/backward
    std::string igMethod = "gausslegendre";  // | riemann_trapezoid
};

}  // namespace dm
