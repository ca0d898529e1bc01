#pragma once
// Arrangements: the feature -> pixel layout of a pseudo-image. Pure, no LibTorch.
// Feature perm[j] sits at flattened pixel j; padding pixels (j >= n_features) are zero.
#include "data/csr_matrix.h"

#include <cstdint>
#include <vector>

namespace dm {

// Smallest side with side*side >= n_features + buffer.
int64_t squareDim(int64_t nFeatures, int64_t buffer = 0);

// random.Random(seed).shuffle(list(range(n))) exactly as CPython 3 does it (MT19937 seeded
// by init_by_array from |seed|'s 32-bit words, _randbelow by rejection on getrandbits).
std::vector<int64_t> cpythonPermutation(int64_t n, uint64_t seed);

std::vector<int64_t> inversePermutation(const std::vector<int64_t>& perm);

// Writes `count` pseudo-images (row-major side x side, one channel) for the given rows of
// X into `out` (count * side * side floats, zeroed here), scattering each row's non-zeros
// through `pixelOfFeature` (= inversePermutation(perm)). Never densifies X.
void imagesFromCsr(const CsrMatrix& X, const int64_t* rows, int64_t count, const std::vector<int64_t>& pixelOfFeature,
                   int64_t side, float* out);

// out[perm[j]] = pixels[j] for j < n_features; padding dropped.
std::vector<float> pixelsToFeatures(const float* pixels, const std::vector<int64_t>& perm);

}  // namespace dm
