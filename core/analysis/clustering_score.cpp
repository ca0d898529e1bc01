// k-means clusters of an embedding scored against labels by the adjusted Rand index.
#include "analysis/clustering_score.h"

#include "analysis/kmeans.h"
#include "analysis/metrics.h"
#include "common/error.h"

#include <string>

namespace dm {

ClusteringScore clusterAndScore(const Eigen::MatrixXd& embedding, const std::vector<int64_t>& labels, int k,
                                uint64_t seed, int restarts) {
    if (static_cast<int64_t>(labels.size()) != embedding.rows())
        throw InputError("labels for " + std::to_string(labels.size()) + " cells but the embedding has " +
                         std::to_string(embedding.rows()));
    KMeansOptions ko;
    ko.k = k;
    ko.seed = seed;
    ko.restarts = restarts;
    const KMeansResult km = kmeans(embedding, ko);
    ClusteringScore s;
    s.clusters = km.labels;
    s.inertia = km.inertia;
    std::vector<int64_t> truth, found;
    for (size_t i = 0; i < labels.size(); ++i)
        if (labels[i] >= 0) {
            truth.push_back(labels[i]);
            found.push_back(km.labels[i]);
        }
    s.ari = adjustedRandIndex(truth, found);
    return s;
}

}  // namespace dm
