#pragma once
// Which model sits behind the pseudo-image; swapping CNN <-> ViT <-> VAE happens here only.
// Torch-free: part of the run configuration the GUI and the CLI edit.
#include <nlohmann/json.hpp>

#include <string>

namespace dm {

struct BackboneSpec {
    std::string kind = "mlp";  // a registry key, or "torchscript:<file>"; the seed's default was cnn_small
    int imgSize = 0;                 // 0: the arrangement's square side
    int inChans = 1;
    nlohmann::json extra = nlohmann::json::object();  // kind-specific options (widths, depth...)
};

}  // namespace dm
