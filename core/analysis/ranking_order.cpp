#include "analysis/ranking_order.h"

#include "common/error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

namespace dm {

bool isRankingOrder(const std::string& order) {
    return order == "frequency" || order == "median_importance" || order == "mean_rank";
}

std::vector<int64_t> orderFeatures(const std::string& order, const FeatureStatistics& s, size_t count) {
    if (!isRankingOrder(order))
        throw ConfigError("ranking_order \"" + order + "\" is not known; it must be frequency, median_importance or "
                          "mean_rank");
    const size_t n = s.selectionFrequency.size();
    // Two keys per feature, each "higher goes first", then the index. A NaN statistic (a
    // diverged pass) goes last instead of breaking the sort's ordering.
    constexpr double kLast = -std::numeric_limits<double>::infinity();
    auto higherFirst = [&](const std::vector<double>& v, size_t i) {
        const double x = i < v.size() ? v[i] : 0.0;
        return std::isnan(x) ? kLast : x;
    };
    auto lowerFirst = [&](const std::vector<double>& v, size_t i) {
        const double x = i < v.size() ? v[i] : 0.0;
        return std::isnan(x) ? kLast : -x;
    };
    std::vector<std::pair<double, double>> key(n);
    for (size_t i = 0; i < n; ++i) {
        const double frequency = higherFirst(s.selectionFrequency, i), median = higherFirst(s.medianImportance, i);
        if (order == "frequency") key[i] = {frequency, median};
        else if (order == "median_importance") key[i] = {median, frequency};
        else key[i] = {lowerFirst(s.meanRank, i), median};
    }
    std::vector<int64_t> features(n);
    std::iota(features.begin(), features.end(), int64_t{0});
    count = std::min(count, n);
    std::partial_sort(features.begin(), features.begin() + static_cast<std::ptrdiff_t>(count), features.end(),
                      [&](int64_t a, int64_t b) {
                          const auto& ka = key[size_t(a)];
                          const auto& kb = key[size_t(b)];
                          if (ka != kb) return ka > kb;
                          return a < b;
                      });
    features.resize(count);
    return features;
}

}  // namespace dm
