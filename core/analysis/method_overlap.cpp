#include "analysis/method_overlap.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>

namespace dm {

double jaccard(const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
    if (a.empty() || b.empty()) return std::numeric_limits<double>::quiet_NaN();
    const std::set<int64_t> sa(a.begin(), a.end()), sb(b.begin(), b.end());
    size_t common = 0;
    for (int64_t g : sa) common += sb.count(g);
    return static_cast<double>(common) / static_cast<double>(sa.size() + sb.size() - common);
}

namespace {
void truncate(std::vector<int64_t>& v, int64_t k) {
    if (static_cast<int64_t>(v.size()) > k) v.resize(static_cast<size_t>(std::max<int64_t>(k, 0)));
}
bool holds(const std::vector<int64_t>& v, int64_t g) { return std::find(v.begin(), v.end(), g) != v.end(); }
}  // namespace

TopSetOverlap compareTopSets(std::string className, int64_t k, std::vector<int64_t> deepmapper,
                             std::vector<int64_t> wilcoxon, std::vector<int64_t> linear) {
    TopSetOverlap o;
    o.className = std::move(className);
    o.k = k;
    truncate(deepmapper, k);
    truncate(wilcoxon, k);
    truncate(linear, k);
    o.deepmapper = std::move(deepmapper);
    o.wilcoxon = std::move(wilcoxon);
    o.linear = std::move(linear);
    o.jaccardDeepMapperWilcoxon = jaccard(o.deepmapper, o.wilcoxon);
    o.jaccardDeepMapperLinear = jaccard(o.deepmapper, o.linear);
    o.jaccardWilcoxonLinear = jaccard(o.wilcoxon, o.linear);
    const bool anyOther = !o.wilcoxon.empty() || !o.linear.empty();
    for (int64_t g : o.deepmapper) {
        const bool inW = holds(o.wilcoxon, g), inL = holds(o.linear, g);
        // With no other method run, nothing is "found only by DeepMapper": there was no comparison.
        if (anyOther && !inW && !inL) o.onlyDeepMapper.push_back(g);
        if (anyOther && (o.wilcoxon.empty() || inW) && (o.linear.empty() || inL)) o.shared.push_back(g);
    }
    return o;
}

std::vector<int64_t> topByMagnitude(const std::vector<double>& score, int64_t k) {
    std::vector<int64_t> order(score.size());
    std::iota(order.begin(), order.end(), int64_t{0});
    const auto n = static_cast<int64_t>(order.size());
    k = std::clamp<int64_t>(k, 0, n);
    std::partial_sort(order.begin(), order.begin() + k, order.end(), [&](int64_t a, int64_t b) {
        const double x = std::abs(score[static_cast<size_t>(a)]), y = std::abs(score[static_cast<size_t>(b)]);
        const bool nx = std::isnan(x), ny = std::isnan(y);
        if (nx != ny) return ny;
        if (!nx && x != y) return x > y;
        return a < b;
    });
    order.resize(static_cast<size_t>(k));
    return order;
}

}  // namespace dm
