// k-means, PCA and the ConvVae embedding on small data made here.
#include "engine/embedding.h"
#include "analysis/kmeans.h"
#include "analysis/metrics.h"
#include "analysis/pca.h"
#include "common/error.h"
#include "data/preprocess.h"
#include "data/random.h"
#include "data/synthetic.h"
#include "engine/runner.h"

#include <QTest>

#include <cmath>

using namespace dm;

namespace {

struct Planted {
    CsrMatrix X;
    std::vector<int64_t> y;
};

// 300 cells x 200 genes, 3 strongly separated classes, log1p(normalize_total).
Planted planted() {
    SyntheticSpec spec;
    spec.cells = 300;
    spec.genes = 200;
    spec.classes = 3;
    spec.markersPerClass = 10;
    spec.markerFoldChange = 6.0;
    spec.chordPerClass = 0;
    spec.seed = 3;
    SyntheticData data = generateSynthetic(spec);
    normalizeTotalLog1p(data.dataset.X);
    return {data.dataset.X, labelsFromColumn(data.dataset, kSyntheticLabelColumn).y};
}

// Every 7th of the first 280 cells: 40 cells, for the tests that train several times.
CsrMatrix fewCells(const Planted& p) {
    std::vector<int64_t> few(40);
    for (int64_t i = 0; i < 40; ++i) few[static_cast<size_t>(i)] = i * 7;
    return p.X.selectRows(few);
}

CsrMatrix denseToCsr(const Eigen::MatrixXd& m) {
    CsrBuilder b(m.cols());
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
        for (Eigen::Index j = 0; j < m.cols(); ++j) b.add(static_cast<int32_t>(j), static_cast<float>(m(i, j)));
        b.endRow();
    }
    return b.finish();
}

struct EpochCounter : RunObserver {
    int epochs = 0;
    void epochFinished(const EpochEvent&) override { ++epochs; }
};

}  // namespace

class TestEmbedding : public QObject {
    Q_OBJECT
private slots:
    void kmeansFindsBlobs() {
        // Three tight blobs around (0,0), (10,0), (0,10), 20 points each.
        Rng rng(1);
        Eigen::MatrixXd p(60, 2);
        std::vector<int64_t> truth;
        const double cx[3] = {0, 10, 0}, cy[3] = {0, 0, 10};
        for (int i = 0; i < 60; ++i) {
            p(i, 0) = cx[i % 3] + 0.3 * rng.normal();
            p(i, 1) = cy[i % 3] + 0.3 * rng.normal();
            truth.push_back(i % 3);
        }
        KMeansOptions o;
        o.k = 3;
        o.seed = 4;
        const KMeansResult r = kmeans(p, o);
        QCOMPARE(adjustedRandIndex(truth, r.labels), 1.0);
        QVERIFY(r.inertia < 60 * 2 * 0.3 * 0.3 * 2);  // about 60 * 2 * sigma^2
        QCOMPARE(kmeans(p, o).labels, r.labels);      // seeded
        o.k = 61;
        QVERIFY_THROWS_EXCEPTION(InputError, kmeans(p, o));
    }

    void pcaMatchesDenseComputation() {
        Rng rng(2);
        Eigen::MatrixXd m(40, 12);
        for (Eigen::Index i = 0; i < m.rows(); ++i)
            for (Eigen::Index j = 0; j < m.cols(); ++j) m(i, j) = rng.uniform() < 0.5 ? 0.0 : rng.normal() * (j + 1);
        const CsrMatrix X = denseToCsr(m);
        PcaOptions o;
        o.components = 3;
        const PcaResult exact = pca(X, o);
        // Dense reference: eigenvalues of the covariance (ddof 1) of the float32-rounded data.
        Eigen::MatrixXd d(m.rows(), m.cols());
        for (Eigen::Index i = 0; i < m.rows(); ++i)
            for (Eigen::Index j = 0; j < m.cols(); ++j) d(i, j) = X.at(i, j);
        const Eigen::MatrixXd c = d.rowwise() - d.colwise().mean();
        Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(c.transpose() * c / (m.rows() - 1));
        for (int k = 0; k < 3; ++k)
            QVERIFY(std::abs(exact.explainedVariance(k) - eig.eigenvalues()(m.cols() - 1 - k)) < 1e-9);
        QVERIFY((exact.scores - c * exact.components.transpose()).cwiseAbs().maxCoeff() < 1e-9);
        QVERIFY((exact.components * exact.components.transpose() - Eigen::MatrixXd::Identity(3, 3)).cwiseAbs().maxCoeff() <
                1e-9);
        // The randomized solver (forced) agrees, signs included.
        o.exactMaxGenes = 0;
        const PcaResult randomized = pca(X, o);
        const double diff = (randomized.scores - exact.scores).cwiseAbs().maxCoeff();
        QVERIFY2(diff < 1e-6 * exact.scores.cwiseAbs().maxCoeff(), qPrintable(QString::number(diff)));
        o.components = 13;
        QVERIFY_THROWS_EXCEPTION(InputError, pca(X, o));
    }

    void pcaKmeansRecoversPlantedClasses() {
        const Planted p = planted();
        PcaOptions o;
        o.components = 8;
        const ClusteringScore s = clusterAndScore(pca(p.X, o).scores, p.y, 3, 0);
        qInfo("PCA + k-means ARI on planted data: %.3f", s.ari);
        QVERIFY2(s.ari > 0.5, qPrintable(QString::number(s.ari)));
    }

