#pragma once
// Backbones behind one interface. Internal to dmcore: includes LibTorch, so never include
// it from a header the GUI or CLI see.
#include "models/backbone_catalog.h"
#include "models/backbone_spec.h"

#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

namespace dm {

class Backbone {
public:
    virtual ~Backbone() = default;
    // (batch, in_chans, side, side) float32 -> (batch, n_classes) logits.
    virtual torch::Tensor forward(const torch::Tensor& images) = 0;
    virtual std::vector<torch::Tensor> parameters() = 0;
    virtual void train(bool on) = 0;
    // Whether train(true) is in effect; attribution switches to eval and restores this.
    virtual bool isTraining() const = 0;
    virtual void to(const torch::Device& device) = 0;
    // Copies of every parameter and buffer, and their restoration (best-epoch weights).
    virtual std::vector<torch::Tensor> snapshot() = 0;
    virtual void restore(const std::vector<torch::Tensor>& state) = 0;
    // Attention rollout map (batch, side*side); only transformer backbones support it.
    virtual bool hasAttention() const { return false; }
    virtual torch::Tensor attentionRollout(const torch::Tensor& /*images*/) { return {}; }
    // Latent mean (batch, latent) for autoencoder backbones; undefined otherwise.
    virtual bool hasLatent() const { return false; }
    virtual torch::Tensor latentMean(const torch::Tensor& /*images*/) { return {}; }
};

// kind: linear, mlp, cnn_small, cnn, resnet18, resnet18_s, resnet34_s, resnet50_s,
// vit_cct, conv_vae, torchscript:<file>. Unknown kinds throw ConfigError listing the valid
// ones; unknown or out-of-range spec.extra keys throw ConfigError too. `side` is the
// pseudo-image side. When spec.imgSize is non-zero and differs from `side`, the network is
// built for imgSize x imgSize and the input is bilinearly resized in forward() (attention
// maps are resized back to side x side). Draws initial weights from torch's global
// generator and does not seed it: the caller calls torch::manual_seed first.
std::unique_ptr<Backbone> buildBackbone(const BackboneSpec& spec, int64_t nClasses, int64_t side);

}  // namespace dm
