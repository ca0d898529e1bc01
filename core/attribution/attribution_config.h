#pragma once
// Which attribution method turns a trained pass into a per-pixel map, and its settings.
// Torch-free: part of the run configuration the GUI and the CLI edit.
#include <string>

namespace dm {

struct AttributionConfig {
    std::string method = "integrated_gradients";  // | saliency | input_x_gradient | occlusion | attention_rollout
    int samples = 256;       // held-out cells attributed per pass (the seed: 64)
    int igSteps = 32;
    int internalBatch = 16;  // IG interpolation points evaluated per forward/backward
    std::string igMethod = "gausslegendre";  // | riemann_trapezoid
    // Integrated gradients' reference input: "zero" (the seed's; it scales a gene's
    // attribution by its expression, so abundant genes win) or "mean" (the mean training
    // cell: attribution measures departure from the typical cell).
    std::string baseline = "mean";
    // Per-pixel map from the per-cell attributions: "abs" (mean |attribution|, the seed's)
    // or "signed" (mean signed attribution toward the cell's own class, negatives count 0):
    // noise that pushes both ways cancels instead of piling up.
    std::string aggregate = "abs";
};

}  // namespace dm