    // The KL weight rises linearly from 0 to beta over the first half of the epochs, so the
    // encoder does not collapse onto the prior before the decoder uses the latent.
    void vaeKlWeightIsAnnealed() {
        const Planted p = planted();
        const CsrMatrix small = fewCells(p);
        EmbeddingOptions o;
        o.latent = 4;
        o.width = 4;
        o.epochs = 4;  // warm-up over 2 epochs: weights beta/2, beta, beta, beta
        o.beta = 2.0;
        o.threads = 1;
        const EmbeddingResult r = embedCells(small, o);
        const double weights[4] = {1.0, 2.0, 2.0, 2.0};
        for (int e = 0; e < 4; ++e) {
            QVERIFY(r.kl[static_cast<size_t>(e)] > 0);
            const double expected = r.reconstruction[static_cast<size_t>(e)] + weights[e] * r.kl[static_cast<size_t>(e)];
            QVERIFY2(std::abs(r.loss[static_cast<size_t>(e)] - expected) < 1e-6 * expected,
                     qPrintable(QString("epoch %1: %2 vs %3").arg(e).arg(r.loss[static_cast<size_t>(e)]).arg(expected)));
        }
    }

    void vaeReturnsFiniteLatents() {
        const Planted p = planted();
        EmbeddingOptions o;
        o.latent = 8;
        o.width = 8;
        o.epochs = 2;
        o.batchSize = 32;
        o.seed = 7;
        o.threads = 1;
        EpochCounter counter;
        const EmbeddingResult r = embedCells(p.X, o, &counter);
        QCOMPARE(r.latent.rows(), Eigen::Index(300));
        QCOMPARE(r.latent.cols(), Eigen::Index(8));
        QVERIFY(r.latent.allFinite());
        QVERIFY(r.latent.cwiseAbs().maxCoeff() > 0);
        QCOMPARE(counter.epochs, 2);
        QCOMPARE(r.side, int64_t(15));  // 15 * 15 >= 200 genes
        QVERIFY(r.loss.back() < r.loss.front());
        QVERIFY(r.kl.back() > 0);
        const ClusteringScore s = clusterAndScore(r.latent, p.y, 3, 0);
        qInfo("VAE (2 epochs) + k-means ARI on planted data: %.3f", s.ari);
        // Same seed, same embedding (on a few cells, to keep the test short).
        const CsrMatrix small = fewCells(p);
        o.epochs = 1;
        QVERIFY((embedCells(small, o).latent - embedCells(small, o).latent).cwiseAbs().maxCoeff() < 1e-6);
    }

    // A batch run as slices (gradient accumulated) takes the same step as the whole batch.
    // In "ae" mode: the VAE's sampled noise is drawn per slice, so its draws differ.
    void slicedBatchesTakeTheSameStep() {
        const Planted p = planted();
        const CsrMatrix small = fewCells(p);
        EmbeddingOptions o;
        o.mode = "ae";
        o.latent = 4;
        o.width = 4;
        o.epochs = 2;
        o.batchSize = 16;  // batches of 16, 16, 8
        o.threads = 1;
        const EmbeddingResult whole = embedCells(small, o);
        o.sliceValues = 15 * 15 * 4 * 3;  // 3 cells a slice: slices of 3, 3, 3, 3, 3, 1
        const EmbeddingResult sliced = embedCells(small, o);
        const double scale = whole.latent.cwiseAbs().maxCoeff();
        QVERIFY(scale > 0);
        QVERIFY2((whole.latent - sliced.latent).cwiseAbs().maxCoeff() < 1e-4 * scale,
                 qPrintable(QString::number((whole.latent - sliced.latent).cwiseAbs().maxCoeff())));
        for (size_t e = 0; e < 2; ++e)
            QVERIFY(std::abs(whole.loss[e] - sliced.loss[e]) < 1e-5 * whole.loss[e]);
    }

    void autoencoderMode() {
        const Planted p = planted();
        EmbeddingOptions o;
        o.mode = "ae";
        o.latent = 4;
        o.width = 8;
        o.epochs = 1;
        o.threads = 1;
        const EmbeddingResult r = embedCells(p.X, o);
        QCOMPARE(r.latent.cols(), Eigen::Index(4));
        QVERIFY(r.latent.allFinite());
        QCOMPARE(r.kl.back(), 0.0);
    }

    void refusesBadOptions() {
        EmbeddingOptions o;
        o.mode = "gan";
        QVERIFY_THROWS_EXCEPTION(ConfigError, o.validate());
        o.mode = "vae";
        o.latent = 0;
        QVERIFY_THROWS_EXCEPTION(ConfigError, o.validate());
        QVERIFY_THROWS_EXCEPTION(InputError, embedCells(CsrMatrix{}, EmbeddingOptions{}));
    }

    void cancelStopsTraining() {
        const Planted p = planted();
        EmbeddingOptions o;
        o.width = 4;
        o.epochs = 50;
        CancelToken cancel;
        cancel.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, embedCells(p.X, o, nullptr, &cancel));
    }
};

QTEST_GUILESS_MAIN(TestEmbedding)
#include "test_embedding.moc"
