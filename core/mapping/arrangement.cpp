#include "mapping/arrangement.h"

#include "common/error.h"
#include "mapping/mt19937_cpython.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

namespace dm {

int64_t squareDim(int64_t nFeatures, int64_t buffer) {
    if (nFeatures < 0 || buffer < 0)
        throw ConfigError("square image size: n_features (" + std::to_string(nFeatures) + ") and buffer (" +
                          std::to_string(buffer) + ") must both be >= 0");
    const int64_t total = nFeatures + buffer;
    // sqrt in double may be off by one for large totals; fix it up with integer checks.
    int64_t side = static_cast<int64_t>(std::sqrt(static_cast<double>(total)));
    while (side > 0 && side * side >= total) --side;
    while (side * side < total) ++side;
    return side;
}

std::vector<int64_t> cpythonPermutation(int64_t n, uint64_t seed) {
    std::vector<int64_t> x(static_cast<size_t>(std::max<int64_t>(n, 0)));
    std::iota(x.begin(), x.end(), int64_t{0});
    CpythonMt19937 rng(seed);
    // random.shuffle: for i in reversed(range(1, len(x))): j = _randbelow(i + 1).
    for (int64_t i = n - 1; i >= 1; --i) {
        const auto j = static_cast<int64_t>(rng.randbelow(static_cast<uint64_t>(i) + 1));
        std::swap(x[i], x[j]);
    }
    return x;
}

std::vector<int64_t> inversePermutation(const std::vector<int64_t>& perm) {
    const auto n = static_cast<int64_t>(perm.size());
    std::vector<int64_t> inv(perm.size(), -1);
    for (int64_t i = 0; i < n; ++i) {
        const int64_t p = perm[i];
        if (p < 0 || p >= n || inv[p] != -1)
            throw Error("arrangement is not a permutation of 0.." + std::to_string(n - 1) + " (entry " +
                        std::to_string(i) + " = " + std::to_string(p) + ")");
        inv[p] = i;
    }
    return inv;
}

void imagesFromCsr(const CsrMatrix& X, const int64_t* rows, int64_t count, const std::vector<int64_t>& pixelOfFeature,
                   int64_t side, float* out) {
    const int64_t pixels = side * side;
    if (static_cast<int64_t>(pixelOfFeature.size()) != X.cols || X.cols > pixels)
        throw Error("pseudo-images: the arrangement covers " + std::to_string(pixelOfFeature.size()) +
                    " features and a " + std::to_string(side) + "x" + std::to_string(side) +
                    " image, but the matrix has " + std::to_string(X.cols) + " features");
    std::fill(out, out + count * pixels, 0.0f);
    const int32_t* indices = X.indices.data();
    const float* values = X.values.data();
    const int64_t* pixelOf = pixelOfFeature.data();
    for (int64_t i = 0; i < count; ++i) {
        const int64_t r = rows[i];
        if (r < 0 || r >= X.rows)
            throw Error("pseudo-images: row " + std::to_string(r) + " is outside the matrix (" +
                        std::to_string(X.rows) + " rows)");
        float* image = out + i * pixels;
        for (int64_t k = X.indptr[r], end = X.indptr[r + 1]; k < end; ++k) image[pixelOf[indices[k]]] = values[k];
    }
}

std::vector<float> pixelsToFeatures(const float* pixels, const std::vector<int64_t>& perm) {
    std::vector<float> out(perm.size());
    for (size_t j = 0; j < perm.size(); ++j) out[static_cast<size_t>(perm[j])] = pixels[j];
    return out;
}

}  // namespace dm
