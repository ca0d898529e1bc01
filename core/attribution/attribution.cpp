// Gradient and perturbation attributions with Captum 0.7's numbers, and the per-pixel map
// the runner accumulates. Gradients are taken with torch::autograd::grad with respect to
// the inputs only, so parameters never get a .grad.
#include "attribution/attribution.h"
#include "common/error.h"
#include "common/interrupt.h"

#include <algorithm>

namespace dm {
namespace {

// Attribution runs the model in eval mode (dropout off, batch-norm running statistics)
// and puts the caller's mode back afterwards, also when an exception escapes.
class EvalModeScope {
public:
    explicit EvalModeScope(Backbone& model) : model_(model), was_(model.isTraining()) { model_.train(false); }
    ~EvalModeScope() { model_.train(was_); }
    EvalModeScope(const EvalModeScope&) = delete;
    EvalModeScope& operator=(const EvalModeScope&) = delete;

private:
    Backbone& model_;
    bool was_;
};

// Checks the shapes and returns the targets as int64 on the inputs' device.
torch::Tensor checkedTargets(const torch::Tensor& inputs, const torch::Tensor& targets) {
    if (!inputs.defined() || inputs.dim() != 4 || !inputs.is_floating_point())
        throw Error("attribution needs float images of shape (batch, channels, side, side)");
    if (!targets.defined() || targets.dim() != 1 || targets.size(0) != inputs.size(0))
        throw Error("attribution needs one target class per image (targets of shape (batch))");
    return targets.to(inputs.device(), torch::kLong);
}

// The target class's logit for every row.
torch::Tensor targetScores(const torch::Tensor& logits, const torch::Tensor& targets) {
    return logits.gather(1, targets.view({-1, 1})).squeeze(1);
}

// d logit[target] / d input for every image (rows are independent in eval mode).
torch::Tensor inputGradient(Backbone& model, const torch::Tensor& inputs, const torch::Tensor& targets) {
    const auto t = checkedTargets(inputs, targets);
    EvalModeScope eval(model);
    torch::AutoGradMode enableGrad(true);
    auto x = inputs.detach().requires_grad_(true);
    auto score = targetScores(model.forward(x), t).sum();
    return torch::autograd::grad({score}, {x})[0];
}

// Input values per integrated-gradients forward (64 images of 32 x 32, 2 of 181 x 181):
// small enough that a forward's activations stay in the 2 MB per-core cache. Measured
// best of 16K..4M values at sides 32, 100 and 181 (docs/performance.md).
int64_t igRowValueBudget() { return int64_t(64) * 32 * 32; }

IgMethod parseIgMethod(const std::string& name) {
    if (name == "gausslegendre") return IgMethod::GaussLegendre;
    if (name == "riemann_trapezoid") return IgMethod::RiemannTrapezoid;
    throw ConfigError("attribution.ig_method '" + name + "' is not known; use gausslegendre or riemann_trapezoid");
}

}  // namespace

IgResult integratedGradients(Backbone& model, const torch::Tensor& inputs, const torch::Tensor& targets, int steps,
                             int internalBatch, IgMethod method, const torch::Tensor& reference) {
    if (internalBatch < 1)
        throw ConfigError("attribution.internal_batch must be at least 1, got " + std::to_string(internalBatch));
    std::vector<double> alphas, weights;
    igQuadrature(steps, method, alphas, weights);
    const auto t = checkedTargets(inputs, targets);
    EvalModeScope eval(model);
    torch::AutoGradMode enableGrad(true);

    const auto x = inputs.detach();
    const auto baseline = reference.defined() ? reference.detach().to(x.options()).expand_as(x).contiguous()
                                              : torch::zeros_like(x);
    const auto diff = x - baseline;
    const auto opts = x.options();
    const auto alphaT = torch::tensor(alphas, torch::kDouble).to(opts);
    const auto weightT = torch::tensor(weights, torch::kDouble).to(opts);
    const int64_t B = x.size(0);
    std::vector<int64_t> stepShape = {-1, 1, 1, 1, 1};
    std::vector<int64_t> rowShape = {-1, x.size(1), x.size(2), x.size(3)};

    // Steps are evaluated internalBatch at a time, all images together: rows are ordered
    // step-major ([step s: image 0..B-1], ...) as in Captum. The rows of one forward are
    // further capped (images split into groups, fewer steps per chunk): a 1,024-row
    // forward of 181 x 181 images streams gigabytes of activations and ran 4x slower per
    // row than cache-sized chunks (docs/performance.md).
    // Only the order of the floating-point sum over steps changes with the chunking.
    // A forward also reads every weight once: enough rows that the activations outweigh
    // the weights keep a wide first layer (mlp: 8M weights) from turning into bandwidth-
    // bound matrix-vector products.
    int64_t modelWeights = 0;
    for (const auto& p : model.parameters()) modelWeights += p.numel();
    const int64_t perRow = std::max<int64_t>(1, x.size(1) * x.size(2) * x.size(3));
    const int64_t rowCap = std::max<int64_t>(1, std::max(igRowValueBudget(), modelWeights) / perRow);
    const int64_t group = std::min<int64_t>(B, rowCap);
    const int stepChunk = static_cast<int>(std::clamp<int64_t>(rowCap / group, 1, internalBatch));
    auto totalGrad = torch::zeros_like(x);
    for (int64_t g0 = 0; g0 < B; g0 += group) {
        const int64_t n = std::min(group, B - g0);
        const auto xg = x.narrow(0, g0, n), baseg = baseline.narrow(0, g0, n), diffg = diff.narrow(0, g0, n);
        const auto tg = t.narrow(0, g0, n);
        auto gradSum = totalGrad.narrow(0, g0, n);
        for (int start = 0; start < steps; start += stepChunk) {
            interruptionPoint();  // a stop lands between chunks (the runner's InterruptScope)
            const int k = std::min(stepChunk, steps - start);
            const auto a = alphaT.slice(0, start, start + k).view(stepShape);
            auto scaled = (baseg.unsqueeze(0) + a * diffg.unsqueeze(0)).reshape(rowShape).requires_grad_(true);
            auto score = targetScores(model.forward(scaled), tg.repeat({k})).sum();
            auto grad = torch::autograd::grad({score}, {scaled})[0].view({k, n, x.size(1), x.size(2), x.size(3)});
            gradSum.add_((grad * weightT.slice(0, start, start + k).view(stepShape)).sum(0));
        }
    }
    IgResult result;
    result.attributions = totalGrad * diff;

    // Convergence delta: sum(attr) - (f(x)[t] - f(baseline)[t]).
    torch::NoGradGuard noGrad;
    const auto ends = targetScores(model.forward(torch::cat({x, baseline})), t.repeat({2}));
    result.delta = result.attributions.flatten(1).sum(1) - (ends.slice(0, 0, B) - ends.slice(0, B, 2 * B));
    return result;
}

torch::Tensor saliency(Backbone& model, const torch::Tensor& inputs, const torch::Tensor& targets) {
    return inputGradient(model, inputs, targets).abs();
}

torch::Tensor inputXGradient(Backbone& model, const torch::Tensor& inputs, const torch::Tensor& targets) {
    return inputGradient(model, inputs, targets) * inputs.detach();
}

torch::Tensor occlusion(Backbone& model, const torch::Tensor& inputs, const torch::Tensor& targets) {
    const auto t = checkedTargets(inputs, targets);
    EvalModeScope eval(model);
    torch::NoGradGuard noGrad;
    const auto x = inputs.detach();
    const int64_t B = x.size(0), C = x.size(1), P = x.size(2) * x.size(3);
    const auto base = targetScores(model.forward(x), t);
    const auto xFlat = x.reshape({B, C, P});

    // One perturbed image per (image, pixel) row; a pixel is zeroed in every channel.
    // Rows are batched so each forward sees about 1M input values.
    const int64_t total = B * P;
    const int64_t chunk = std::clamp<int64_t>((int64_t(1) << 20) / (C * P), 1, 1024);
    auto result = torch::empty({total}, x.options());
    const auto longOpts = t.options();
    for (int64_t r0 = 0; r0 < total; r0 += chunk) {
        interruptionPoint();
        const int64_t r1 = std::min(total, r0 + chunk);
        const auto rows = torch::arange(r0, r1, longOpts);
        const auto sample = torch::div(rows, P, "floor");
        const auto pixel = rows - sample * P;
        const auto mask = torch::zeros({r1 - r0, P}, x.options().dtype(torch::kBool))
                              .scatter_(1, pixel.view({-1, 1}), true)
                              .unsqueeze(1);
        const auto perturbed = xFlat.index_select(0, sample).masked_fill(mask, 0.0).view({-1, C, x.size(2), x.size(3)});
        const auto score = targetScores(model.forward(perturbed), t.index_select(0, sample));
        result.slice(0, r0, r1).copy_(base.index_select(0, sample) - score);
    }
    // Each channel of a pixel gets the pixel's score drop (Captum's window over all channels).
    return result.view({B, 1, x.size(2), x.size(3)}).expand({B, C, x.size(2), x.size(3)}).contiguous();
}

torch::Tensor pixelImportancePerCell(Backbone& model, const torch::Tensor& inputs, const torch::Tensor& targets,
                                     const AttributionConfig& config, const torch::Tensor& baseline) {
    const std::string& m = config.method;
    torch::Tensor attr;
    if (m == "attention_rollout") {
        if (!model.hasAttention())
            throw ConfigError("attribution method attention_rollout needs a transformer backbone (vit_cct); this "
                              "backbone has no attention. Use integrated_gradients, saliency, input_x_gradient or "
                              "occlusion");
        torch::Tensor map;
        {
            EvalModeScope eval(model);
            map = model.attentionRollout(inputs.detach());
        }
        return map;
    }
    if (m == "integrated_gradients")
        attr = integratedGradients(model, inputs, targets, config.igSteps, config.internalBatch,
                                   parseIgMethod(config.igMethod), config.baseline == "mean" ? baseline : torch::Tensor())
                   .attributions;
    else if (m == "saliency")
        attr = saliency(model, inputs, targets);
    else if (m == "input_x_gradient")
        attr = inputXGradient(model, inputs, targets);
    else if (m == "occlusion")
        attr = occlusion(model, inputs, targets);
    else
        throw ConfigError("attribution method '" + m +
                          "' is not known; use integrated_gradients, saliency, input_x_gradient, occlusion or "
                          "attention_rollout (transformer backbones only)");
    if (config.aggregate == "abs" || config.aggregate == "class_abs") return attr.abs().sum(1);
    return attr.sum(1);  // "signed", "class_signed": the runner groups and clamps
}

torch::Tensor pixelImportance(Backbone& model, const torch::Tensor& inputs, const torch::Tensor& targets,
                              const AttributionConfig& config, const torch::Tensor& baseline) {
    torch::Tensor mean = pixelImportancePerCell(model, inputs, targets, config, baseline).mean(0).flatten();
    const bool isSigned = config.aggregate == "signed" || config.aggregate == "class_signed";
    return isSigned ? mean.clamp_min(0.0) : mean;
}

}  // namespace dm
