#pragma once
// k-means clustering of an embedding (cells x dimensions), as sklearn.cluster.KMeans:
// greedy k-means++ seeding, Lloyd iterations, several seeded restarts keeping the lowest
// inertia. Pure Eigen (no LibTorch); deterministic for a given seed.
#include <Eigen/Dense>

#include <cstdint>
#include <vector>

namespace dm {

struct KMeansOptions {
    int k = 8;
    int restarts = 10;         // sklearn's n_init
    int maxIterations = 300;
    double tolerance = 1e-4;   // relative to the mean per-dimension variance, as sklearn's tol
    uint64_t seed = 0;
};

struct KMeansResult {
    std::vector<int64_t> labels;  // cluster per row, 0..k-1
    Eigen::MatrixXd centers;      // k x dimensions
    double inertia = 0;           // sum of squared distances to the assigned centre
    int iterations = 0;           // Lloyd iterations of the kept restart
};

// Throws InputError when k < 1 or there are fewer rows than clusters.
KMeansResult kmeans(const Eigen::MatrixXd& points, const KMeansOptions& options);

}  // namespace dm
