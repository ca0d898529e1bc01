#pragma once
// The backbone registry as the GUI shows it (kinds, one-line descriptions, valid
// attribution methods). A wrapper so no GUI header sees LibTorch.
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
