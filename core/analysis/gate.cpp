#include "analysis/gate.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dm {

double binomialUpperTail(int64_t n, int64_t k, double p) {
    if (k <= 0) return 1.0;
    if (k > n) return 0.0;
    if (p <= 0.0) return 0.0;
    if (p >= 1.0) return 1.0;
    const double lp = std::log(p), lq = std::log1p(-p);
    const double lnFact = std::lgamma(static_cast<double>(n) + 1.0);
    // log of each term, then log-sum-exp around the largest (the first for k above the mean).
    double maxTerm = -std::numeric_limits<double>::infinity();
    for (int64_t i = k; i <= n; ++i) {
        const double t = lnFact - std::lgamma(double(i) + 1.0) - std::lgamma(double(n - i) + 1.0) + double(i) * lp +
                         double(n - i) * lq;
        maxTerm = std::max(maxTerm, t);
    }
    double sum = 0.0;
    for (int64_t i = k; i <= n; ++i) {
        const double t = lnFact - std::lgamma(double(i) + 1.0) - std::lgamma(double(n - i) + 1.0) + double(i) * lp +
                         double(n - i) * lq;
        sum += std::exp(t - maxTerm);
    }
    return std::min(1.0, std::exp(maxTerm) * sum);
}

GateDecision decideGate(const GateRule& rule, double accuracy, int64_t testCells, double chanceRate) {
    GateDecision d;
    const bool floorOk = accuracy >= rule.minAccuracy;
    if (rule.kind != "binomial" || testCells <= 0) {
        d.accepted = floorOk;
        d.pValue = std::numeric_limits<double>::quiet_NaN();
        return d;
    }
    const auto correct = static_cast<int64_t>(std::llround(accuracy * static_cast<double>(testCells)));
    d.pValue = binomialUpperTail(testCells, correct, chanceRate);
    d.accepted = floorOk && d.pValue < rule.alpha;
    return d;
}

}  // namespace dm
