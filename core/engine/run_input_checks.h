#pragma once
// Checks shared by everything that trains on a RunInput (the runner, the evaluation).
// Internal to dmcore (LibTorch).
#include "engine/runner.h"

#include <torch/torch.h>

#include <string>

namespace dm {

// Throws InputError naming what is wrong with the matrix, labels and names. `purpose`
// completes "at least two classes are needed to ...".
void checkRunInput(const RunInput& in, const std::string& purpose, bool needFeatureNames);

// "cpu" or "cuda"; ConfigError when CUDA is asked for but this LibTorch has none.
torch::Device runDevice(const std::string& device);

}  // namespace dm
