#include "analysis/tail_probability.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dm {
namespace {

// log(erfc(x)) for x >= 0. erfc itself is accurate (relative) until it underflows near
// x = 26.5; beyond, the asymptotic series of the Mills ratio, whose terms at x > 26 are
// below 1e-12 after five of them.
double logErfc(double x) {
    const double e = std::erfc(x);
    if (x < 26.0 && e > 0) return std::log(e);
    const double inv2 = 1.0 / (2.0 * x * x);
    // 1 - 1/(2x^2) + 3/(2x^2)^2 - 15/(2x^2)^3 + 105/(2x^2)^4
    const double series = 1.0 - inv2 * (1.0 - 3.0 * inv2 * (1.0 - 5.0 * inv2 * (1.0 - 7.0 * inv2)));
    return -x * x - std::log(x) - 0.5 * std::log(M_PI) + std::log(series);
}

// Continued fraction of the incomplete beta function (modified Lentz), converging fast
// for x < (a + 1) / (a + b + 2).
double betaContinuedFraction(double a, double b, double x) {
    constexpr double tiny = 1e-300;
    constexpr double eps = 1e-16;
    const double qab = a + b, qap = a + 1.0, qam = a - 1.0;
    double c = 1.0;
    double d = 1.0 - qab * x / qap;
    if (std::abs(d) < tiny) d = tiny;
    d = 1.0 / d;
    double h = d;
    for (int m = 1; m <= 100000; ++m) {
        const double m2 = 2.0 * m;
        double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if (std::abs(d) < tiny) d = tiny;
        c = 1.0 + aa / c;
        if (std::abs(c) < tiny) c = tiny;
        d = 1.0 / d;
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if (std::abs(d) < tiny) d = tiny;
        c = 1.0 + aa / c;
        if (std::abs(c) < tiny) c = tiny;
        d = 1.0 / d;
        const double del = d * c;
        h *= del;
        if (std::abs(del - 1.0) < eps) break;
    }
    return h;
}

// log I_x(a, b), the regularized incomplete beta, with y = 1 - x passed in so that it
// keeps its precision when x is close to 1.
double logIncompleteBeta(double a, double b, double x, double y) {
    if (x <= 0) return -std::numeric_limits<double>::infinity();
    if (y <= 0) return 0.0;
    const double logBeta = std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b);
    if (x < (a + 1.0) / (a + b + 2.0)) {
        const double front = a * std::log(x) + b * std::log(y) - logBeta - std::log(a);
        return front + std::log(betaContinuedFraction(a, b, x));
    }
    const double front = b * std::log(y) + a * std::log(x) - logBeta - std::log(b);
    const double complement = std::exp(front) * betaContinuedFraction(b, a, y);
    return std::log1p(-complement);
}

TailProbability fromLog(double logP) {
    TailProbability r;
    r.logP = std::min(0.0, logP);
    r.p = std::exp(r.logP);  // underflows to 0 (through denormals) as R's p does
    return r;
}

}  // namespace

TailProbability normalTwoSided(double z) {
    if (std::isnan(z)) return {std::nan(""), std::nan("")};
    const double x = std::abs(z) / M_SQRT2;
    TailProbability r;
    r.p = std::erfc(x);
    r.logP = r.p > 1e-300 ? std::log(r.p) : logErfc(x);
    return r;
}

TailProbability studentTwoSided(double t, double df) {
    if (std::isnan(t) || !(df > 0)) return {std::nan(""), std::nan("")};
    if (std::isinf(t)) return {0.0, -std::numeric_limits<double>::infinity()};
    const double t2 = t * t;
    // P(|T| >= |t|) = I_{df / (df + t^2)}(df / 2, 1 / 2)
    const double x = df / (df + t2);
    const double y = t2 / (df + t2);
    return fromLog(logIncompleteBeta(0.5 * df, 0.5, x, y));
}

double roundLikeR(double x, int digits) {
    if (!std::isfinite(x) || x == 0) return x;
    if (x < 0) return -roundLikeR(-x, digits);
    if (std::log10(x) + digits > 15) return x;  // already as precise as a double shows
    const double pow10 = std::pow(10.0, digits);
    const double x10 = pow10 * x;
    const double i10 = std::floor(x10);
    const double xd = i10 / pow10;
    const double xu = std::ceil(x10) / pow10;
    const double du = xu - x, dd = x - xd;
    return (du < dd || (du == dd && std::fmod(i10, 2.0) == 1.0)) ? xu : xd;
}

}  // namespace dm
