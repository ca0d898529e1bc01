#pragma once
// A Backbone around a torch::nn module holder: parameters, modes, device moves and the
// best-epoch snapshot/restore come from the module's named parameters and buffers.
// Internal to dmcore (LibTorch).
#include "common/error.h"
#include "models/backbone.h"

#include <torch/torch.h>

#include <string>
#include <vector>

namespace dm {

// Copies of `params` then `buffers`, detached so later training cannot change them.
inline std::vector<torch::Tensor> cloneState(const std::vector<torch::Tensor>& params,
                                             const std::vector<torch::Tensor>& buffers) {
    std::vector<torch::Tensor> out;
    out.reserve(params.size() + buffers.size());
    for (const auto& t : params) out.push_back(t.detach().clone());
    for (const auto& t : buffers) out.push_back(t.detach().clone());
    return out;
}

// Copies `state` (from cloneState over the same model) back in place.
inline void restoreState(std::vector<torch::Tensor> targets, const std::vector<torch::Tensor>& state) {
    if (targets.size() != state.size())
        throw Error("cannot restore model weights: the snapshot has " + std::to_string(state.size()) +
                    " tensors but the model has " + std::to_string(targets.size()) +
                    "; the snapshot was taken from a different backbone");
    torch::NoGradGuard noGrad;
    for (size_t i = 0; i < targets.size(); ++i) {
        if (!targets[i].sizes().equals(state[i].sizes()))
            throw Error("cannot restore model weights: tensor " + std::to_string(i) +
                        " changed shape; the snapshot was taken from a different backbone");
        targets[i].copy_(state[i]);
    }
}

template <class Holder>
class ModuleBackbone : public Backbone {
public:
    explicit ModuleBackbone(Holder module) : module_(std::move(module)) {}

    torch::Tensor forward(const torch::Tensor& images) override { return module_->forward(images); }
    std::vector<torch::Tensor> parameters() override { return module_->parameters(); }
    void train(bool on) override { module_->train(on); }
    bool isTraining() const override { return module_->is_training(); }
    void to(const torch::Device& device) override { module_->to(device); }
    std::vector<torch::Tensor> snapshot() override { return cloneState(module_->parameters(), module_->buffers()); }
    void restore(const std::vector<torch::Tensor>& state) override {
        std::vector<torch::Tensor> targets = module_->parameters();
        for (const auto& b : module_->buffers()) targets.push_back(b);
        restoreState(std::move(targets), state);
    }

    Holder& module() { return module_; }

protected:
    Holder module_;
};

template <class Holder>
std::unique_ptr<Backbone> wrapModule(Holder module) {
    return std::make_unique<ModuleBackbone<Holder>>(std::move(module));
}

}  // namespace dm
