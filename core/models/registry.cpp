// The backbone registry: kind -> builder for every kind of the catalog
// (models/backbone_catalog.h, the one list of kinds), and the optional input resize when
// spec.imgSize differs from the arrangement's side.
#include "common/error.h"
#include "models/backbone.h"
#include "models/backbone_catalog.h"
#include "models/builders.h"

namespace dm {
namespace {

const std::string kTorchScriptPrefix = "torchscript:";

// Builds the network for imgSize x imgSize and resizes inputs (bilinear) to it; attention
// maps are resized back so callers always see the arrangement's side.
class ResizingBackbone : public Backbone {
public:
    ResizingBackbone(std::unique_ptr<Backbone> inner, int64_t imgSize) : inner_(std::move(inner)), size_(imgSize) {}
    torch::Tensor forward(const torch::Tensor& images) override { return inner_->forward(resize(images, size_)); }
    std::vector<torch::Tensor> parameters() override { return inner_->parameters(); }
    void train(bool on) override { inner_->train(on); }
    bool isTraining() const override { return inner_->isTraining(); }
    void to(const torch::Device& device) override { inner_->to(device); }
    std::vector<torch::Tensor> snapshot() override { return inner_->snapshot(); }
    void restore(const std::vector<torch::Tensor>& state) override { inner_->restore(state); }
    bool hasAttention() const override { return inner_->hasAttention(); }
    torch::Tensor attentionRollout(const torch::Tensor& images) override {
        auto map = inner_->attentionRollout(resize(images, size_));
        const int64_t B = images.size(0);
        return resize(map.reshape({B, 1, size_, size_}), images.size(2)).reshape({B, -1}).clamp_min(0.0);
    }
    bool hasLatent() const override { return inner_->hasLatent(); }
    torch::Tensor latentMean(const torch::Tensor& images) override { return inner_->latentMean(resize(images, size_)); }

private:
    static torch::Tensor resize(const torch::Tensor& x, int64_t side) {
        if (x.size(2) == side && x.size(3) == side) return x;
        return torch::nn::functional::interpolate(x, torch::nn::functional::InterpolateFuncOptions()
                                                         .size(std::vector<int64_t>{side, side})
                                                         .mode(torch::kBilinear)
                                                         .align_corners(false));
    }
    std::unique_ptr<Backbone> inner_;
    int64_t size_;
};

// Dispatch on the kind; the catalog decides which kinds exist, so a kind missing here is a
// programming error (a test builds every catalog kind).
std::unique_ptr<Backbone> buildKind(const BackboneSpec& spec, const BuildShape& s) {
    const std::string& k = spec.kind;
    if (!isKnownBackbone(k))
        throw ConfigError("unknown backbone kind '" + k + "'; valid kinds: " + backboneKindList());
    if (k == "linear") return buildLinear(spec, s);
    if (k == "mlp") return buildMlp(spec, s);
    if (k == "cnn_small") return buildCnnSmall(spec, s);
    if (k == "cnn") return buildCnn(spec, s);
    if (k == "resnet18" || k == "resnet18_s" || k == "resnet34_s" || k == "resnet50_s") return buildResNet(k, spec, s);
    if (k == "vit_cct") return buildVitCct(spec, s);
    if (k == "conv_vae") return buildConvVae(spec, s);
    if (k.rfind(kTorchScriptPrefix, 0) == 0) return buildTorchScript(k.substr(kTorchScriptPrefix.size()), spec, s);
    throw Error("backbone kind '" + k + "' is in the catalog but has no builder; please report this bug");
}

}  // namespace

std::unique_ptr<Backbone> buildBackbone(const BackboneSpec& spec, int64_t nClasses, int64_t side) {
    if (side < 4)
        throw ConfigError("pseudo-image side " + std::to_string(side) +
                          " is too small for a backbone; it must be at least 4 (add padding with --buffer)");
    if (nClasses < 2)
        throw ConfigError("a classifier needs at least 2 classes, got " + std::to_string(nClasses) +
                          "; check the label column");
    if (spec.inChans < 1)
        throw ConfigError("backbone.in_chans must be at least 1, got " + std::to_string(spec.inChans));
    if (spec.imgSize != 0 && spec.imgSize < 4)
        throw ConfigError("backbone.img_size must be 0 (use the arrangement's side) or at least 4, got " +
                          std::to_string(spec.imgSize));
    const int64_t netSide = spec.imgSize > 0 ? spec.imgSize : side;
    auto model = buildKind(spec, BuildShape{spec.inChans, netSide, nClasses});
    if (netSide != side) return std::make_unique<ResizingBackbone>(std::move(model), netSide);
    return model;
}

}  // namespace dm
