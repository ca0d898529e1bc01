#include "train/early_stopper.h"

#include "common/error.h"

#include <cmath>
#include <limits>
#include <string>

namespace dm {

EarlyStopper::EarlyStopper(int patience, int minEpochs, double minDelta, Mode mode)
    : patience_(patience),
      minEpochs_(minEpochs),
      minDelta_(minDelta),
      mode_(mode),
      best_(mode == Mode::Min ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity()) {
    if (patience < 0 || minEpochs < 0 || !(minDelta >= 0.0))
        throw ConfigError("early stopping: patience (" + std::to_string(patience) + "), min_epochs (" +
                          std::to_string(minEpochs) + ") and min_delta (" + std::to_string(minDelta) +
                          ") must all be >= 0");
}

bool EarlyStopper::isImprovement(double value) const {
    if (std::isnan(value)) return false;  // a diverged epoch is never the one to keep
    if (bestEpoch_ < 0) return true;      // the first value recorded past the floor
    return mode_ == Mode::Min ? value < best_ - minDelta_ : value > best_ + minDelta_;
}

bool EarlyStopper::step(double value, int epoch) {
    improved_ = false;
    if (epoch < minEpochs_) return false;  // warm-up: no best, no patience
    if (isImprovement(value)) {
        best_ = value;
        bestEpoch_ = epoch;
        wait_ = 0;
        improved_ = true;
    } else {
        ++wait_;
    }
    return shouldStop(epoch);
}

// Keras: an improving epoch never stops training, even with patience 0.
bool EarlyStopper::shouldStop(int epoch) const { return epoch >= minEpochs_ && !improved_ && wait_ >= patience_; }

}  // namespace dm
