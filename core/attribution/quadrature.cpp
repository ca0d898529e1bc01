// Captum 0.7's integration rules for integrated gradients (captum.attr._utils.approximation_methods).
#include "attribution/attribution.h"
#include "common/error.h"

#include <cmath>

namespace dm {
namespace {

// Nodes (ascending, as numpy.polynomial.legendre.leggauss) and weights of the n-point
// Gauss-Legendre rule on [-1, 1], by Newton iteration on the Legendre polynomial P_n.
void gaussLegendre(int n, std::vector<double>& x, std::vector<double>& w) {
    const double pi = std::acos(-1.0);
    x.assign(n, 0.0);
    w.assign(n, 0.0);
    for (int i = 0; i < (n + 1) / 2; ++i) {
        double z = std::cos(pi * (i + 0.75) / (n + 0.5));  // Tricomi's initial guess
        double dp = 1.0;
        for (int iter = 0; iter < 100; ++iter) {
            // P_n(z) by the three-term recurrence; dp = P_n'(z).
            double p0 = 1.0, p1 = z;
            for (int k = 2; k <= n; ++k) {
                const double p2 = ((2.0 * k - 1.0) * z * p1 - (k - 1.0) * p0) / k;
                p0 = p1;
                p1 = p2;
            }
            const double pn = n == 1 ? z : p1, pnm1 = n == 1 ? 1.0 : p0;
            dp = n * (z * pn - pnm1) / (z * z - 1.0);
            const double step = pn / dp;
            z -= step;
            if (std::abs(step) < 1e-16) break;
        }
        // Recompute the derivative at the converged root for the weight.
        double p0 = 1.0, p1 = z;
        for (int k = 2; k <= n; ++k) {
            const double p2 = ((2.0 * k - 1.0) * z * p1 - (k - 1.0) * p0) / k;
            p0 = p1;
            p1 = p2;
        }
        const double pn = n == 1 ? z : p1, pnm1 = n == 1 ? 1.0 : p0;
        dp = n * (z * pn - pnm1) / (z * z - 1.0);
        const double weight = 2.0 / ((1.0 - z * z) * dp * dp);
        x[i] = -z;
        x[n - 1 - i] = z;
        w[i] = weight;
        w[n - 1 - i] = weight;
    }
    if (n % 2 == 1) x[n / 2] = 0.0;  // exact middle node
}

}  // namespace

void igQuadrature(int steps, IgMethod method, std::vector<double>& alphas, std::vector<double>& weights) {
    if (method == IgMethod::GaussLegendre) {
        if (steps < 1)
            throw ConfigError("attribution.ig_steps must be at least 1, got " + std::to_string(steps));
        gaussLegendre(steps, alphas, weights);
        for (int i = 0; i < steps; ++i) {
            alphas[i] = 0.5 * (1.0 + alphas[i]);
            weights[i] = 0.5 * weights[i];
        }
        return;
    }
    if (steps < 2)
        throw ConfigError("attribution.ig_steps must be at least 2 for riemann_trapezoid, got " +
                          std::to_string(steps));
    // Captum 0.7 uses step 1/n (not 1/(n-1)) with both ends halved, so the weights sum to
    // (n-1)/n; we keep that quirk to reproduce its attributions and deltas exactly.
    alphas.assign(steps, 0.0);
    weights.assign(steps, 1.0 / steps);
    for (int i = 0; i < steps; ++i) alphas[i] = double(i) / (steps - 1);  // linspace(0, 1, steps)
    weights.front() *= 0.5;
    weights.back() *= 0.5;
}

}  // namespace dm
