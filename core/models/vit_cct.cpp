// Compact Convolutional Transformer (Hassani et al. 2021): a conv tokenizer, pre-norm
// transformer encoder layers and sequence pooling instead of a class token. Self-attention
// is written out so the attention matrices can be kept for attention rollout.
#include "models/builders.h"
#include "models/extra_options.h"
#include "models/module_backbone.h"

#include <cmath>

namespace dm {
namespace {

struct SelfAttentionImpl : torch::nn::Module {
    SelfAttentionImpl(int64_t dim, int64_t heads, double dropout) : heads_(heads), scale_(1.0 / std::sqrt(double(dim / heads))) {
        qkv = register_module("qkv", torch::nn::Linear(torch::nn::LinearOptions(dim, 3 * dim).bias(false)));
        proj = register_module("proj", torch::nn::Linear(dim, dim));
        drop = register_module("drop", torch::nn::Dropout(dropout));
    }
    // x: (B, N, D). When `keep` is set, the (B, heads, N, N) attention is stored in `last`.
    torch::Tensor forward(const torch::Tensor& x, bool keep) {
        const int64_t B = x.size(0), N = x.size(1), D = x.size(2);
        auto qkvT = qkv(x).reshape({B, N, 3, heads_, D / heads_}).permute({2, 0, 3, 1, 4});
        auto q = qkvT[0], k = qkvT[1], v = qkvT[2];
        auto attn = torch::softmax(torch::matmul(q, k.transpose(-2, -1)) * scale_, -1);
        if (keep) last = attn.detach();
        auto out = torch::matmul(drop(attn), v).transpose(1, 2).reshape({B, N, D});
        return drop(proj(out));
    }
    int64_t heads_;
    double scale_;
    torch::nn::Linear qkv{nullptr}, proj{nullptr};
    torch::nn::Dropout drop{nullptr};
    torch::Tensor last;
};
TORCH_MODULE(SelfAttention);

// CCT's encoder layer: x += attn(LN(x)); x = LN(x); x += MLP(x).
struct EncoderLayerImpl : torch::nn::Module {
    EncoderLayerImpl(int64_t dim, int64_t heads, int64_t mlpDim, double dropout) {
        preNorm = register_module("pre_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
        attn = register_module("self_attn", SelfAttention(dim, heads, dropout));
        norm1 = register_module("norm1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
        fc1 = register_module("linear1", torch::nn::Linear(dim, mlpDim));
        fc2 = register_module("linear2", torch::nn::Linear(mlpDim, dim));
        drop = register_module("drop", torch::nn::Dropout(dropout));
    }
    torch::Tensor forward(torch::Tensor x, bool keep) {
        x = x + attn->forward(preNorm(x), keep);
        x = norm1(x);
        return x + drop(fc2(drop(torch::gelu(fc1(x)))));
    }
    torch::nn::LayerNorm preNorm{nullptr}, norm1{nullptr};
    SelfAttention attn{nullptr};
    torch::nn::Linear fc1{nullptr}, fc2{nullptr};
    torch::nn::Dropout drop{nullptr};
};
TORCH_MODULE(EncoderLayer);

struct CctOptions {
    int64_t dim = 64, layers = 2, heads = 4, convLayers = 2, maxGrid = 16;
    double mlpRatio = 2.0, dropout = 0.0;
};

struct VitCctImpl : torch::nn::Module {
    VitCctImpl(int64_t inChans, int64_t side, int64_t nClasses, const CctOptions& o) {
        int64_t c = inChans;
        grid_ = side;
        for (int64_t i = 0; i < o.convLayers; ++i) {
            convs.push_back(register_module(
                "tokenizer_conv" + std::to_string(i + 1),
                torch::nn::Conv2d(torch::nn::Conv2dOptions(c, o.dim, 3).padding(1).bias(false))));
            c = o.dim;
            const bool pool = grid_ >= 2;
            pools.push_back(pool);
            if (pool) grid_ = (grid_ + 1) / 2;  // maxpool 3, stride 2, padding 1
        }
        // Bound the token count (attention is quadratic in it) on large pseudo-images.
        shrink_ = grid_ > o.maxGrid;
        if (shrink_) grid_ = o.maxGrid;
        pos = register_parameter("positional_emb", torch::randn({1, grid_ * grid_, o.dim}) * 0.02);
        for (int64_t l = 0; l < o.layers; ++l)
            blocks.push_back(register_module(
                "block" + std::to_string(l + 1),
                EncoderLayer(o.dim, o.heads, std::max<int64_t>(1, int64_t(o.dim * o.mlpRatio)), o.dropout)));
        norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({o.dim})));
        pool = register_module("attention_pool", torch::nn::Linear(o.dim, 1));
        fc = register_module("fc", torch::nn::Linear(o.dim, nClasses));
        initialise();
    }
    void initialise() {
        torch::NoGradGuard noGrad;
        for (auto& m : modules(false)) {
            if (auto* l = m->as<torch::nn::Linear>()) {
                torch::nn::init::normal_(l->weight, 0.0, 0.02);
                if (l->bias.defined()) torch::nn::init::zeros_(l->bias);
            } else if (auto* c = m->as<torch::nn::Conv2d>()) {
                torch::nn::init::kaiming_normal_(c->weight, 0.0, torch::kFanIn, torch::kReLU);
            }
        }
    }
    torch::Tensor forward(const torch::Tensor& x) { return forwardKeep(x, false); }
    // `keep` stores every layer's attention and the sequence-pooling weights (for rollout).
    torch::Tensor forwardKeep(const torch::Tensor& x, bool keep) {
        auto h = x;
        for (size_t i = 0; i < convs.size(); ++i) {
            h = torch::relu(convs[i](h));
            if (pools[i]) h = torch::max_pool2d(h, 3, 2, 1);
        }
        if (shrink_) h = torch::adaptive_avg_pool2d(h, {grid_, grid_});
        h = h.flatten(2).transpose(1, 2) + pos;  // (B, N, D)
        for (auto& b : blocks) h = b->forward(h, keep);
        h = norm(h);
        auto w = torch::softmax(pool(h), 1);  // (B, N, 1)
        if (keep) poolWeights = w.squeeze(-1).detach();
        return fc(torch::matmul(w.transpose(1, 2), h).squeeze(1));
    }
    int64_t grid_ = 1;
    bool shrink_ = false;
    std::vector<torch::nn::Conv2d> convs;
    std::vector<bool> pools;
    torch::Tensor pos;
    std::vector<EncoderLayer> blocks;
    torch::nn::LayerNorm norm{nullptr};
    torch::nn::Linear pool{nullptr}, fc{nullptr};
    torch::Tensor poolWeights;
};
TORCH_MODULE(VitCct);

class VitCctBackbone : public ModuleBackbone<VitCct> {
public:
    using ModuleBackbone::ModuleBackbone;
    bool hasAttention() const override { return true; }

