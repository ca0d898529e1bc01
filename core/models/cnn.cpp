// cnn: four double-conv blocks with batch norm, and a position-aware head.
#include "models/builders.h"
#include "models/extra_options.h"
#include "models/module_backbone.h"

#include <algorithm>

namespace dm {
namespace {
// Block: (conv3x3 -> BN -> ReLU) x 2 -> maxpool2 (while the map is at least 2 wide).
// Head: average pool to a grid of at most `maxGrid` x `maxGrid` -> flatten -> dropout ->
// linear. The head keeps WHERE activity is: in a pseudo-image a pixel is a gene, so a
// global average (position-blind) cannot tell a marker gene from any other gene.
struct CnnImpl : torch::nn::Module {
    CnnImpl(int64_t inChans, int64_t side, const std::vector<int64_t>& widths, int64_t nClasses, double dropout,
            int64_t maxGrid) {
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
        grid = std::min<int64_t>(maxGrid, std::max<int64_t>(1, s));
        drop = register_module("drop", torch::nn::Dropout(dropout));
        fc = register_module("fc", torch::nn::Linear(c * grid * grid, nClasses));
    }
    torch::Tensor forward(const torch::Tensor& x) {
        auto h = x;
        // Channels-last: oneDNN's convolutions (and batch norm) take it as it is; NCHW
        // activations are reordered in and out of every convolution (9-18% faster at
        // sides 64-128, docs/performance.md round 4). A no-op after the first block.
        for (auto& b : blocks) h = b->forward(h.contiguous(torch::MemoryFormat::ChannelsLast));
        return fc(drop(torch::adaptive_avg_pool2d(h, {grid, grid}).flatten(1)));
    }
    int64_t grid = 1;
    std::vector<torch::nn::Sequential> blocks;
    torch::nn::Dropout drop{nullptr};
    torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Cnn);

}  // namespace

std::unique_ptr<Backbone> buildCnn(const BackboneSpec& spec, const BuildShape& s) {
    ExtraOptions opt(spec.kind, spec.extra);
    const auto widths = opt.integers("widths", {32, 64, 128, 256}, 1, 4096);
    const double dropout = opt.number("dropout", 0.2, 0.0, 0.95);
    // 1 gives the position-blind global average of the classic CNN head.
    const int64_t grid = opt.integer("grid", 8, 1, 64);
    opt.finish();
    if (widths.size() > 8) throw ConfigError("backbone.extra.widths for 'cnn' lists more than 8 blocks; use 1 to 8");
    return wrapModule(Cnn(s.inChans, s.side, widths, s.nClasses, dropout, grid));
}

}  // namespace dm
