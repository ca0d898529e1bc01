// Arrangement-insensitive baselines: flatten + linear, and flatten + a 2-hidden-layer MLP.
#include "models/builders.h"
#include "models/extra_options.h"
#include "models/module_backbone.h"

namespace dm {
namespace {

struct LinearNetImpl : torch::nn::Module {
    LinearNetImpl(int64_t inFeatures, int64_t nClasses)
        : fc(register_module("fc", torch::nn::Linear(inFeatures, nClasses))) {}
    torch::Tensor forward(const torch::Tensor& x) { return fc(x.flatten(1)); }
    torch::nn::Linear fc;
};
TORCH_MODULE(LinearNet);

struct MlpNetImpl : torch::nn::Module {
    MlpNetImpl(int64_t inFeatures, int64_t h1, int64_t h2, int64_t nClasses, double dropout)
        : fc1(register_module("fc1", torch::nn::Linear(inFeatures, h1))),
          fc2(register_module("fc2", torch::nn::Linear(h1, h2))),
          out(register_module("out", torch::nn::Linear(h2, nClasses))),
          drop(register_module("drop", torch::nn::Dropout(dropout))) {}
    torch::Tensor forward(const torch::Tensor& x) {
        auto h = drop(torch::relu(fc1(x.flatten(1))));
        h = drop(torch::relu(fc2(h)));
        return out(h);
    }
    torch::nn::Linear fc1, fc2, out;
    torch::nn::Dropout drop;
};
TORCH_MODULE(MlpNet);

}  // namespace

std::unique_ptr<Backbone> buildLinear(const BackboneSpec& spec, const BuildShape& s) {
    ExtraOptions(spec.kind, spec.extra).finish();
    return wrapModule(LinearNet(s.inChans * s.side * s.side, s.nClasses));
}

std::unique_ptr<Backbone> buildMlp(const BackboneSpec& spec, const BuildShape& s) {
    ExtraOptions opt(spec.kind, spec.extra);
    const auto hidden = opt.integers("hidden", {256, 128}, 1, 1 << 16);
    const double dropout = opt.number("dropout", 0.0, 0.0, 0.95);
    opt.finish();
    if (hidden.size() != 2)
        throw ConfigError("backbone.extra.hidden for 'mlp' must list exactly two layer widths, e.g. [256, 128]");
    return wrapModule(MlpNet(s.inChans * s.side * s.side, hidden[0], hidden[1], s.nClasses, dropout));
}

}  // namespace dm
