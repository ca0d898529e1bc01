#include "data/rank_normal.h"

#include "common/interrupt.h"
#include "data/csr_columns.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace dm {

double normalQuantile(double p) {
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                               1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                               6.680131188771972e+01,  -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                               -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
    static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                               3.754408661907416e+00};
    constexpr double kLow = 0.02425;
    if (p > 1 - kLow) return -normalQuantile(1 - p);
    if (p < kLow) {
        const double q = std::sqrt(-2 * std::log(p));
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
               ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    const double q = p - 0.5, r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
           (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

namespace {

// One gene's distinct stored values (ascending) and the score each maps to, relative to
// the zeros' score.
struct GeneScores {
    std::vector<float> values, scores;
};

GeneScores scoreGene(std::vector<float> stored, int64_t cells) {
    std::sort(stored.begin(), stored.end());
    const auto n = static_cast<double>(cells);
    const double implicitZeros = n - static_cast<double>(stored.size());
    auto blom = [n](double midRank) { return normalQuantile((midRank - 0.375) / (n + 0.25)); };
    // Ranks over every cell: implicit zeros sit between the negative and the positive values.
    const auto firstZero = std::lower_bound(stored.begin(), stored.end(), 0.0f) - stored.begin();
    const auto pastZero = std::upper_bound(stored.begin(), stored.end(), 0.0f) - stored.begin();
    const double zeros = implicitZeros + static_cast<double>(pastZero - firstZero);
    const double zeroScore = zeros > 0 ? blom(static_cast<double>(firstZero) + (zeros + 1) / 2) : 0.0;
    GeneScores g;
    for (size_t i = 0; i < stored.size();) {
        size_t j = i;
        while (j < stored.size() && stored[j] == stored[i]) ++j;
        const float v = stored[i];
        const double below = static_cast<double>(i) + (v > 0 ? implicitZeros : 0.0);
        const double ties = static_cast<double>(j - i) + (v == 0 ? implicitZeros : 0.0);
        g.values.push_back(v);
        g.scores.push_back(v == 0 ? 0.0f : static_cast<float>(blom(below + (ties + 1) / 2) - zeroScore));
        i = j;
    }
    return g;
}

}  // namespace

CsrMatrix rankNormalScores(const CsrMatrix& X) {
    std::vector<GeneScores> genes(static_cast<size_t>(X.cols));
    ColumnBlock block;
    for (const ColumnRange range : planColumnBlocks(X, int64_t(1) << 22, 1)) {
        interruptionPoint();
        gatherColumns(X, range, block);
        for (int64_t c = range.first; c < range.last; ++c) {
            const auto* begin = block.values.data() + block.offsets[c - range.first];
            const auto* end = block.values.data() + block.offsets[c - range.first + 1];
            genes[static_cast<size_t>(c)] = scoreGene(std::vector<float>(begin, end), X.rows);
        }
    }
    CsrMatrix R = X;
    for (int64_t r = 0; r < R.rows; ++r) {
        if (r % 4096 == 0) interruptionPoint();
        for (int64_t k = R.indptr[r]; k < R.indptr[r + 1]; ++k) {
            const GeneScores& g = genes[static_cast<size_t>(R.indices[k])];
            const auto at = std::lower_bound(g.values.begin(), g.values.end(), R.values[k]) - g.values.begin();
            R.values[k] = g.scores[static_cast<size_t>(at)];
        }
    }
    return R;
}

}  // namespace dm
