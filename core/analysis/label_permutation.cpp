#include "analysis/label_permutation.h"

#include "analysis/metrics.h"
#include "common/error.h"
#include "data/random.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace dm {

namespace {

double balancedAccuracyUnchecked(const std::vector<int64_t>& yTrue, const std::vector<int64_t>& yPred,
                                 std::vector<int64_t>& n, std::vector<int64_t>& right) {
    std::fill(n.begin(), n.end(), 0);
    std::fill(right.begin(), right.end(), 0);
    for (size_t i = 0; i < yTrue.size(); ++i) {
        ++n[static_cast<size_t>(yTrue[i])];
        right[static_cast<size_t>(yTrue[i])] += yTrue[i] == yPred[i];
    }
    double sum = 0;
    int present = 0;
    for (size_t c = 0; c < n.size(); ++c) {
        if (n[c] == 0) continue;
        sum += double(right[c]) / double(n[c]);
        ++present;
    }
    return present ? sum / present : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

double balancedAccuracy(const std::vector<int64_t>& yTrue, const std::vector<int64_t>& yPred, int64_t classes) {
    checkPredictions(yTrue, yPred, classes);
    std::vector<int64_t> n(static_cast<size_t>(classes)), right(static_cast<size_t>(classes));
    return balancedAccuracyUnchecked(yTrue, yPred, n, right);
}

double labelPermutationPValue(const std::vector<int64_t>& yTrue, const std::vector<int64_t>& yPred, int64_t classes,
                              int permutations, uint64_t seed) {
    checkPredictions(yTrue, yPred, classes);
    if (yTrue.empty() || permutations < 1) return 1.0;
    std::vector<int64_t> n(static_cast<size_t>(classes)), right(static_cast<size_t>(classes));
    const double observed = balancedAccuracyUnchecked(yTrue, yPred, n, right);
    std::vector<int64_t> shuffled = yTrue;
    Rng rng(seed ^ 0x9E7Au);
    int atLeast = 0;
    // Exact ties count (a constant prediction ties every shuffle and gets p = 1); a
    // tolerance absorbs rounding in the mean of recalls.
    const double tolerance = 1e-12;
    for (int b = 0; b < permutations; ++b) {
        for (int64_t i = static_cast<int64_t>(shuffled.size()) - 1; i > 0; --i)
            std::swap(shuffled[static_cast<size_t>(i)], shuffled[rng.below(static_cast<uint64_t>(i + 1))]);
        atLeast += balancedAccuracyUnchecked(shuffled, yPred, n, right) >= observed - tolerance;
    }
    return double(1 + atLeast) / double(1 + permutations);
}

GateDecision decidePermutationGate(const GateRule& rule, double accuracy, double pValue) {
    GateDecision d;
    d.pValue = pValue;
    const bool floorOk = accuracy >= rule.minAccuracy;
    d.accepted = std::isnan(pValue) ? floorOk : floorOk && pValue < rule.alpha;
    return d;
}

}  // namespace dm
