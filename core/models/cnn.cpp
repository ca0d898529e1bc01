// Convolutional backbones: cnn_small (the default; three conv layers, no normalisation,
// built for training throughput) and cnn (four double-conv blocks with batch norm).
#include "models/builders.h"
#include "models/extra_options.h"
#include "models/module_backbone.h"

namespace dm {
namespace {

// Max-pooling halves the map only while it is at least 2 wide, so any side >= 1 works.
int64_t pooledSide(int64_t side, bool pool) { return pool ? side / 2 : side; }

// conv3x3(w) -> ReLU -> maxpool2, conv3x3(2w) -> ReLU -> maxpool2, conv3x3(4w) -> ReLU
// -> average pool to a grid of at most 8x8 -> flatten -> [dropout] -> linear.
// The head keeps WHERE activity is: in a pseudo-image a pixel is a gene, so a global
// average (position-blind) cannot tell a marker from any other gene and trained at chance
// on the planted demo.
struct CnnSmallImpl : torch::nn::Module {
    CnnSmallImpl(int64_t inChans, int64_t side, int64_t width, int64_t nClasses, double dropout) {
        const int64_t w[3] = {width, 2 * width, 4 * width};
        int64_t c = inChans;
        for (int i = 0; i < 3; ++i) {
            convs.push_back(register_module("conv" + std::to_string(i + 1),
                                            torch::nn::Conv2d(torch::nn::Conv2dOptions(c, w[i], 3).padding(1))));
            c = w[i];
        }
        // Pool after the first two convs only while the map can still be halved.
        pool1 = side >= 2;
        pool2 = pooledSide(side, pool1) >= 2;
        grid = std::min<int64_t>(8, std::max<int64_t>(1, pooledSide(pooledSide(side, pool1), pool2)));
        drop = register_module("drop", torch::nn::Dropout(dropout));
        fc = register_module("fc", torch::nn::Linear(c * grid * grid, nClasses));
    }
    torch::Tensor forward(const torch::Tensor& x) {
        auto h = torch::relu(convs[0](x));
        if (pool1) h = torch::max_pool2d(h, 2);
        h = torch::relu(convs[1](h));
        if (pool2) h = torch::max_pool2d(h, 2);
        h = torch::relu(convs[2](h));
        h = torch::adaptive_avg_pool2d(h, {grid, grid}).flatten(1);
        return fc(drop(h));
    }
    std::vector<torch::nn::Conv2d> convs;
    bool pool1 = true, pool2 = true;
    int64_t grid = 1;
    torch::nn::Dropout drop{nullptr};
    torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(CnnSmall);

// Block: (conv3x3 -> BN -> ReLU) x 2 -> maxpool2 (while the map is at least 2 wide).
struct CnnImpl : torch::nn::Module {
    CnnImpl(int64_t inChans, int64_t side, const std::vector<int64_t>& widths, int64_t nClasses, double dropout) {
        int64_t c = inChans;
        int64_t s = side;
        for (size_t b = 0; b < widths.size(); ++b) {
            torch::nn::Sequential block;
            for (int k = 0; k < 2; ++k) {
                block->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(k == 0 ? c : widths[b], widths[b], 3)
                                                       .padding(1)
                                                       .bias(false)));
                block->push_back(torch::nn::BatchNorm2d(widths[b]));
                block->push_back(torch::nn::ReLU(torch::nn::ReLUOptions().inplace(true)));
            }
            if (s >= 2) {
                block->push_back(torch::nn::MaxPool2d(2));
                s /= 2;
            }
            blocks.push_back(register_module("block" + std::to_string(b + 1), block));
            c = widths[b];
        }
        drop = register_module("drop", torch::nn::Dropout(dropout));
        fc = register_module("fc", torch::nn::Linear(c, nClasses));
    }
    torch::Tensor forward(const torch::Tensor& x) {
        auto h = x;
        for (auto& b : blocks) h = b->forward(h);
        return fc(drop(h.mean({2, 3})));
    }
    std::vector<torch::nn::Sequential> blocks;
    torch::nn::Dropout drop{nullptr};
    torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Cnn);

}  // namespace

std::unique_ptr<Backbone> buildCnnSmall(const BackboneSpec& spec, const BuildShape& s) {
    ExtraOptions opt(spec.kind, spec.extra);
    const int64_t width = opt.integer("width", 16, 1, 1024);
    const double dropout = opt.number("dropout", 0.0, 0.0, 0.95);
    opt.finish();
    return wrapModule(CnnSmall(s.inChans, s.side, width, s.nClasses, dropout));
}

std::unique_ptr<Backbone> buildCnn(const BackboneSpec& spec, const BuildShape& s) {
    ExtraOptions opt(spec.kind, spec.extra);
    const auto widths = opt.integers("widths", {32, 64, 128, 256}, 1, 4096);
    const double dropout = opt.number("dropout", 0.2, 0.0, 0.95);
    opt.finish();
    if (widths.size() > 8) throw ConfigError("backbone.extra.widths for 'cnn' lists more than 8 blocks; use 1 to 8");
    return wrapModule(Cnn(s.inChans, s.side, widths, s.nClasses, dropout));
}

}  // namespace dm
