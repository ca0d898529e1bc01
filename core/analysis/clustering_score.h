#pragma once
// How well an embedding's clusters recover known labels: k-means on the embedding, scored
// by the adjusted Rand index against a label column (pure statistics, no LibTorch).
#include <Eigen/Dense>

#include <cstdint>
#include <vector>

namespace dm {

// k-means (k-means++ seeding, `restarts` seeded restarts) of an embedding and the
// adjusted Rand index of the clusters against `labels`. Cells with label -1 are clustered
// but left out of the ARI.
struct ClusteringScore {
    std::vector<int64_t> clusters;  // per cell
    double ari = 0;
    double inertia = 0;
};
ClusteringScore clusterAndScore(const Eigen::MatrixXd& embedding, const std::vector<int64_t>& labels, int k,
                                uint64_t seed = 0, int restarts = 10);

}  // namespace dm
