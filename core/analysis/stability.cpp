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

namespace {

// What one pass contributes to a half's ranking: its top k and, for "mean_rank", the rank of
// every feature. Computed once per pass: the curve reads every prefix of the passes, and
// ranking a pass's whole vector again for each prefix made "mean_rank" the slow order.
struct PassSummary {
    const std::vector<float>* importance = nullptr;
    std::vector<int64_t> top;
    std::vector<int64_t> ranks;
};

PassSummary summarize(const std::vector<float>& importance, int64_t k, const std::string& order) {
    PassSummary s;
    s.importance = &importance;
    s.top = topKSet(importance, k);
    if (order == "mean_rank") s.ranks = ranksFromImportances(importance);
    return s;
}

std::vector<int64_t> halfTopK(const std::vector<const PassSummary*>& half, int64_t nFeatures, int64_t k,
                              const std::string& order) {
    std::vector<std::vector<int64_t>> topSets, ranks;
    std::vector<std::vector<float>> imps;
    for (const auto* p : half) {
        topSets.push_back(p->top);
        if (!p->ranks.empty()) ranks.push_back(p->ranks);
        imps.push_back(*p->importance);
    }
    const auto freq = selectionFrequency(topSets, nFeatures);
    const auto med = medianImportance(imps, nFeatures);
    const auto borda = meanRank(ranks, nFeatures);
    return orderFeatures(order, {freq, med, borda}, static_cast<size_t>(std::max<int64_t>(0, std::min(k, nFeatures))));
}

// Passes 0, 2, 4... against 1, 3, 5... of the first n summaries.
double agreementOfFirst(const std::vector<PassSummary>& summaries, size_t n, int64_t nFeatures, int64_t k,
                        const std::string& order) {
    std::vector<const PassSummary*> even, odd;
    for (size_t i = 0; i < n; ++i) (i % 2 == 0 ? even : odd).push_back(&summaries[i]);
    return splitJaccard(halfTopK(even, nFeatures, k, order), halfTopK(odd, nFeatures, k, order));
}

std::vector<PassSummary> summarizeFirst(const std::vector<std::vector<float>>& passes, size_t n, int64_t k,
                                        const std::string& order) {
    std::vector<PassSummary> out;
    for (size_t i = 0; i < n; ++i) out.push_back(summarize(passes[i], k, order));
    return out;
}

}  // namespace

std::vector<int64_t> accumulatedTopK(const std::vector<const std::vector<float>*>& passes, int64_t nFeatures,
                                     int64_t k, const std::string& order) {
    std::vector<PassSummary> summaries;
    for (const auto* p : passes) summaries.push_back(summarize(*p, k, order));
    std::vector<const PassSummary*> all;
    for (const auto& s : summaries) all.push_back(&s);
    return halfTopK(all, nFeatures, k, order);
}

double splitHalfAgreement(const std::vector<std::vector<float>>& passes, size_t n, int64_t k,
                          const std::string& order) {
    n = std::min(n, passes.size());
    if (n < 2) return std::numeric_limits<double>::quiet_NaN();
    const auto nFeatures = static_cast<int64_t>(passes.front().size());
    return agreementOfFirst(summarizeFirst(passes, n, k, order), n, nFeatures, k, order);
}

std::vector<double> splitHalfCurve(const std::vector<std::vector<float>>& passes, int64_t k,
                                   const std::string& order) {
    std::vector<double> curve;
    if (passes.size() < 2) return curve;
    const auto summaries = summarizeFirst(passes, passes.size(), k, order);
    const auto nFeatures = static_cast<int64_t>(passes.front().size());
    for (size_t n = 2; n <= passes.size(); ++n) curve.push_back(agreementOfFirst(summaries, n, nFeatures, k, order));
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
