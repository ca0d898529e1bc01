// One arrangement trained, shared by the runner and the evaluation so both set up a pass
// identically (the same seed gives the same network in both).
#include "engine/arrangement_training.h"

#include "mapping/arrangement.h"

namespace dm {

TrainedArrangement trainArrangement(const RunInput& in, const RunConfig& cfg, const Split& split, int tryIndex,
                                    uint64_t seed, int64_t side, const torch::Device& device, RunObserver* observer,
                                    const CancelToken* cancel, const FeatureScaling* scaling) {
    TrainedArrangement a;
    a.permutation = cpythonPermutation(in.X->cols, seed);
    // A copy shares the fitted scores matrix; the batcher reads it as long as `a` lives.
    a.scaling = scaling ? *scaling : fitFeatureScaling(*in.X, cfg.inputScaling);
    const FeatureScaling& s = a.scaling;
    a.batcher = std::make_unique<ImageBatcher>(s.scores ? *s.scores : *in.X, inversePermutation(a.permutation), side,
                                               cfg.batchSize, device, cfg.backbone.inChans);
    a.batcher->setFeatureScaling(s.shift, s.scale, s.clip);
    torch::manual_seed(seed);
    a.model = buildBackbone(cfg.backbone, static_cast<int64_t>(in.classes.size()), side);
    a.model->to(device);
    TrainOptions options;
    options.epochs = cfg.epochs;
    options.batchSize = cfg.batchSize;
    options.lr = cfg.lr;
    options.earlyStop = cfg.earlyStop;
    options.seed = seed;
    options.weightDecay = cfg.weightDecay;
    if (cfg.lossWeights == "balanced")
        options.classWeights = balancedClassWeights(in.y, split.train, static_cast<int64_t>(in.classes.size()));
    auto onEpoch = [&](const EpochStats& s) {
        if (observer)
            observer->epochFinished({tryIndex, s.epoch, cfg.epochs, s.trainLoss, s.valLoss, s.valAccuracy});
    };
    a.training = trainBackbone(*a.model, *a.batcher, in.y, split, options, onEpoch, cancel);
    return a;
}

}  // namespace dm
