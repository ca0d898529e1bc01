// `deepmapper embed`: the convolutional VAE (or autoencoder) trained without labels on the
// pseudo-images of every gene; its latent means clustered by k-means and scored by the
// adjusted Rand index against the label column, beside the standard PCA + k-means pipeline.
#include "cli_commands.h"
#include "cli_figures.h"
#include "cli_options.h"
#include "cli_progress.h"
#include "cli_run.h"

#include "analysis/embedding_pca.h"
#include "analysis/pca.h"
#include "common/error.h"
#include "common/interrupt.h"
#include "engine/embedding.h"
#include "report/embedding_outputs.h"

#include <chrono>
#include <iomanip>
#include <iostream>
#include <memory>

namespace dm::cli {

namespace {

struct EmbedCommand {
    DataOptions data;
    EmbeddingOptions embed;
    int k = 0;          // 0: the number of classes
    int restarts = 10;
    std::string out;
    bool quiet = false, json = false;
    FigureFlags figures;  // --figures png,svg,pdf, --figure-dpi
};

// Eigen keeps matrices column-major; an Embedding is row-major floats.
Embedding toEmbedding(const std::string& name, const Eigen::MatrixXd& m) {
    const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rows = m;
    return embeddingFromRows(name, "computed", rows.rows(), rows.cols(), rows.data());
}

class EpochLog : public RunObserver {
public:
    explicit EpochLog(bool quiet) : quiet_(quiet) {}
    void epochFinished(const EpochEvent& e) override {
        if (!quiet_)
            std::cerr << "epoch " << e.epoch + 1 << "/" << e.epochs << ": loss " << e.trainLoss << " (KL " << e.valLoss
                      << ")" << std::endl;
    }
    void message(const std::string& text) override {
        if (!quiet_) std::cerr << text << std::endl;
    }

private:
    bool quiet_;
};

int runEmbed(const EmbedCommand& c) {
    c.embed.validate();
    const bool labelled = !c.data.label.empty() || !c.data.populations.empty();
    if (!labelled && c.k == 0)
        throw InputError("--k N is required without --label: name the number of k-means clusters, or give "
                         "--label COLUMN to cluster into its classes and score the clustering against them");
    const FigureRequest figures = parseFigures(c.figures);
    if (!figures.formats.empty() && c.out.empty())
        throw InputError("--figures needs --out DIR: the figures are written to DIR/figures/");
    prepareFigures(figures);
    const PreparedData data = prepareData(c.data, c.embed.seed, stderrLog(c.quiet));
    const int k = c.k > 0 ? c.k : static_cast<int>(data.labels.classes.size());
    CancelToken cancel;
    EpochLog log(c.quiet);
    InterruptGuard guard(cancel);
    const auto t0 = std::chrono::steady_clock::now();
    EmbeddingResult e;
    try {
        e = embedCells(data.dataset.X, c.embed, &log, &cancel);
    } catch (const Cancelled&) {
        std::cerr << "interrupted: no embedding written\n";
        return kExitInterrupted;
    }
    const double trainSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const ClusteringScore vae = clusterAndScore(e.latent, data.labels.y, k, c.embed.seed, c.restarts);

    PcaOptions po;
    po.components = static_cast<int>(std::min<int64_t>(c.embed.latent, std::min(data.dataset.cells(), data.dataset.genes())));
    po.seed = c.embed.seed;
    PcaResult p;
    try {
        const InterruptScope stop([&cancel] { return cancel.cancelled(); });  // the PCA of 20k x 20k takes a minute
        p = pca(data.dataset.X, po);
    } catch (const Cancelled&) {
        std::cerr << "interrupted: no embedding written\n";
        return kExitInterrupted;
    }
    const ClusteringScore pcaScore = clusterAndScore(p.scores, data.labels.y, k, c.embed.seed, c.restarts);

    EmbeddingComparison comparison;
    comparison.k = k;
    comparison.pcaComponents = po.components;
    comparison.trainSeconds = trainSeconds;
    comparison.labelled = labelled;
    comparison.latent = vae;
    comparison.pca = pcaScore;
    comparison.pcaScores = p.scores;
    const nlohmann::json metrics = embeddingJson(data, c.embed, e, comparison);

    std::vector<std::string> files;
    if (!c.out.empty()) {
        files = writeEmbeddingOutputs(data, e, comparison, metrics, c.out);
        const Embedding latent = toEmbedding(c.embed.mode == "vae" ? "VAE latent" : "AE latent", e.latent);
        const Embedding pcaScores = toEmbedding("PCA", p.scores);
        for (const std::string& f :
             writeEmbeddingFigures({{"latent", &latent}, {"pca", &pcaScores}}, labelled ? data.labels.y : std::vector<int64_t>{},
                                   labelled ? data.labels.classes : std::vector<std::string>{}, data.summary.labelColumn,
                                   c.out, figures))
            files.push_back(f);
    }
    if (c.json) {
        nlohmann::json summary = metrics;
        summary["files"] = files;
        std::cout << summary.dump(2) << std::endl;
    } else if (!labelled) {
        std::cout << "k-means (k = " << k << ") on the " << c.embed.mode << " latent and on PCA(" << po.components
                  << "); no --label, so no adjusted Rand index\n";
        for (const auto& f : files) std::cout << "wrote " << f << "\n";
    } else {
        std::cout << std::fixed << std::setprecision(3) << "k-means (k = " << k << ") against '"
                  << data.summary.labelColumn << "': " << c.embed.mode << " latent ARI " << vae.ari << ", PCA("
                  << po.components << ") ARI " << pcaScore.ari << std::defaultfloat << "\n";
        for (const auto& f : files) std::cout << "wrote " << f << "\n";
    }
    return kExitOk;
}

}  // namespace

void registerEmbed(CLI::App& app, Registry& registry) {
    auto c = std::make_shared<EmbedCommand>();
    CLI::App* sub = app.add_subcommand(
        "embed",
        "Unsupervised embedding: a convolutional VAE on the pseudo-images of every gene, clustered and compared "
        "with PCA by the adjusted Rand index\nExample: deepmapper embed pbmc.h5ad --label bulk_labels --out embed/");
    addDataOptions(sub, c->data);
    c->data.labelOptional = true;
    const std::string g = "Embedding";
    EmbeddingOptions& o = c->embed;
    sub->add_option("--mode", o.mode, "vae (reconstruction + beta * KL, sampled latent) or ae (plain autoencoder)")
        ->check(CLI::IsMember({"vae", "ae"}))
        ->capture_default_str()
        ->group(g);
    sub->add_option("--latent", o.latent, "Latent dimensions (PCA uses as many components)")
        ->check(CLI::Range(1, 4096))
        ->capture_default_str()
        ->group(g);
    sub->add_option("--width", o.width, "Channels of the first convolution")
        ->check(CLI::Range(1, 1024))
        ->capture_default_str()
        ->group(g);
    sub->add_option("--epochs", o.epochs, "Training epochs")->check(CLI::Range(1, 100000))->capture_default_str()->group(g);
    sub->add_option("--batch-size", o.batchSize, "Cells per batch")
        ->check(CLI::Range(1, 1 << 20))
        ->capture_default_str()
        ->group(g);
    sub->add_option("--lr", o.lr, "Adam learning rate")->check(CLI::PositiveNumber)->capture_default_str()->group(g);
    sub->add_option("--beta", o.beta, "Weight of the KL term (vae mode)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str()
        ->group(g);
    sub->add_option("--seed", o.seed, "Seed of the arrangement, weights, batches, k-means and subsample")
        ->capture_default_str()
        ->group(g);
    sub->add_option("--threads", o.threads, "LibTorch threads (0: one per core not busy with other work)")
        ->check(CLI::Range(0, 4096))
        ->capture_default_str()
        ->group(g);
    sub->add_option("--device", o.device, "cpu or cuda")->check(CLI::IsMember({"cpu", "cuda"}))->capture_default_str()->group(g);
    sub->add_option("--k", c->k, "Clusters for k-means (0: the number of classes; required without --label)")
        ->check(CLI::Range(0, 100000))
        ->capture_default_str()
        ->group(g);
    sub->add_option("--restarts", c->restarts, "k-means restarts (k-means++ seeding each)")
        ->check(CLI::Range(1, 1000))
        ->capture_default_str()
        ->group(g);
    sub->add_option("--out,-o", c->out, "Output folder for embedding.csv and metrics.json")->group("Output");
    addFigureOptions(sub, c->figures, "the latent and PCA scatters (first two components, cells coloured by the label)");
    sub->add_flag("--quiet,-q", c->quiet, "No progress or log lines on stderr")->group("Output");
    sub->add_flag("--json", c->json, "Print metrics.json on stdout")->group("Output");
    registry.add(sub, [c] { return runEmbed(*c); });
}

}  // namespace dm::cli
