#include "engine/run_input_checks.h"

#include "common/error.h"

namespace dm {

void checkRunInput(const RunInput& in, const std::string& purpose, bool needFeatureNames) {
    if (!in.X) throw InputError("no matrix given to " + purpose);
    if (in.X->rows == 0 || in.X->cols == 0)
        throw InputError("the matrix is empty (" + std::to_string(in.X->rows) + " cells x " +
                         std::to_string(in.X->cols) + " genes)");
    if (static_cast<int64_t>(in.y.size()) != in.X->rows)
        throw InputError("labels for " + std::to_string(in.y.size()) + " cells but the matrix has " +
                         std::to_string(in.X->rows));
    if (in.classes.size() < 2) throw InputError("at least two classes are needed for " + purpose);
    if (needFeatureNames && static_cast<int64_t>(in.featureNames.size()) != in.X->cols)
        throw InputError("gene names do not match the matrix columns");
    for (int64_t v : in.y)
        if (v < 0 || v >= static_cast<int64_t>(in.classes.size()))
            throw InputError("a cell has label " + std::to_string(v) + " outside 0.." +
                             std::to_string(in.classes.size() - 1) + "; drop unlabelled cells first");
}

torch::Device runDevice(const std::string& device) {
    if (device == "cuda") {
        if (!torch::cuda::is_available())
            throw ConfigError("device 'cuda' requested but this LibTorch build has no usable CUDA device; use "
                              "--device cpu");
        return torch::Device(torch::kCUDA);
    }
    return torch::Device(torch::kCPU);
}

}  // namespace dm
