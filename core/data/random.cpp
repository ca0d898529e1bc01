#include "data/random.h"

namespace dm {

double Rng::normal() {
    // Marsaglia polar method; keeps the second value for the next call.
    if (hasSpare_) {
        hasSpare_ = false;
        return spare_;
    }
    double u, v, s;
    do {
        u = 2.0 * uniform() - 1.0;
        v = 2.0 * uniform() - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double m = std::sqrt(-2.0 * std::log(s) / s);
    spare_ = v * m;
    hasSpare_ = true;
    return u * m;
}

double Rng::gamma(double shape) {
    // Marsaglia & Tsang (2000); shape < 1 via the boost gamma(a+1) * U^(1/a).
    if (shape < 1.0) return gamma(shape + 1.0) * std::pow(uniform() + 1e-300, 1.0 / shape);
    const double d = shape - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
    for (;;) {
        double x, v;
        do {
            x = normal();
            v = 1.0 + c * x;
        } while (v <= 0.0);
        v = v * v * v;
        const double u = uniform();
        if (u < 1.0 - 0.0331 * x * x * x * x) return d * v;
        if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v;
    }
}

int64_t Rng::poisson(double lambda) {
    if (lambda <= 0.0) return 0;
    if (lambda < 30.0) {
        // Inversion by sequential search: cheap for the small means most genes have.
        double p = std::exp(-lambda), cdf = p, u = uniform();
        int64_t k = 0;
        while (u > cdf && k < 1000) {
            ++k;
            p *= lambda / static_cast<double>(k);
            cdf += p;
        }
        return k;
    }
    // Large means: normal approximation with continuity correction (synthetic data only).
    const double x = std::floor(lambda + std::sqrt(lambda) * normal() + 0.5);
    return x < 0.0 ? 0 : static_cast<int64_t>(x);
}

}  // namespace dm
