#include "analysis/kmeans.h"

#include "common/error.h"
#include "data/random.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dm {

namespace {

// Index drawn with probability proportional to weights (their sum is `total`).
int64_t sampleProportional(const Eigen::VectorXd& weights, double total, Rng& rng) {
    const double target = rng.uniform() * total;
    double acc = 0;
    for (Eigen::Index i = 0; i < weights.size(); ++i) {
        acc += weights(i);
        if (acc > target) return i;
    }
    return weights.size() - 1;  // rounding at the end of the cumulative sum
}

Eigen::VectorXd squaredDistancesTo(const Eigen::MatrixXd& points, const Eigen::RowVectorXd& centre) {
    return (points.rowwise() - centre).rowwise().squaredNorm();
}

// Greedy k-means++ (Arthur & Vassilvitskii; sklearn's variant): each new centre is the
// best of 2 + log(k) candidates drawn proportionally to the squared distance.
Eigen::MatrixXd seedCentres(const Eigen::MatrixXd& points, int k, Rng& rng) {
    const Eigen::Index n = points.rows();
    Eigen::MatrixXd centres(k, points.cols());
    centres.row(0) = points.row(static_cast<Eigen::Index>(rng.below(static_cast<uint64_t>(n))));
    Eigen::VectorXd closest = squaredDistancesTo(points, centres.row(0));
    const int trials = 2 + static_cast<int>(std::log(static_cast<double>(k)));
    for (int c = 1; c < k; ++c) {
        const double total = closest.sum();
        Eigen::Index best = -1;
        double bestPotential = std::numeric_limits<double>::infinity();
        Eigen::VectorXd bestClosest;
        for (int t = 0; t < trials; ++t) {
            // All points coincide with the centres: any point will do.
            const Eigen::Index cand = total > 0 ? sampleProportional(closest, total, rng)
                                                : static_cast<Eigen::Index>(rng.below(static_cast<uint64_t>(n)));
            Eigen::VectorXd d = squaredDistancesTo(points, points.row(cand)).cwiseMin(closest);
            const double potential = d.sum();
            if (potential < bestPotential) {
                bestPotential = potential;
                best = cand;
                bestClosest.swap(d);
            }
        }
        centres.row(c) = points.row(best);
        closest.swap(bestClosest);
    }
    return centres;
}

// Assigns each point to its nearest centre; returns the inertia.
double assign(const Eigen::MatrixXd& points, const Eigen::MatrixXd& centres, std::vector<int64_t>& labels,
              Eigen::VectorXd& distance) {
    double inertia = 0;
    for (Eigen::Index i = 0; i < points.rows(); ++i) {
        Eigen::Index best = 0;
        distance(i) = (centres.rowwise() - points.row(i)).rowwise().squaredNorm().minCoeff(&best);
        labels[static_cast<size_t>(i)] = best;
        inertia += distance(i);
    }
    return inertia;
}

KMeansResult lloyd(const Eigen::MatrixXd& points, Eigen::MatrixXd centres, const KMeansOptions& o, double tol) {
    const Eigen::Index n = points.rows();
    KMeansResult r;
    r.labels.assign(static_cast<size_t>(n), -1);
    Eigen::VectorXd distance(n);
    for (r.iterations = 1; r.iterations <= o.maxIterations; ++r.iterations) {
        assign(points, centres, r.labels, distance);
        Eigen::MatrixXd next = Eigen::MatrixXd::Zero(centres.rows(), centres.cols());
        Eigen::VectorXd count = Eigen::VectorXd::Zero(centres.rows());
        for (Eigen::Index i = 0; i < n; ++i) {
            next.row(r.labels[static_cast<size_t>(i)]) += points.row(i);
            count(r.labels[static_cast<size_t>(i)]) += 1;
        }
        for (Eigen::Index c = 0; c < centres.rows(); ++c) {
            if (count(c) > 0) {
                next.row(c) /= count(c);
            } else {
                // An empty cluster takes the point farthest from its centre (sklearn's relocation).
                Eigen::Index far = 0;
                distance.maxCoeff(&far);
                next.row(c) = points.row(far);
                distance(far) = 0;
            }
        }
        const double shift = (next - centres).squaredNorm();
        centres.swap(next);
        if (shift <= tol) break;
    }
    r.iterations = std::min(r.iterations, o.maxIterations);
    r.inertia = assign(points, centres, r.labels, distance);  // labels match the final centres
    r.centers = std::move(centres);
    return r;
}

}  // namespace

KMeansResult kmeans(const Eigen::MatrixXd& points, const KMeansOptions& o) {
    if (o.k < 1) throw InputError("k-means needs at least one cluster (k = " + std::to_string(o.k) + ")");
    if (points.rows() < o.k)
        throw InputError("k-means with k = " + std::to_string(o.k) + " needs at least as many cells; got " +
                         std::to_string(points.rows()));
    if (!points.allFinite()) throw InputError("k-means input holds NaN or infinite values");
    // sklearn: tol times the mean of the per-dimension variances.
    const Eigen::RowVectorXd mean = points.colwise().mean();
    const double meanVariance =
        points.cols() > 0 ? (points.rowwise() - mean).colwise().squaredNorm().mean() / static_cast<double>(points.rows())
                          : 0.0;
    const double tol = o.tolerance * meanVariance;
    Rng rng(o.seed);
    KMeansResult best;
    best.inertia = std::numeric_limits<double>::infinity();
    for (int run = 0; run < std::max(1, o.restarts); ++run) {
        KMeansResult r = lloyd(points, seedCentres(points, o.k, rng), o, tol);
        if (r.inertia < best.inertia) best = std::move(r);
    }
    return best;
}

}  // namespace dm
