// The backbone catalog: kinds, descriptions, attribution methods. No LibTorch here.
#include "models/backbone_catalog.h"

#include <algorithm>

namespace dm {

namespace {

const std::string kTorchScriptPrefix = "torchscript:";

std::vector<BackboneInfo> makeCatalog() {
    const std::vector<std::string> grad = {"integrated_gradients", "saliency", "input_x_gradient", "occlusion"};
    std::vector<std::string> vit = grad;
    vit.push_back("attention_rollout");
    return {
        {"mlp",
         "DEFAULT. Flatten + 2 hidden ReLU layers + linear. extra: hidden ([256,128]), dropout (0)",
         grad},
        {"cnn_small",
         "The seed's default (--preset seed). Tiny 3-conv net: conv3x3 w,2w,4w with ReLU, maxpool after the first two, average pool to a grid "
         "of at most 8x8, linear. extra: width (16), dropout (0), pool_first (1; 0: no max-pool after the first conv), grid "
         "(8: head grid side cap)",
         grad},
        {"cnn",
         "Conv blocks of (conv3x3-BN-ReLU) x2 + maxpool, average pool to a grid of at most 8x8, dropout, linear. "
         "extra: widths ([32,64,128,256]), dropout (0.2), grid (8; 1 = global average)",
         grad},
        {"linear", "Flatten + linear layer (arrangement-insensitive baseline). extra: none", grad},
        {"resnet18", "torchvision ResNet-18 (7x7 stride-2 stem + maxpool, BasicBlocks [2,2,2,2]). extra: width (64)",
         grad},
        {"resnet18_s", "ResNet-18 with a small-image stem (3x3 stride 1, no maxpool). extra: width (64)", grad},
        {"resnet34_s", "ResNet-34 (BasicBlocks [3,4,6,3]) with the small-image stem. extra: width (64)", grad},
        {"resnet50_s", "ResNet-50 (Bottlenecks [3,4,6,3]) with the small-image stem. extra: width (64)", grad},
        {"vit_cct",
         "Compact Convolutional Transformer: conv tokenizer, transformer layers, sequence pooling. extra: dim (64), "
         "layers (2), heads (4), conv_layers (2), max_grid (16: token grid side cap), mlp_ratio (2), dropout (0)",
         vit},
        {"conv_vae",
         "Convolutional VAE; classifies from the latent mean. extra: width (32), latent (16), head_hidden (64), "
         "grid (8: pooled grid side cap)",
         grad},
        {kTorchScriptPrefix + "<file>",
         "A TorchScript model saved with torch.jit.save taking (batch, in_chans, side, side) and returning logits",
         grad},
    };
}

}  // namespace

const std::vector<BackboneInfo>& backboneCatalog() {
    static const std::vector<BackboneInfo> catalog = makeCatalog();
    return catalog;
}

std::vector<BackboneInfo> backboneRegistry() { return backboneCatalog(); }

const BackboneInfo* findBackbone(const std::string& kind) {
    const bool torchscript = kind.rfind(kTorchScriptPrefix, 0) == 0 && kind.size() > kTorchScriptPrefix.size();
    for (const BackboneInfo& info : backboneCatalog()) {
        const bool entryIsTorchScript = info.kind.rfind(kTorchScriptPrefix, 0) == 0;
        if (torchscript ? entryIsTorchScript : (!entryIsTorchScript && info.kind == kind)) return &info;
    }
    return nullptr;
}

bool isKnownBackbone(const std::string& kind) { return findBackbone(kind) != nullptr; }

bool supportsAttribution(const std::string& kind, const std::string& method) {
    const BackboneInfo* info = findBackbone(kind);
    if (!info) return false;
    const auto& m = info->attributionMethods;
    return std::find(m.begin(), m.end(), method) != m.end();
}

std::string backboneKindList() {
    std::string out;
    for (const BackboneInfo& info : backboneCatalog()) out += (out.empty() ? "" : ", ") + info.kind;
    return out;
}

}  // namespace dm
