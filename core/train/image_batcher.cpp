#include "train/image_batcher.h"

#include "common/error.h"
#include "mapping/arrangement.h"

namespace dm {

namespace {

// The one-plane images of `rows` repeated into every channel of `out` (n x channels x side x side).
void repeatPlane(const torch::Tensor& plane, torch::Tensor out) {
    out.copy_(plane.expand_as(out));
}

}  // namespace

ImageBatcher::ImageBatcher(const CsrMatrix& X, std::vector<int64_t> pixelOfFeature, int64_t side, int64_t maxBatch,
                           torch::Device device, int64_t channels)
    : X_(X), pixelOfFeature_(std::move(pixelOfFeature)), side_(side), maxBatch_(maxBatch), channels_(channels),
      device_(device) {
    if (channels_ < 1)
        throw ConfigError("backbone.in_chans must be at least 1, got " + std::to_string(channels_));
    auto options = torch::TensorOptions().dtype(torch::kFloat32);
    host_ = torch::empty({maxBatch_, channels_, side_, side_}, device_.is_cuda() ? options.pinned_memory(true) : options);
    if (channels_ > 1) plane_ = torch::empty({maxBatch_, 1, side_, side_}, options);
}

void ImageBatcher::setFeatureScaling(const std::vector<float>& shift, const std::vector<float>& scale, float clip) {
    if (shift.empty() && scale.empty()) {
        shift_ = scale_ = torch::Tensor();
        return;
    }
    TORCH_CHECK(shift.size() == pixelOfFeature_.size() && scale.size() == pixelOfFeature_.size(),
                "feature scaling needs one shift and one scale per gene");
    shift_ = torch::zeros({1, 1, side_, side_});
    scale_ = torch::zeros({1, 1, side_, side_});
    float* sh = shift_.data_ptr<float>();
    float* sc = scale_.data_ptr<float>();
    for (size_t g = 0; g < pixelOfFeature_.size(); ++g) {
        sh[pixelOfFeature_[g]] = shift[g];
        sc[pixelOfFeature_[g]] = scale[g];
    }
    clip_ = clip;
}

void ImageBatcher::applyScaling(torch::Tensor& images) const {
    if (!shift_.defined()) return;
    images.sub_(shift_).mul_(scale_);
    if (clip_ > 0) images.clamp_(-clip_, clip_);
}

torch::Tensor ImageBatcher::images(const int64_t* rows, int64_t n) {
    TORCH_CHECK(n <= maxBatch_, "batch larger than the batcher's buffer");
    torch::Tensor view = host_.narrow(0, 0, n);
    if (channels_ == 1) {
        imagesFromCsr(X_, rows, n, pixelOfFeature_, side_, host_.data_ptr<float>());
    } else {
        imagesFromCsr(X_, rows, n, pixelOfFeature_, side_, plane_.data_ptr<float>());
        repeatPlane(plane_.narrow(0, 0, n), view);
    }
    applyScaling(view);  // broadcasts over the channels
    return device_.is_cpu() ? view : view.to(device_, /*non_blocking=*/true);
}

torch::Tensor ImageBatcher::imagesCopy(const std::vector<int64_t>& rows) {
    const auto n = static_cast<int64_t>(rows.size());
    torch::Tensor plane = torch::empty({n, 1, side_, side_});
    imagesFromCsr(X_, rows.data(), n, pixelOfFeature_, side_, plane.data_ptr<float>());
    applyScaling(plane);
    if (channels_ == 1) return plane.to(device_);
    torch::Tensor out = torch::empty({n, channels_, side_, side_});
    repeatPlane(plane, out);
    return out.to(device_);
}

}  // namespace dm
