#pragma once
// The backbone registry as the GUI shows it (kinds, one-line descriptions, valid
// attribution methods), from core/models/backbone_catalog.h; no LibTorch involved.
#include <string>
#include <vector>

namespace dm::ui {

struct BackboneChoice {
    std::string kind;
    std::string description;
    std::vector<std::string> attributionMethods;
};

const std::vector<BackboneChoice>& backboneChoices();
bool cudaAvailable();

}  // namespace dm::ui
