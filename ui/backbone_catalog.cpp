// The backbone catalog of core (torch-free) as the GUI shows it.
#include "backbone_catalog.h"

#include "engine/runtime.h"
#include "models/backbone_catalog.h"

namespace dm::ui {

const std::vector<BackboneChoice>& backboneChoices() {
    static const std::vector<BackboneChoice> choices = [] {
        std::vector<BackboneChoice> out;
        for (const BackboneInfo& info : backboneCatalog())
            out.push_back({info.kind, info.description, info.attributionMethods});
        return out;
    }();
    return choices;
}

bool cudaAvailable() { return runtimeInfo().cudaAvailable; }

}  // namespace dm::ui
