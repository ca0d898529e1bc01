#pragma once
// One builder per backbone family, used by the registry (registry.cpp). Internal to dmcore.
// Each builder reads its spec.extra options through ExtraOptions and refuses unknown ones.
#include "models/backbone.h"

#include <cstdint>
#include <memory>
#include <string>

namespace dm {

// Every builder gets the network's input geometry: channels and the (square) side.
struct BuildShape {
    int64_t inChans = 1;
    int64_t side = 0;
    int64_t nClasses = 2;
};

std::unique_ptr<Backbone> buildLinear(const BackboneSpec& spec, const BuildShape& shape);
std::unique_ptr<Backbone> buildMlp(const BackboneSpec& spec, const BuildShape& shape);
std::unique_ptr<Backbone> buildCnnSmall(const BackboneSpec& spec, const BuildShape& shape);
// Images per pass through cnn_small's layers (its batches go through in chunks of this
// many; cnn_small.cpp says why and how it was measured). The bench uses it too.
int64_t cnnSmallChunkImages(int64_t width, int64_t side);
std::unique_ptr<Backbone> buildCnn(const BackboneSpec& spec, const BuildShape& shape);
// variant: resnet18, resnet18_s, resnet34_s, resnet50_s.
std::unique_ptr<Backbone> buildResNet(const std::string& variant, const BackboneSpec& spec, const BuildShape& shape);
std::unique_ptr<Backbone> buildVitCct(const BackboneSpec& spec, const BuildShape& shape);
std::unique_ptr<Backbone> buildConvVae(const BackboneSpec& spec, const BuildShape& shape);
std::unique_ptr<Backbone> buildTorchScript(const std::string& file, const BackboneSpec& spec, const BuildShape& shape);

}  // namespace dm
