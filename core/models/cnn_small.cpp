// cnn_small, the default backbone: three conv layers, no normalisation, built for
// training throughput.
#include "models/builders.h"
#include "models/conv_relu_pool.h"
#include "models/extra_options.h"
#include "models/max_pool_relu.h"
#include "models/module_backbone.h"
#include "models/relu_avg_pool.h"

#include <algorithm>

namespace dm {
namespace {
// Max-pooling halves the map only while it is at least 2 wide, so any side >= 1 works.
int64_t pooledSide(int64_t side, bool pool) { return pool ? side / 2 : side; }

// conv3x3(w) -> ReLU -> maxpool2, conv3x3(2w) -> ReLU -> maxpool2, conv3x3(4w) -> ReLU
// -> average pool to a grid of at most 8x8 -> flatten -> [dropout] -> linear.
// The first layer (conv, ReLU, max-pool) is one fused op (conv3x3ReluMaxPool2): its
// full-size 16-channel activation is never stored. The second layer's ReLU + max-pool is
// another (maxPool2Relu), the third's ReLU + average pool a third (reluAdaptiveAvgPool).
// A batch goes through the layers in chunks whose activations stay in the per-core L2
// cache (docs/performance.md); a whole 64-image batch (the second conv's output is 34 MB
// at side 128) otherwise streams through memory op by op.
// Every image is computed on its own, so chunking changes no value; only the float sum
// order of the weight gradients over the batch.
// The head keeps WHERE activity is: in a pseudo-image a pixel is a gene, so a global
// average (position-blind) cannot tell a marker from any other gene and trained at chance
// on the planted demo.
struct CnnSmallImpl : torch::nn::Module {
    CnnSmallImpl(int64_t inChans, int64_t side, int64_t width, int64_t nClasses, double dropout, bool poolFirst,
                 int64_t gridCap) {
        const int64_t w[3] = {width, 2 * width, 4 * width};
        int64_t c = inChans;
        for (int i = 0; i < 3; ++i) {
            convs.push_back(register_module("conv" + std::to_string(i + 1),
                                            torch::nn::Conv2d(torch::nn::Conv2dOptions(c, w[i], 3).padding(1))));
            c = w[i];
        }
        // Pool after the first two convs only while the map can still be halved.
        pool1 = poolFirst && side >= 2;
        pool2 = pooledSide(side, pool1) >= 2;
        grid = std::min<int64_t>(gridCap, std::max<int64_t>(1, pooledSide(pooledSide(side, pool1), pool2)));
        chunk = cnnSmallChunkImages(width, side);
        drop = register_module("drop", torch::nn::Dropout(dropout));
        fc = register_module("fc", torch::nn::Linear(c * grid * grid, nClasses));
    }
    torch::Tensor forward(const torch::Tensor& x) {
        if (x.size(0) <= chunk) return forwardChunk(x);
        std::vector<torch::Tensor> parts;
        for (int64_t start = 0; start < x.size(0); start += chunk)
            parts.push_back(forwardChunk(x.narrow(0, start, std::min(chunk, x.size(0) - start))));
        return torch::cat(parts);
    }
    torch::Tensor forwardChunk(const torch::Tensor& x) {
        torch::Tensor h = pool1 ? conv3x3ReluMaxPool2(x, convs[0]->weight, convs[0]->bias) : torch::relu(convs[0](x));
        // From here on channels-last: oneDNN's convolutions take it as it is, where NCHW
        // activations are reordered to its blocked layout and back at every call (17% of a
        // step at side 100). The pooling ops keep the layout; the head's output is NCHW.
        h = convs[1](h.contiguous(torch::MemoryFormat::ChannelsLast));
        h = pool2 ? maxPool2Relu(h) : torch::relu(h);
        h = reluAdaptiveAvgPool(convs[2](h), grid).flatten(1);
        return fc(drop(h));
    }
    std::vector<torch::nn::Conv2d> convs;
    bool pool1 = true, pool2 = true;
    int64_t grid = 1;
    int64_t chunk = 1;  // images per pass through the layers
    torch::nn::Dropout drop{nullptr};
    torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(CnnSmall);

}  // namespace

// ~0.5 M values of the second conv's input (width x (side/2)^2) per chunk: 8 images of
// 128 x 128 at width 16, 4 of 181, 13 of 100. Measured with the fused first layer
// (2 threads, chunks of 2 to 64 images at sides 100/128/181): within 2% of the best at
// each side; whole batches were 2-12% slower, 2-image chunks 6-15%.
int64_t cnnSmallChunkImages(int64_t width, int64_t side) {
    return std::max<int64_t>(1, (int64_t{1} << 21) / std::max<int64_t>(1, width * side * side));
}

std::unique_ptr<Backbone> buildCnnSmall(const BackboneSpec& spec, const BuildShape& s) {
    ExtraOptions opt(spec.kind, spec.extra);
    const int64_t width = opt.integer("width", 16, 1, 1024);
    const double dropout = opt.number("dropout", 0.0, 0.0, 0.95);
    // pool_first 0 keeps the first layer at full resolution (a gene's pixel is not max-pooled
    // with its neighbours'); grid caps the head's average-pooled grid side.
    const bool poolFirst = opt.integer("pool_first", 1, 0, 1) != 0;
    const int64_t grid = opt.integer("grid", 8, 1, 256);
    opt.finish();
    return wrapModule(CnnSmall(s.inChans, s.side, width, s.nClasses, dropout, poolFirst, grid));
}

}  // namespace dm