    // Abnar & Zuidema rollout: per layer, average the heads, add the identity (the
    // residual path) and renormalise rows; multiply through the layers. There is no class
    // token, so the output's dependence on each token is the sequence-pooling weights
    // times the rolled-out matrix. The token grid is upsampled bilinearly to the image.
    torch::Tensor attentionRollout(const torch::Tensor& images) override {
        const bool wasTraining = module_->is_training();
        module_->train(false);
        torch::NoGradGuard noGrad;
        module_->forwardKeep(images, true);
        module_->train(wasTraining);

        torch::Tensor rollout;
        for (auto& b : module_->blocks) {
            auto a = b->attn->last.mean(1);  // (B, N, N)
            a = a + torch::eye(a.size(1), a.options()).unsqueeze(0);
            a = a / a.sum(-1, true);
            rollout = rollout.defined() ? torch::matmul(a, rollout) : a;
            b->attn->last = torch::Tensor();
        }
        auto tokens = torch::matmul(module_->poolWeights.unsqueeze(1), rollout).squeeze(1);  // (B, N)
        module_->poolWeights = torch::Tensor();
        const int64_t g = module_->grid_, B = images.size(0);
        auto map = tokens.reshape({B, 1, g, g});
        map = torch::nn::functional::interpolate(
            map, torch::nn::functional::InterpolateFuncOptions()
                     .size(std::vector<int64_t>{images.size(2), images.size(3)})
                     .mode(torch::kBilinear)
                     .align_corners(false));
        return map.reshape({B, -1}).clamp_min(0.0);
    }
};

}  // namespace

std::unique_ptr<Backbone> buildVitCct(const BackboneSpec& spec, const BuildShape& s) {
    ExtraOptions opt(spec.kind, spec.extra);
    CctOptions o;
    o.dim = opt.integer("dim", o.dim, 4, 4096);
    o.layers = opt.integer("layers", o.layers, 1, 64);
    o.heads = opt.integer("heads", o.heads, 1, 64);
    o.convLayers = opt.integer("conv_layers", o.convLayers, 1, 4);
    o.maxGrid = opt.integer("max_grid", o.maxGrid, 1, 64);
    o.mlpRatio = opt.number("mlp_ratio", o.mlpRatio, 0.25, 16.0);
    o.dropout = opt.number("dropout", o.dropout, 0.0, 0.95);
    opt.finish();
    if (o.dim % o.heads != 0)
        throw ConfigError("backbone.extra.dim (" + std::to_string(o.dim) + ") for 'vit_cct' must be divisible by heads (" +
                          std::to_string(o.heads) + "); e.g. dim 64 with 4 heads");
    return std::make_unique<VitCctBackbone>(VitCct(s.inChans, s.side, s.nClasses, o));
}

}  // namespace dm
