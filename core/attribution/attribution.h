#pragma once
// Attribution of a prediction to input pixels, for any differentiable backbone (including
// TorchScript ones). Internal to dmcore (LibTorch). Numbers follow Captum 0.7.
#include "attribution/attribution_config.h"
#include "models/backbone.h"

#include <torch/torch.h>

namespace dm {

enum class IgMethod { GaussLegendre, RiemannTrapezoid };

struct IgResult {
    torch::Tensor attributions;  // same shape as inputs
    torch::Tensor delta;         // per sample: sum(attr) - (f(x) - f(baseline)) for the target
};

// Captum's step sizes and alphas on [0, 1] for n steps. Gauss-Legendre: alphas 0.5(1+x_i),
// weights 0.5 w_i. Riemann trapezoid: alphas linspace(0, 1, n), weights 1/n with both ends
// halved (Captum 0.7's exact rule; they sum to (n-1)/n, which shows up in the delta).
void igQuadrature(int steps, IgMethod method, std::vector<double>& alphas, std::vector<double>& weights);

// Integrated gradients from `baseline` (one image broadcast to every input; undefined: the
// zero image, Captum's default); `internalBatch` interpolation points are evaluated per
// forward/backward to bound memory.
IgResult integratedGradients(Backbone& model, const torch::Tensor& inputs, const torch::Tensor& targets, int steps,
                             int internalBatch, IgMethod method = IgMethod::GaussLegendre,
                             const torch::Tensor& baseline = torch::Tensor());
torch::Tensor saliency(Backbone& model, const torch::Tensor& inputs, const torch::Tensor& targets);  // |grad|
torch::Tensor inputXGradient(Backbone& model, const torch::Tensor& inputs, const torch::Tensor& targets);
// 1x1 window, stride 1, zero baseline: f(x)[t] - f(x with pixel zeroed)[t]. A pixel is
// zeroed in all channels at once and every channel of it gets that score drop.
torch::Tensor occlusion(Backbone& model, const torch::Tensor& inputs, const torch::Tensor& targets);

// The per-pixel map the runner accumulates, flattened to side*side: attribution summed
// over channels, then averaged over the batch as |a| (config.aggregate "abs") or as the
// signed value, negatives set to 0 ("signed"). Dispatches on config.method; `baseline` is
// integrated gradients' reference image when config.baseline is "mean" (ignored
// otherwise). Throws ConfigError if the method does not suit the backbone.
torch::Tensor pixelImportance(Backbone& model, const torch::Tensor& inputs, const torch::Tensor& targets,
                              const AttributionConfig& config, const torch::Tensor& baseline = torch::Tensor());
// The same per cell, before averaging: dim 0 is the cell, the rest is the pixel map
// (|attribution| for "abs", the signed attribution for "signed"; pixelImportance is its
// mean over cells, negatives then set to 0 for "signed"). The runner groups these rows by
// class for the per-class rankings instead of attributing each class again.
torch::Tensor pixelImportancePerCell(Backbone& model, const torch::Tensor& inputs, const torch::Tensor& targets,
                                     const AttributionConfig& config, const torch::Tensor& baseline = torch::Tensor());

}  // namespace dm
