// ResNets in torchvision's layout (BasicBlock / Bottleneck v1.5, stride on the 3x3 conv,
// torchvision's initialisation). resnet18 keeps the ImageNet stem (7x7 stride 2 +
// maxpool); the *_s variants use a 3x3 stride-1 stem without maxpool for small images.
#include "models/builders.h"
#include "models/extra_options.h"
#include "models/module_backbone.h"

namespace dm {
namespace {

torch::nn::Conv2d conv(int64_t in, int64_t out, int64_t k, int64_t stride) {
    return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, k).stride(stride).padding(k / 2).bias(false));
}

// BasicBlock (two 3x3 convs, expansion 1) or Bottleneck (1x1, 3x3, 1x1; expansion 4).
struct ResBlockImpl : torch::nn::Module {
    ResBlockImpl(int64_t in, int64_t planes, int64_t stride, bool bottleneck) : bottleneck_(bottleneck) {
        const int64_t out = planes * (bottleneck ? 4 : 1);
        if (bottleneck) {
            c1 = register_module("conv1", conv(in, planes, 1, 1));
            c2 = register_module("conv2", conv(planes, planes, 3, stride));
            c3 = register_module("conv3", conv(planes, out, 1, 1));
            b3 = register_module("bn3", torch::nn::BatchNorm2d(out));
        } else {
            c1 = register_module("conv1", conv(in, planes, 3, stride));
            c2 = register_module("conv2", conv(planes, planes, 3, 1));
        }
        b1 = register_module("bn1", torch::nn::BatchNorm2d(planes));
        b2 = register_module("bn2", torch::nn::BatchNorm2d(planes));
        if (stride != 1 || in != out) {
            down = register_module("downsample",
                                   torch::nn::Sequential(conv(in, out, 1, stride), torch::nn::BatchNorm2d(out)));
        }
    }
    torch::Tensor forward(const torch::Tensor& x) {
        auto h = torch::relu(b1(c1(x)));
        h = b2(c2(h));
        if (bottleneck_) h = b3(c3(torch::relu(h)));
        return torch::relu(h + (down ? down->forward(x) : x));
    }
    bool bottleneck_;
    torch::nn::Conv2d c1{nullptr}, c2{nullptr}, c3{nullptr};
    torch::nn::BatchNorm2d b1{nullptr}, b2{nullptr}, b3{nullptr};
    torch::nn::Sequential down{nullptr};
};
TORCH_MODULE(ResBlock);

struct ResNetImpl : torch::nn::Module {
    ResNetImpl(int64_t inChans, int64_t nClasses, const std::vector<int64_t>& layers, bool bottleneck,
               bool smallStem, int64_t width) {
        smallStem_ = smallStem;
        stem = register_module("conv1", smallStem ? conv(inChans, width, 3, 1) : conv(inChans, width, 7, 2));
        bn = register_module("bn1", torch::nn::BatchNorm2d(width));
        int64_t in = width;
        for (size_t l = 0; l < layers.size(); ++l) {
            const int64_t planes = width << l;
            torch::nn::Sequential stage;
            for (int64_t b = 0; b < layers[l]; ++b) {
                const int64_t stride = (l > 0 && b == 0) ? 2 : 1;
                stage->push_back(ResBlock(in, planes, stride, bottleneck));
                in = planes * (bottleneck ? 4 : 1);
            }
            stages.push_back(register_module("layer" + std::to_string(l + 1), stage));
        }
        fc = register_module("fc", torch::nn::Linear(in, nClasses));
        initialise();
    }
    // torchvision: Kaiming-normal (fan_out, relu) convs, BN weight 1 / bias 0.
    void initialise() {
        torch::NoGradGuard noGrad;
        for (auto& m : modules(/*include_self=*/false)) {
            if (auto* c = m->as<torch::nn::Conv2d>()) {
                torch::nn::init::kaiming_normal_(c->weight, 0.0, torch::kFanOut, torch::kReLU);
            } else if (auto* b = m->as<torch::nn::BatchNorm2d>()) {
                torch::nn::init::ones_(b->weight);
                torch::nn::init::zeros_(b->bias);
            }
        }
    }
    torch::Tensor forward(const torch::Tensor& x) {
        auto h = torch::relu(bn(stem(x)));
        if (!smallStem_) h = torch::max_pool2d(h, 3, 2, 1);
        for (auto& s : stages) h = s->forward(h);
        return fc(h.mean({2, 3}));
    }
    bool smallStem_ = false;
    torch::nn::Conv2d stem{nullptr};
    torch::nn::BatchNorm2d bn{nullptr};
    std::vector<torch::nn::Sequential> stages;
    torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(ResNet);

}  // namespace

std::unique_ptr<Backbone> buildResNet(const std::string& variant, const BackboneSpec& spec, const BuildShape& s) {
    ExtraOptions opt(spec.kind, spec.extra);
    const int64_t width = opt.integer("width", 64, 4, 512);
    opt.finish();
    if (variant == "resnet18") return wrapModule(ResNet(s.inChans, s.nClasses, std::vector<int64_t>{2, 2, 2, 2}, false, false, width));
    if (variant == "resnet18_s") return wrapModule(ResNet(s.inChans, s.nClasses, std::vector<int64_t>{2, 2, 2, 2}, false, true, width));
    if (variant == "resnet34_s") return wrapModule(ResNet(s.inChans, s.nClasses, std::vector<int64_t>{3, 4, 6, 3}, false, true, width));
    if (variant == "resnet50_s") return wrapModule(ResNet(s.inChans, s.nClasses, std::vector<int64_t>{3, 4, 6, 3}, true, true, width));
    throw ConfigError("unknown ResNet variant '" + variant + "'; use resnet18, resnet18_s, resnet34_s or resnet50_s");
}

}  // namespace dm
