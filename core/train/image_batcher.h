#pragma once
// Pseudo-image batches straight from CSR rows, into one reused buffer: no dense copy of
// the dataset and no fresh allocation per step. Internal to dmcore (LibTorch).
#include "data/csr_matrix.h"

#include <torch/torch.h>

#include <vector>

namespace dm {

class ImageBatcher {
public:
    // pixelOfFeature = inversePermutation(perm) of the pass's arrangement. `channels`: the
    // backbone's in_chans; a pseudo-image has one plane (one pixel per gene), repeated in
    // every channel (as a grey image fed to an RGB network).
    ImageBatcher(const CsrMatrix& X, std::vector<int64_t> pixelOfFeature, int64_t side, int64_t maxBatch,
                 torch::Device device, int64_t channels = 1);
    // Per-gene scaling applied to every image: pixel of gene g = clamp((x - shift[g]) *
    // scale[g], -clip, clip). Padding pixels stay 0. Empty vectors: no scaling.
    void setFeatureScaling(const std::vector<float>& shift, const std::vector<float>& scale, float clip);

    // (n, channels, side, side) float32 images of the given rows. The tensor views the reused
    // buffer (or lives on the device): it is valid until the next call.
    torch::Tensor images(const int64_t* rows, int64_t n);
    // Owned copy, for tensors that must outlive the next batch (attribution inputs).
    torch::Tensor imagesCopy(const std::vector<int64_t>& rows);

    int64_t side() const { return side_; }
    int64_t channels() const { return channels_; }
    int64_t maxBatch() const { return maxBatch_; }
    const torch::Device& device() const { return device_; }

private:
    const CsrMatrix& X_;
    std::vector<int64_t> pixelOfFeature_;
    int64_t side_, maxBatch_, channels_;
    torch::Device device_;
    torch::Tensor host_;   // maxBatch x channels x side x side, reused
    torch::Tensor plane_;  // maxBatch x 1 x side x side, reused; only when channels > 1
    torch::Tensor shift_, scale_;  // 1 x 1 x side x side in the arrangement, undefined: none
    float clip_ = 0;
    void applyScaling(torch::Tensor& images) const;
};

}  // namespace dm
