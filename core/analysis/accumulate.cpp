#include "analysis/accumulate.h"

#include "common/error.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

namespace dm {

namespace {

// A strict total order "a is more important than b": larger importance first, NaN last
// (a diverged pass must not crown a feature), then the lower index.
struct MoreImportant {
    const std::vector<float>& imp;
    bool operator()(int64_t a, int64_t b) const {
        const float x = imp[static_cast<size_t>(a)], y = imp[static_cast<size_t>(b)];
        const bool nx = std::isnan(x), ny = std::isnan(y);
        if (nx != ny) return ny;
        if (!nx && x != y) return x > y;
        return a < b;
    }
};

std::vector<int64_t> iotaIndices(size_t n) {
    std::vector<int64_t> idx(n);
    std::iota(idx.begin(), idx.end(), int64_t{0});
    return idx;
}

void requireLength(size_t got, int64_t nFeatures, const char* what, size_t pass) {
    if (static_cast<int64_t>(got) != nFeatures)
        throw Error(std::string(what) + " of pass " + std::to_string(pass) + " has " + std::to_string(got) +
                    " entries, expected one per feature (" + std::to_string(nFeatures) + ")");
}

}  // namespace

bool acceptPass(double accuracy, double minAccuracy) { return accuracy >= minAccuracy; }

std::vector<int64_t> ranksFromImportances(const std::vector<float>& importance) {
    std::vector<int64_t> order = iotaIndices(importance.size());
    std::sort(order.begin(), order.end(), MoreImportant{importance});
    std::vector<int64_t> rank(importance.size());
    for (size_t p = 0; p < order.size(); ++p) rank[static_cast<size_t>(order[p])] = static_cast<int64_t>(p) + 1;
    return rank;
}

std::vector<int64_t> topKSet(const std::vector<float>& importance, int64_t k) {
    const auto n = static_cast<int64_t>(importance.size());
    k = std::clamp<int64_t>(k, 0, n);
    std::vector<int64_t> order = iotaIndices(importance.size());
    std::partial_sort(order.begin(), order.begin() + k, order.end(), MoreImportant{importance});
    order.resize(static_cast<size_t>(k));
    return order;
}

std::vector<double> selectionFrequency(const std::vector<std::vector<int64_t>>& topSets, int64_t nFeatures) {
    std::vector<double> freq(static_cast<size_t>(nFeatures), 0.0);
    if (topSets.empty()) return freq;
    for (size_t p = 0; p < topSets.size(); ++p)
        for (int64_t f : topSets[p]) {
            if (f < 0 || f >= nFeatures)
                throw Error("top set of pass " + std::to_string(p) + " names feature " + std::to_string(f) +
                            ", outside 0.." + std::to_string(nFeatures - 1));
            freq[static_cast<size_t>(f)] += 1.0;
        }
    for (double& v : freq) v /= static_cast<double>(topSets.size());
    return freq;
}

std::vector<double> meanRank(const std::vector<std::vector<int64_t>>& ranks, int64_t nFeatures) {
    std::vector<double> mean(static_cast<size_t>(nFeatures), 0.0);
    if (ranks.empty()) return mean;
    for (size_t p = 0; p < ranks.size(); ++p) {
        requireLength(ranks[p].size(), nFeatures, "rank vector", p);
        for (size_t f = 0; f < mean.size(); ++f) mean[f] += static_cast<double>(ranks[p][f]);
    }
    for (double& v : mean) v /= static_cast<double>(ranks.size());
    return mean;
}

std::vector<double> medianImportance(const std::vector<std::vector<float>>& importances, int64_t nFeatures) {
    std::vector<double> median(static_cast<size_t>(nFeatures), 0.0);
    if (importances.empty()) return median;
    for (size_t p = 0; p < importances.size(); ++p) requireLength(importances[p].size(), nFeatures, "importance vector", p);
    const size_t passes = importances.size();
    std::vector<double> column(passes);
    for (size_t f = 0; f < median.size(); ++f) {
        for (size_t p = 0; p < passes; ++p) column[p] = importances[p][f];
        const size_t mid = passes / 2;
        std::nth_element(column.begin(), column.begin() + static_cast<std::ptrdiff_t>(mid), column.end());
        double m = column[mid];
        if (passes % 2 == 0) {
            // The lower middle is the largest value below `mid` after nth_element.
            const double lower = *std::max_element(column.begin(), column.begin() + static_cast<std::ptrdiff_t>(mid));
            m = 0.5 * (lower + m);
        }
        median[f] = m;
    }
    return median;
}

double stabilitySelectionBound(double piThr, double q, int64_t nFeatures) {
    if (!(piThr > 0.5 && piThr <= 1.0))
        throw ConfigError("stability selection: the selection-frequency threshold pi_thr is " + std::to_string(piThr) +
                          "; it must be in (0.5, 1] for the Meinshausen-Buhlmann bound to hold");
    if (nFeatures < 1)
        throw ConfigError("stability selection: the number of features is " + std::to_string(nFeatures) +
                          "; it must be at least 1");
    if (!(q >= 0.0))
        throw ConfigError("stability selection: q (features selected per pass) is " + std::to_string(q) +
                          "; it must be >= 0");
    return q * q / ((2.0 * piThr - 1.0) * static_cast<double>(nFeatures));
}

}  // namespace dm
