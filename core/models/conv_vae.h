#pragma once
// A convolutional variational autoencoder whose classification head reads the latent
// mean. As a Backbone, forward() is the deterministic supervised path (logits from mu);
// the unsupervised path (encode / reparameterize / decode / elboLoss) is public so a VAE
// training loop can be built on it. Internal to dmcore (LibTorch).
#include "models/module_backbone.h"

#include <torch/torch.h>

#include <cstdint>

namespace dm {

struct ConvVaeOptions {
    int64_t inChans = 1;
    int64_t side = 8;
    int64_t nClasses = 2;
    int64_t width = 32;   // channels of the first conv; the downsampling convs use 2x
    int64_t latent = 16;  // latent dimension
    int64_t headHidden = 64;
    // Cap of the pooled grid between the convs and the latent projection. The encoder
    // flattens a grid (not a global average) because a pseudo-image pixel is a gene: the
    // latent must know WHERE the activity is; the decoder mirrors it (linear -> grid ->
    // upsample).
    int64_t grid = 8;
};

struct VaeOutput {
    torch::Tensor recon;   // (B, inChans, side, side), unbounded (compare with MSE)
    torch::Tensor mu;      // (B, latent)
    torch::Tensor logvar;  // (B, latent)
};

class ConvVaeImpl : public torch::nn::Module {
public:
    explicit ConvVaeImpl(const ConvVaeOptions& options);

    // Encoder: returns {mu, logvar}, each (B, latent).
    std::pair<torch::Tensor, torch::Tensor> encode(const torch::Tensor& images);
    // mu + eps * exp(logvar / 2) with eps from torch's global generator.
    torch::Tensor reparameterize(const torch::Tensor& mu, const torch::Tensor& logvar);
    // Latent (B, latent) -> image (B, inChans, side, side).
    torch::Tensor decode(const torch::Tensor& z);
    // decode(mu): the deterministic reconstruction.
    torch::Tensor reconstruct(const torch::Tensor& images);
    // The VAE pass: samples z in training mode, uses mu in eval mode.
    VaeOutput forwardVae(const torch::Tensor& images);
    // Supervised path: logits from the latent mean.
    torch::Tensor forward(const torch::Tensor& images);
    // Per-batch-mean ELBO terms: summed squared error + beta * KL(q(z|x) || N(0, I)).
    static torch::Tensor elboLoss(const torch::Tensor& images, const VaeOutput& out, double beta = 1.0);

    const ConvVaeOptions& options() const { return opt_; }

private:
    ConvVaeOptions opt_;
    int64_t s1_ = 1, s2_ = 1, g_ = 1;  // encoder map sides after each downsampling, pooled grid
    torch::nn::Conv2d enc1{nullptr}, enc2{nullptr}, enc3{nullptr};
    torch::nn::Linear fcMu{nullptr}, fcLogvar{nullptr}, fcDec{nullptr};
    torch::nn::Conv2d dec1{nullptr}, dec2{nullptr}, dec3{nullptr};
    torch::nn::Linear head1{nullptr}, head2{nullptr};
};
TORCH_MODULE(ConvVae);

class ConvVaeBackbone : public ModuleBackbone<ConvVae> {
public:
    using ModuleBackbone::ModuleBackbone;
    bool hasLatent() const override { return true; }
    torch::Tensor latentMean(const torch::Tensor& images) override { return module_->encode(images).first; }
    ConvVae& vae() { return module_; }
};

}  // namespace dm
