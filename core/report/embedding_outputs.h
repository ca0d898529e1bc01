#pragma once
// What an unsupervised embedding (engine/embedding.h) leaves in its output folder:
// embedding.csv (per cell: label, k-means cluster on the latent and on PCA, latent means,
// PCA scores)
// and metrics.json (the settings, the training curve and both adjusted Rand indices).
#include "analysis/clustering_score.h"
#include "data/data_selection.h"
#include "engine/embedding.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace dm {

// The numbers metrics.json reports beside the embedding itself.
struct EmbeddingComparison {
    int k = 0;                    // k-means clusters
    int pcaComponents = 0;
    double trainSeconds = 0;
    bool labelled = false;        // false: no label column, so no adjusted Rand index
    ClusteringScore latent, pca;  // k-means on the latent means and on the PCA scores
    Eigen::MatrixXd pcaScores;    // cells x components, written as pc1.. beside the latent
};

// metrics.json (format "deepmapper-embedding").
nlohmann::json embeddingJson(const PreparedData& data, const EmbeddingOptions& options, const EmbeddingResult& e,
                             const EmbeddingComparison& c);

// Creates `dir` when needed and writes embedding.csv and metrics.json atomically; returns
// their paths.
std::vector<std::string> writeEmbeddingOutputs(const PreparedData& data, const EmbeddingResult& e,
                                               const EmbeddingComparison& c, const nlohmann::json& metrics,
                                               const std::string& dir);

}  // namespace dm
