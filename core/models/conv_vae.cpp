#include "models/conv_vae.h"

#include "models/builders.h"
#include "models/extra_options.h"
#include "models/stop_point.h"

#include <algorithm>

namespace dm {
namespace {

torch::nn::Conv2d conv3(int64_t in, int64_t out, int64_t stride) {
    return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).stride(stride).padding(1));
}

torch::Tensor resize(const torch::Tensor& x, int64_t side) {
    return torch::nn::functional::interpolate(x, torch::nn::functional::InterpolateFuncOptions()
                                                     .size(std::vector<int64_t>{side, side})
                                                     .mode(torch::kBilinear)
                                                     .align_corners(false));
}

}  // namespace

ConvVaeImpl::ConvVaeImpl(const ConvVaeOptions& o) : opt_(o) {
    const int64_t w = o.width, w2 = 2 * o.width;
    // 3x3 stride-2 padding-1 convs give ceil(side / 2); the pooled grid is at most
    // grid x grid so the latent projection stays small on large pseudo-images.
    s1_ = (o.side + 1) / 2;
    s2_ = (s1_ + 1) / 2;
    g_ = std::min<int64_t>(s2_, o.grid);
    enc1 = register_module("enc1", conv3(o.inChans, w, 1));
    enc2 = register_module("enc2", conv3(w, w2, 2));
    enc3 = register_module("enc3", conv3(w2, w2, 2));
    const int64_t flat = w2 * g_ * g_;
    fcMu = register_module("fc_mu", torch::nn::Linear(flat, o.latent));
    fcLogvar = register_module("fc_logvar", torch::nn::Linear(flat, o.latent));
    fcDec = register_module("fc_dec", torch::nn::Linear(o.latent, flat));
    dec1 = register_module("dec1", conv3(w2, w2, 1));
    dec2 = register_module("dec2", conv3(w2, w, 1));
    dec3 = register_module("dec3", conv3(w, o.inChans, 1));
    head1 = register_module("head1", torch::nn::Linear(o.latent, o.headHidden));
    head2 = register_module("head2", torch::nn::Linear(o.headHidden, o.nClasses));
}

std::pair<torch::Tensor, torch::Tensor> ConvVaeImpl::encode(const torch::Tensor& x) {
    auto h = stopPoint(torch::relu(enc1(x)));
    h = stopPoint(torch::relu(enc2(h)));
    h = stopPoint(torch::relu(enc3(h)));
    if (g_ != s2_) h = torch::adaptive_avg_pool2d(h, {g_, g_});
    h = h.flatten(1);
    return {fcMu(h), fcLogvar(h)};
}

torch::Tensor ConvVaeImpl::reparameterize(const torch::Tensor& mu, const torch::Tensor& logvar) {
    return mu + torch::randn_like(mu) * torch::exp(0.5 * logvar);
}

torch::Tensor ConvVaeImpl::decode(const torch::Tensor& z) {
    auto h = torch::relu(fcDec(z)).reshape({z.size(0), 2 * opt_.width, g_, g_});
    if (g_ != s2_) h = resize(h, s2_);
    h = stopPoint(torch::relu(dec1(h)));
    h = stopPoint(torch::relu(dec2(resize(h, s1_))));
    return stopPoint(dec3(resize(h, opt_.side)));
}

torch::Tensor ConvVaeImpl::reconstruct(const torch::Tensor& images) { return decode(encode(images).first); }

VaeOutput ConvVaeImpl::forwardVae(const torch::Tensor& images) {
    auto [mu, logvar] = encode(images);
    auto z = is_training() ? reparameterize(mu, logvar) : mu;
    return {decode(z), mu, logvar};
}

torch::Tensor ConvVaeImpl::forward(const torch::Tensor& images) {
    return head2(torch::relu(head1(encode(images).first)));
}

torch::Tensor ConvVaeImpl::elboLoss(const torch::Tensor& images, const VaeOutput& out, double beta) {
    const double batch = double(images.size(0));
    auto rec = (out.recon - images).pow(2).sum() / batch;
    auto kl = -0.5 * (1 + out.logvar - out.mu.pow(2) - out.logvar.exp()).sum() / batch;
    return rec + beta * kl;
}

std::unique_ptr<Backbone> buildConvVae(const BackboneSpec& spec, const BuildShape& s) {
    ExtraOptions opt(spec.kind, spec.extra);
    ConvVaeOptions o;
    o.inChans = s.inChans;
    o.side = s.side;
    o.nClasses = s.nClasses;
    o.width = opt.integer("width", o.width, 1, 1024);
    o.latent = opt.integer("latent", o.latent, 1, 4096);
    o.headHidden = opt.integer("head_hidden", o.headHidden, 1, 1 << 16);
    o.grid = opt.integer("grid", o.grid, 1, 64);
    opt.finish();
    return std::make_unique<ConvVaeBackbone>(ConvVae(o));
}

}  // namespace dm
