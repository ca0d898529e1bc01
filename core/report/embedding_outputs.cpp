#include "report/embedding_outputs.h"

#include "common/atomic_file.h"
#include "report/output_folder.h"
#include "report/ranking_table.h"

namespace dm {

namespace {

void writeEmbedding(const std::string& path, const PreparedData& data, const EmbeddingResult& e,
                    const ClusteringScore& vae, const ClusteringScore& pca, const Eigen::MatrixXd& pcaScores) {
    writeFileAtomically(path, [&](std::ostream& os) {
        os << "cell,label,vae_cluster,pca_cluster";
        for (Eigen::Index j = 0; j < e.latent.cols(); ++j) os << ",z" << j + 1;
        for (Eigen::Index j = 0; j < pcaScores.cols(); ++j) os << ",pc" << j + 1;
        os << "\n";
        for (Eigen::Index i = 0; i < e.latent.rows(); ++i) {
            const auto r = static_cast<size_t>(i);
            os << delimitedField(r < data.dataset.cellNames.size() ? data.dataset.cellNames[r] : std::to_string(r), ',')
               << "," << delimitedField(data.labels.classes[static_cast<size_t>(data.labels.y[r])], ',') << ","
               << vae.clusters[r] << "," << pca.clusters[r];
            for (Eigen::Index j = 0; j < e.latent.cols(); ++j) os << "," << formatNumber(e.latent(i, j));
            if (i < pcaScores.rows())
                for (Eigen::Index j = 0; j < pcaScores.cols(); ++j) os << "," << formatNumber(pcaScores(i, j));
            os << "\n";
        }
    });
}

}  // namespace

nlohmann::json embeddingJson(const PreparedData& data, const EmbeddingOptions& o, const EmbeddingResult& e,
                             const EmbeddingComparison& c) {
    return {{"format", "deepmapper-embedding"},
            {"source", data.summary.source},
            {"label_column", data.summary.labelColumn},
            {"classes", data.labels.classes},
            {"cells", data.dataset.cells()},
            {"genes", data.dataset.genes()},
            {"k", c.k},
            {"mode", o.mode},
            {"latent", o.latent},
            {"epochs", o.epochs},
            {"beta", o.beta},
            {"seed", o.seed},
            {"side", e.side},
            {"train_seconds", c.trainSeconds},
            {"loss", e.loss},
            {"reconstruction", e.reconstruction},
            {"kl", e.kl},
            {"vae_kmeans_ari", c.labelled ? nlohmann::json(c.latent.ari) : nlohmann::json()},
            {"pca_components", c.pcaComponents},
            {"pca_kmeans_ari", c.labelled ? nlohmann::json(c.pca.ari) : nlohmann::json()},
            {"preprocessing", data.summary.preprocessing}};
}

std::vector<std::string> writeEmbeddingOutputs(const PreparedData& data, const EmbeddingResult& e,
                                               const EmbeddingComparison& c, const nlohmann::json& metrics,
                                               const std::string& dir) {
    createOutputFolder(dir);
    const std::string embedding = outputPath(dir, "embedding.csv");
    const std::string metricsPath = outputPath(dir, "metrics.json");
    writeEmbedding(embedding, data, e, c.latent, c.pca, c.pcaScores);
    writeFileAtomically(metricsPath, [&](std::ostream& os) { os << metrics.dump(2) << "\n"; });
    return {embedding, metricsPath};
}

}  // namespace dm
