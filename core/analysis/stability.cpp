#include "analysis/stability.h"

#include "analysis/accumulate.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>

namespace dm {

double splitJaccard(const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
    const std::set<int64_t> sa(a.begin(), a.end()), sb(b.begin(), b.end());
    size_t common = 0;
    for (int64_t x : sa) common += sb.count(x);
    const size_t uni = sa.size() + sb.size() - common;
    return uni == 0 ? 1.0 : double(common) / double(uni);
}

std::vector<int64_t> accumulatedTopK(const std::vector<const std::vector<float>*>& passes, int64_t nFeatures,
                                     int64_t k, const std::string& order) {
    std::vector<std::vector<int64_t>> topSets, ranks;
    std::vector<std::vector<float>> imps;
    for (const auto* p : passes) {
        topSets.push_back(topKSet(*p, k));
        if (order == "mean_rank") ranks.push_back(ranksFromImportances(*p));
        imps.push_back(*p);
    }
    const auto freq = selectionFrequency(topSets, nFeatures);
    const auto med = medianImportance(imps, nFeatures);
    const auto borda = meanRank(ranks, nFeatures);
    return orderFeatures(order, {freq, med, borda}, static_cast<size_t>(std::max<int64_t>(0, std::min(k, nFeatures))));
}

double splitHalfAgreement(const std::vector<std::vector<float>>& passes, size_t n, int64_t k,
                          const std::string& order) {
    n = std::min(n, passes.size());
    if (n < 2) return std::numeric_limits<double>::quiet_NaN();
    std::vector<const std::vector<float>*> even, odd;
    for (size_t i = 0; i < n; ++i) (i % 2 == 0 ? even : odd).push_back(&passes[i]);
    const auto nFeatures = static_cast<int64_t>(passes.front().size());
    return splitJaccard(accumulatedTopK(even, nFeatures, k, order), accumulatedTopK(odd, nFeatures, k, order));
}

std::vector<double> splitHalfCurve(const std::vector<std::vector<float>>& passes, int64_t k,
                                   const std::string& order) {
    std::vector<double> curve;
    for (size_t n = 2; n <= passes.size(); ++n) curve.push_back(splitHalfAgreement(passes, n, k, order));
    return curve;
}

std::vector<MbBound> mbBounds(const std::vector<double>& selectionFrequency, int64_t k,
                              const std::vector<double>& thresholds) {
    std::vector<MbBound> out;
    const auto F = static_cast<int64_t>(selectionFrequency.size());
    if (F == 0) return out;
    for (double pi : thresholds) {
        MbBound b;
        b.threshold = pi;
        b.bound = stabilitySelectionBound(pi, static_cast<double>(k), F);
        // A small tolerance: frequencies are ratios of small integers.
        b.selected = std::count_if(selectionFrequency.begin(), selectionFrequency.end(),
                                   [&](double f) { return f >= pi - 1e-12; });
        out.push_back(b);
    }
    return out;
}

}  // namespace dm
