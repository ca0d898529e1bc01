#pragma once
// The backbone kinds the engine can build, with a one-line description and the
// attribution methods each supports. The single list: the registry (registry.cpp) builds
// only these kinds, configuration validation refuses any other, and the GUI and --help
// show it. Torch-free, so the GUI and the CLI may include it.
#include <string>
#include <vector>

namespace dm {

struct BackboneInfo {
    std::string kind;  // "torchscript:<file>" stands for any "torchscript:" + path
    std::string description;
    std::vector<std::string> attributionMethods;  // valid methods for this kind
};

// Every kind, the default (cnn_small) first.
const std::vector<BackboneInfo>& backboneCatalog();
// Same list by value (kept for callers of the registry's older name).
std::vector<BackboneInfo> backboneRegistry();

// The catalog entry for `kind` ("torchscript:anything" finds the torchscript entry);
// nullptr when the kind is unknown.
const BackboneInfo* findBackbone(const std::string& kind);
bool isKnownBackbone(const std::string& kind);
// Whether `method` may be used with `kind` (false for an unknown kind).
bool supportsAttribution(const std::string& kind, const std::string& method);

// "cnn_small, cnn, linear, ..." for error messages and help.
std::string backboneKindList();

}  // namespace dm
