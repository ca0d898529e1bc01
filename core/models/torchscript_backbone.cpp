// A user's TorchScript model (torch.jit.save) as a backbone: trainable from C++, with
// snapshot/restore over its parameters and buffers.
#include "models/builders.h"
#include "models/module_backbone.h"

#include <torch/script.h>

#include <filesystem>

namespace dm {
namespace {

class TorchScriptBackbone : public Backbone {
public:
    TorchScriptBackbone(torch::jit::Module module, std::string file)
        : module_(std::move(module)), file_(std::move(file)) {}

    torch::Tensor forward(const torch::Tensor& images) override {
        const torch::IValue out = module_.forward({images});
        if (out.isTensor()) return out.toTensor();
        // Models that return (logits, extras...) are accepted: the first element is used.
        if (out.isTuple() && !out.toTupleRef().elements().empty() && out.toTupleRef().elements()[0].isTensor())
            return out.toTupleRef().elements()[0].toTensor();
        throw InputError("the TorchScript model " + file_ +
                         " must return a logits tensor (or a tuple starting with one) from forward()");
    }
    std::vector<torch::Tensor> parameters() override {
        std::vector<torch::Tensor> out;
        for (const auto& p : module_.parameters()) out.push_back(p);
        return out;
    }
    std::vector<torch::Tensor> buffers() {
        std::vector<torch::Tensor> out;
        for (const auto& b : module_.buffers()) out.push_back(b);
        return out;
    }
    void train(bool on) override { module_.train(on); }
    bool isTraining() const override { return module_.is_training(); }
    void to(const torch::Device& device) override { module_.to(device); }
    std::vector<torch::Tensor> snapshot() override { return cloneState(parameters(), buffers()); }
    void restore(const std::vector<torch::Tensor>& state) override {
        auto targets = parameters();
        for (const auto& b : buffers()) targets.push_back(b);
        restoreState(std::move(targets), state);
    }

private:
    torch::jit::Module module_;
    std::string file_;
};

// One eval-mode forward on zeros, so a wrong input or class count fails at build time
// with a message instead of deep inside training.
void checkShapes(TorchScriptBackbone& model, const std::string& file, const BuildShape& s) {
    const bool wasTraining = model.isTraining();
    model.train(false);
    torch::Tensor out;
    try {
        torch::NoGradGuard noGrad;
        out = model.forward(torch::zeros({1, s.inChans, s.side, s.side}));
    } catch (const c10::Error& e) {
        model.train(wasTraining);
        throw InputError("the TorchScript model " + file + " fails on a (1, " + std::to_string(s.inChans) + ", " +
                         std::to_string(s.side) + ", " + std::to_string(s.side) +
                         ") input; export a model that accepts that pseudo-image size (" +
                         e.what_without_backtrace() + ")");
    }
    model.train(wasTraining);
    if (out.dim() != 2 || out.size(0) != 1 || out.size(1) != s.nClasses)
        throw InputError("the TorchScript model " + file + " returns shape " + c10::str(out.sizes()) +
                         " for one image but the data has " + std::to_string(s.nClasses) +
                         " classes; export a model whose forward returns (batch, " + std::to_string(s.nClasses) +
                         ") logits");
}

}  // namespace

std::unique_ptr<Backbone> buildTorchScript(const std::string& file, const BackboneSpec& spec, const BuildShape& s) {
    if (!spec.extra.is_null() && !spec.extra.empty())
        throw ConfigError("backbone.extra is not used by TorchScript backbones; remove it (got " + spec.extra.dump() +
                          ")");
    if (file.empty())
        throw ConfigError("backbone kind 'torchscript:' needs a file, e.g. torchscript:/path/model.pt");
    if (!std::filesystem::is_regular_file(file))
        throw InputError("TorchScript model file " + file + " does not exist or is not a file; check the path after "
                         "'torchscript:'");
    torch::jit::Module module;
    try {
        module = torch::jit::load(file, torch::kCPU);
    } catch (const c10::Error& e) {
        throw InputError("cannot load TorchScript model " + file +
                         ": it is not a model saved with torch.jit.save (or needs a newer LibTorch than 1.13). "
                         "Export it with torch.jit.script(model).save(path). Details: " +
                         e.what_without_backtrace());
    } catch (const std::exception& e) {
        throw InputError("cannot load TorchScript model " + file + ": " + e.what() +
                         ". Export it with torch.jit.script(model).save(path).");
    }
    auto model = std::make_unique<TorchScriptBackbone>(std::move(module), file);
    checkShapes(*model, file, s);
    return model;
}

}  // namespace dm
