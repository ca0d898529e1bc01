#pragma once
// Trains one backbone on one arrangement: Adam, cross-entropy, shuffled batches, early
// stopping on the validation loss with best-weight restore. Internal to dmcore (LibTorch).
#include "models/backbone.h"
#include "train/early_stop_config.h"
#include "train/image_batcher.h"
#include "train/split.h"

#include <functional>
#include <vector>

namespace dm {

class CancelToken;

struct TrainOptions {
    int epochs = 20;
    int64_t batchSize = 64;
    double lr = 1e-3;
    EarlyStopConfig earlyStop;
    uint64_t seed = 0;  // batch order
    double weightDecay = 0.0;  // Adam's (coupled) L2 penalty
    // Per class, the weight of its cells in the training and validation loss; empty: every
    // cell weighs 1. "balanced" weights (n / (classes x n_c)) keep a 1:10 minority from
    // being ignored.
    std::vector<float> classWeights;
};

struct EpochStats {
    int epoch = 0;
    double trainLoss = 0, valLoss = 0, valAccuracy = 0;
};

struct TrainResult {
    int epochsRun = 0;
    int bestEpoch = -1;  // restored epoch, -1 when the final weights were kept
    std::vector<double> trainLoss, valLoss;
};

// Throws dm::Cancelled when `cancel` is set (checked between batches).
TrainResult trainBackbone(Backbone& model, ImageBatcher& batcher, const std::vector<int64_t>& y, const Split& split,
                          const TrainOptions& options, const std::function<void(const EpochStats&)>& onEpoch,
                          const CancelToken* cancel);

struct EvalResult {
    double loss = 0, accuracy = 0;
    std::vector<int64_t> predicted;
    torch::Tensor probabilities;  // rows x classes (CPU), softmax
};

// Loss, accuracy and predictions of `rows` in eval mode, without autograd. With
// `classWeights` (one per class) the loss is their weighted mean, as in training.
EvalResult evaluateRows(Backbone& model, ImageBatcher& batcher, const std::vector<int64_t>& y,
                        const std::vector<int64_t>& rows, const std::vector<float>& classWeights = {});

// "balanced" class weights from the training rows: n / (classes x n_c), so every class
// weighs the same in the loss; a class without training rows gets 0.
std::vector<float> balancedClassWeights(const std::vector<int64_t>& y, const std::vector<int64_t>& rows,
                                        int64_t classes);

}  // namespace dm
