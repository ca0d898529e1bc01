#pragma once
// Which attribution method turns a trained pass into a per-pixel map, and its settings.
// Torch-free: part of the run configuration the GUI and the CLI edit.
#include <string>

namespace dm {

struct AttributionConfig {
    std::string method = "integrated_gradients";  // | saliency | input_x_gradient | occlusion | attention_rollout
    int samples = 256;       // cells attributed per pass, a seeded sample (the seed: 64)
    int igSteps = 32;
    int internalBatch = 16;  // IG interpolation points evaluated per forward/backward
    std::string igMethod = "gausslegendre";  // | riemann_trapezoid
    // Integrated gradients' reference input: "zero" (the seed's; it scales a gene's
    // attribution by its expression, so abundant genes win) or "mean" (the mean training
    // cell: attribution measures departure from the typical cell).
    std::string baseline = "mean";
    // Per-pixel map from the per-cell attributions (each cell toward its own class):
    // "abs" (mean |attribution| over the cells, the seed's); "signed" (mean signed
    // attribution, negatives count 0: noise that pushes both ways cancels); "class_abs" and
    // "class_signed" (the same mean within each class's cells, then the largest over the
    // classes, as a one-vs-rest test scores a gene by its best class: a gene that marks
    // one class of eight is not diluted by the seven others). analysis/best_class_map.h;
    // docs/science.md has the measurements that made class_abs the default.
    std::string aggregate = "class_abs";
    // Which cells the sample is drawn from: "held_out" (the pass's test cells, the seed's)
    // or "all" (every cell, training and validation cells included: more cells per class,
    // but the training cells' attributions carry what the model overfitted).
    std::string cells = "held_out";
};

}  // namespace dm
