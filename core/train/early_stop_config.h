#pragma once
// The settings of plateau stopping while a backbone trains (see train/early_stopper.h).
// Torch-free: part of the run configuration the GUI and the CLI edit.
namespace dm {

// Keras-style plateau stopping on the validation loss, with a min_epochs floor.
struct EarlyStopConfig {
    bool enabled = true;
    int patience = 5;
    int minEpochs = 5;
    double minDelta = 1e-3;
    double valFraction = 0.15;  // of the non-test cells
};

}  // namespace dm
