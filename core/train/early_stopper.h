#pragma once
// Plateau early stopping with Keras semantics and a min_epochs floor (pure, no LibTorch).
// Before min_epochs neither a best epoch is recorded nor patience counted, so the restored
// weights have always trained at least min_epochs.
namespace dm {

class EarlyStopper {
public:
    enum class Mode { Min, Max };
    EarlyStopper(int patience, int minEpochs, double minDelta, Mode mode = Mode::Min);

    // Records `value` at `epoch` (0-based); returns true to stop now. Past the floor:
    // an improvement (the first recorded value always is; NaN never is) saves the best
    // and resets the wait; otherwise the wait grows and training stops once it reaches
    // patience. As in Keras an improving epoch never stops, so patience 0 stops at the
    // first epoch that does not improve. Throws ConfigError for negative settings.
    bool step(double value, int epoch);
    bool improved() const { return improved_; }  // this step set a new best: save weights
    int bestEpoch() const { return bestEpoch_; }  // -1 until one is recorded
    double best() const { return best_; }
    bool isImprovement(double value) const;       // beats best by more than min_delta
    bool shouldStop(int epoch) const;             // past the floor and patience exhausted

private:
    int patience_, minEpochs_;
    double minDelta_;
    Mode mode_;
    double best_;
    int bestEpoch_ = -1;
    int wait_ = 0;
    bool improved_ = false;
};

}  // namespace dm
