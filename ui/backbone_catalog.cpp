// The only ui/ translation unit that sees a LibTorch header (through models/backbone.h).
#include "backbone_catalog.h"

#include "engine/runtime.h"
#include "models/backbone.h"

namespace dm::ui {

const std::vector<BackboneChoice>& backboneChoices() {
    static const std::vector<BackboneChoice> choices = [] {
        std::vector<BackboneChoice> out;
        for (const BackboneInfo& info : backboneRegistry())
            out.push_back({info.kind, info.description, info.attributionMethods});
        return out;
    }();
    return choices;
}

bool cudaAvailable() { return runtimeInfo().cudaAvailable; }

}  // namespace dm::ui
