#pragma once
// One arrangement trained: the pass setup the runner and the evaluation share (seeded
// permutation, pseudo-image batcher, seeded weights, backbone built and trained). The
// runner then gates and attributes; the evaluation keeps the test predictions.
// Internal to dmcore (LibTorch).
#include "engine/runner.h"
#include "models/backbone.h"
#include "train/image_batcher.h"
#include "train/split.h"
#include "train/trainer.h"

#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace dm {

struct TrainedArrangement {
    std::vector<int64_t> permutation;       // feature permutation[j] at pixel j
    FeatureScaling scaling;                 // what the batcher reads (its `scores` matrix)
    std::unique_ptr<ImageBatcher> batcher;  // the cells' pseudo-images under this arrangement
    std::unique_ptr<Backbone> model;        // trained; best-epoch weights restored
    TrainResult training;
};

// Arrangement `seed` (cpythonPermutation of the features), weights drawn after
// torch::manual_seed(seed), batch order from `seed`; trained on split.train with early
// stopping on split.val. Epochs go to observer->epochFinished under `tryIndex`. Throws
// Cancelled when `cancel` is set between batches. The images carry config.input_scaling:
// `scaling` when given (fitted once per run), else fitted here from in.X.
TrainedArrangement trainArrangement(const RunInput& in, const RunConfig& config, const Split& split, int tryIndex,
                                    uint64_t seed, int64_t side, const torch::Device& device, RunObserver* observer,
                                    const CancelToken* cancel, const FeatureScaling* scaling = nullptr);

}  // namespace dm
