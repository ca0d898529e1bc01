#include "train/trainer.h"

#include "common/cancel_token.h"
#include "common/error.h"
#include "common/interrupt.h"
#include "data/random.h"
#include "train/early_stopper.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dm {

namespace {

// Labels of `rows` as an int64 tensor on the batcher's device.
torch::Tensor labelsOf(const std::vector<int64_t>& y, const int64_t* rows, int64_t n, const torch::Device& device) {
    torch::Tensor t = torch::empty({n}, torch::kLong);
    int64_t* p = t.data_ptr<int64_t>();
    for (int64_t i = 0; i < n; ++i) p[i] = y[static_cast<size_t>(rows[i])];
    return t.to(device);
}

void shuffle(std::vector<int64_t>& v, Rng& rng) {
    for (int64_t i = static_cast<int64_t>(v.size()) - 1; i > 0; --i)
        std::swap(v[i], v[rng.below(static_cast<uint64_t>(i + 1))]);
}

torch::Tensor weightTensor(const std::vector<float>& w, const torch::Device& device) {
    if (w.empty()) return torch::Tensor();
    return torch::tensor(w, torch::kFloat32).to(device);
}

// One pass over the shuffled training rows; returns the mean training loss.
double trainEpoch(Backbone& model, torch::optim::Adam& optimizer, ImageBatcher& batcher,
                  const std::vector<int64_t>& y, std::vector<int64_t>& order, int64_t batchSize, Rng& rng,
                  const CancelToken* cancel, const std::vector<float>& classWeights) {
    const torch::Tensor weight = weightTensor(classWeights, batcher.device());
    auto options = torch::nn::functional::CrossEntropyFuncOptions();
    if (weight.defined()) options.weight(weight);
    model.train(true);
    shuffle(order, rng);
    // Summed on the device; read once per epoch so steps do not wait on the host.
    torch::Tensor lossSum = torch::zeros({}, torch::TensorOptions().device(batcher.device()));
    const int64_t n = static_cast<int64_t>(order.size());
    for (int64_t start = 0; start < n; start += batchSize) {
        if (cancel && cancel->cancelled()) throw Cancelled();
        const int64_t count = std::min(batchSize, n - start);
        torch::Tensor images = batcher.images(order.data() + start, count);
        torch::Tensor targets = labelsOf(y, order.data() + start, count, batcher.device());
        optimizer.zero_grad();
        torch::Tensor loss = torch::nn::functional::cross_entropy(model.forward(images), targets, options);
        loss.backward();
        optimizer.step();
        lossSum += loss.detach() * static_cast<double>(count);
    }
    return n > 0 ? lossSum.item<double>() / static_cast<double>(n) : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

EvalResult evaluateRows(Backbone& model, ImageBatcher& batcher, const std::vector<int64_t>& y,
                        const std::vector<int64_t>& rows, const std::vector<float>& classWeights) {
    EvalResult r;
    if (rows.empty()) {
        r.loss = r.accuracy = std::numeric_limits<double>::quiet_NaN();
        return r;
    }
    torch::NoGradGuard noGrad;
    model.train(false);
    std::vector<torch::Tensor> probs;
    double lossSum = 0, weightSum = 0;
    int64_t correct = 0;
    const torch::Tensor weight = weightTensor(classWeights, batcher.device());
    auto options = torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum);
    if (weight.defined()) options.weight(weight);
    const int64_t n = static_cast<int64_t>(rows.size());
    for (int64_t start = 0; start < n; start += batcher.maxBatch()) {
        interruptionPoint();  // held-out evaluation of a large test set: stoppable per batch
        const int64_t count = std::min(batcher.maxBatch(), n - start);
        torch::Tensor logits = model.forward(batcher.images(rows.data() + start, count));
        torch::Tensor targets = labelsOf(y, rows.data() + start, count, batcher.device());
        lossSum += torch::nn::functional::cross_entropy(logits, targets, options).item<double>();
        weightSum += weight.defined() ? weight.index_select(0, targets).sum().item<double>() : double(count);
        torch::Tensor pred = logits.argmax(1);
        correct += pred.eq(targets).sum().item<int64_t>();
        torch::Tensor predCpu = pred.cpu();
        r.predicted.insert(r.predicted.end(), predCpu.data_ptr<int64_t>(), predCpu.data_ptr<int64_t>() + count);
        probs.push_back(torch::softmax(logits, 1).cpu());
    }
    r.loss = weightSum > 0 ? lossSum / weightSum : std::numeric_limits<double>::quiet_NaN();
    r.accuracy = static_cast<double>(correct) / static_cast<double>(n);
    r.probabilities = torch::cat(probs);
    return r;
}

TrainResult trainBackbone(Backbone& model, ImageBatcher& batcher, const std::vector<int64_t>& y, const Split& split,
                          const TrainOptions& o, const std::function<void(const EpochStats&)>& onEpoch,
                          const CancelToken* cancel) {
    if (split.train.empty()) throw InputError("no cells left for training after the test/validation split");
    torch::optim::Adam optimizer(model.parameters(), torch::optim::AdamOptions(o.lr).weight_decay(o.weightDecay));
    const bool earlyStop = o.earlyStop.enabled && !split.val.empty();
    EarlyStopper stopper(o.earlyStop.patience, o.earlyStop.minEpochs, o.earlyStop.minDelta);
    std::vector<torch::Tensor> best;
    std::vector<int64_t> order = split.train;
    Rng rng(o.seed * 0x9E3779B97F4A7C15ull + 1);
    TrainResult result;
    for (int epoch = 0; epoch < o.epochs; ++epoch) {
        EpochStats stats;
        stats.epoch = epoch;
        stats.trainLoss = trainEpoch(model, optimizer, batcher, y, order, o.batchSize, rng, cancel, o.classWeights);
        const EvalResult val = evaluateRows(model, batcher, y, split.val, o.classWeights);
        stats.valLoss = val.loss;
        stats.valAccuracy = val.accuracy;
        result.trainLoss.push_back(stats.trainLoss);
        result.valLoss.push_back(stats.valLoss);
        result.epochsRun = epoch + 1;
        if (onEpoch) onEpoch(stats);
        if (!earlyStop) continue;
        const bool stop = stopper.step(stats.valLoss, epoch);
        if (stopper.improved()) best = model.snapshot();
        if (stop) break;
    }
    if (earlyStop && stopper.bestEpoch() >= 0 && !best.empty()) {
        model.restore(best);
        result.bestEpoch = stopper.bestEpoch();
    }
    return result;
}

std::vector<float> balancedClassWeights(const std::vector<int64_t>& y, const std::vector<int64_t>& rows,
                                        int64_t classes) {
    std::vector<int64_t> n(static_cast<size_t>(std::max<int64_t>(classes, 0)), 0);
    for (int64_t r : rows) ++n[static_cast<size_t>(y[static_cast<size_t>(r)])];
    std::vector<float> w(n.size(), 0.0f);
    for (size_t c = 0; c < n.size(); ++c)
        if (n[c] > 0) w[c] = static_cast<float>(double(rows.size()) / (double(n.size()) * double(n[c])));
    return w;
}

}  // namespace dm
