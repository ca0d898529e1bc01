// cnn_small, the default backbone: three conv layers, no normalisation, built for
// training throughput.
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

}  // namespace

std::unique_ptr<Backbone> buildCnnSmall(const BackboneSpec& spec, const BuildShape& s) {
    ExtraOptions opt(spec.kind, spec.extra);
    const int64_t width = opt.integer("width", 16, 1, 1024);
    const double dropout = opt.number("dropout", 0.0, 0.0, 0.95);
    opt.finish();
    return wrapModule(CnnSmall(s.inChans, s.side, width, s.nClasses, dropout));
}

}  // namespace dm
