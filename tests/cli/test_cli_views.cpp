// The three views beside `run`, as a user runs them: `deepmapper evaluate`, `linear` and
// `embed` on a small planted-signal .h5ad; the files each writes (columns, row counts,
// JSON keys) and the exit codes of bad invocations.
#include "cli_support.h"

#include "common/error.h"
#include "data/embedding_csv.h"
#include "data/readers.h"


#include <nlohmann/json.hpp>

#include <QDir>
#include <algorithm>
#include <cmath>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using dm::test::CliResult;
using dm::test::lines;
using dm::test::readAll;
using dm::test::runCli;

namespace {

constexpr int kCells = 240;
constexpr int kGenes = 150;

nlohmann::json readJson(const QString& path) {
    const QByteArray bytes = readAll(path);
    return nlohmann::json::parse(bytes.constData(), bytes.constData() + bytes.size());
}

void requireKeys(const nlohmann::json& j, const std::vector<std::string>& keys) {
    for (const auto& k : keys) QVERIFY2(j.contains(k), qPrintable(QString::fromStdString("missing key " + k)));
}

}  // namespace

class TestCliViews : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString data_;

    QStringList withData(const QString& command, const QString& out) const {
        return {command, data_, "--label", "cell_type", "--out", out, "--quiet"};
    }

private slots:
    void initTestCase() {
        QVERIFY2(QFile::exists(dm::test::deepmapperBinary()), "deepmapper not built");
        data_ = dir_.filePath("views.h5ad");
        dm::test::writePlantedH5ad(data_, kCells, kGenes, 11);
    }

    void evaluateWritesMetricsConfusionAndPredictions() {
        const QString out = dir_.filePath("eval");
        const CliResult r = runCli(withData("evaluate", out) +
                                   QStringList{"--passes", "2", "--epochs", "2", "--threads", "1", "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const nlohmann::json m = readJson(out + "/metrics.json");
        requireKeys(m, {"accuracy", "macro_f1", "per_class", "confusion_counts", "confusion_row_normalized",
                        "pass_accuracy", "absent_from_test_split", "config"});
        QCOMPARE(m["pass_accuracy"].size(), size_t(2));
        QCOMPARE(m["per_class"].size(), size_t(3));
        const double accuracy = m["accuracy"];
        QVERIFY(accuracy >= 0.0 && accuracy <= 1.0);
        const QByteArray stdoutJson = r.out.toUtf8();
        QCOMPARE(nlohmann::json::parse(stdoutJson.constData())["accuracy"].get<double>(), accuracy);

        // confusion.csv: a header and one row per class, whose counts add up to the test cells.
        const QStringList confusion = lines(out + "/confusion.csv");
        QCOMPARE(confusion.size(), 4);
        QCOMPARE(confusion[0].split(',').size(), 4);
        int total = 0;
        for (int i = 1; i < confusion.size(); ++i)
            for (const QString& n : confusion[i].split(',').mid(1)) total += n.toInt();
        QCOMPARE(total, m["test_cells"].get<int>());

        // predictions.csv: one row per test cell, probabilities that sum to one.
        const QStringList predictions = lines(out + "/predictions.csv");
        QCOMPARE(predictions.size(), total + 1);
        QCOMPARE(predictions[0], QString("cell,true,predicted,p_TypeA,p_TypeB,p_TypeC"));
        const QStringList first = predictions[1].split(',');
        QCOMPARE(first.size(), 6);
        QVERIFY(qAbs(first[3].toDouble() + first[4].toDouble() + first[5].toDouble() - 1.0) < 1e-4);
    }

    void linearWritesTheRankingFilesOfRun() {
        const QString out = dir_.filePath("linear");
        const CliResult r = runCli(withData("linear", out) + QStringList{"--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        for (const char* f : {"ranking.csv", "ranking.tsv", "ranking.xlsx", "top_genes.txt", "passes.csv", "run.json",
                              "linear_model.json", "coefficients.csv"})
            QVERIFY2(QFile(out + "/" + f).size() > 0, f);
        const QStringList ranking = lines(out + "/ranking.csv");
        QCOMPARE(ranking.size(), kGenes + 1);
        QVERIFY(ranking[0].startsWith("rank,gene"));
        QVERIFY(readAll(out + "/ranking.xlsx").startsWith("PK"));  // an XLSX is a zip archive
        const nlohmann::json model = readJson(out + "/linear_model.json");
        requireKeys(model, {"converged", "max_gradient"});
        QVERIFY(model["converged"].get<bool>());
        // The planted markers separate the classes on their own: they lead the linear ranking.
        const QStringList top = lines(out + "/top_genes.txt");
        QVERIFY(!top.isEmpty());
        int markers = 0;
        for (const QString& g : top.mid(0, 10)) markers += g.startsWith("MK_");
        QVERIFY2(markers >= 8, qPrintable(top.join(' ')));
    }

    void embedWritesLatentAndScores() {
        const QString out = dir_.filePath("embed");
        const CliResult r = runCli(withData("embed", out) +
                                   QStringList{"--epochs", "2", "--latent", "4", "--threads", "1", "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const nlohmann::json m = readJson(out + "/metrics.json");
        requireKeys(m, {"vae_kmeans_ari", "pca_kmeans_ari", "latent", "mode", "k"});
        QCOMPARE(m["k"].get<int>(), 3);
        for (const char* key : {"vae_kmeans_ari", "pca_kmeans_ari"}) {
            const double ari = m[key];
            QVERIFY(ari >= -1.0 && ari <= 1.0);
        }
        const QStringList embedding = lines(out + "/embedding.csv");
        QCOMPARE(embedding.size(), kCells + 1);
        QCOMPARE(embedding[0], QString("cell,label,vae_cluster,pca_cluster,z1,z2,z3,z4,pc1,pc2,pc3,pc4"));

        // The Cells tab reads the output back (Add embedding...): the latent and the PCA,
        // one row per cell of the input, the CSV's numbers at the cell's own row.
        const dm::Dataset ds = dm::loadDataset(data_.toStdString());
        const std::vector<dm::Embedding> shown = dm::readEmbedOutput(out.toStdString(), ds.cellNames);
        QCOMPARE(shown.size(), size_t(2));
        QCOMPARE(shown[0].name, std::string("VAE latent (embed)"));
        QCOMPARE(shown[1].name, std::string("PCA (embed)"));
        QCOMPARE(shown[0].cols, int64_t(4));
        QCOMPARE(shown[1].rows, ds.cells());
        const QStringList row = embedding[1].split(',');
        const int64_t cell = std::find(ds.cellNames.begin(), ds.cellNames.end(), row[0].toStdString()) - ds.cellNames.begin();
        QVERIFY(cell < ds.cells());
        QCOMPARE(shown[0].at(cell, 0), row[4].toFloat());
        QCOMPARE(shown[1].at(cell, 1), row[9].toFloat());
        for (int64_t c = 0; c < ds.cells(); ++c) QVERIFY(std::isfinite(shown[0].at(c, 3)) && std::isfinite(shown[1].at(c, 3)));
        // The same file against cells it does not hold: refused, naming the fix.
        try {
            dm::readEmbedOutput(out.toStdString(), {"not-a-cell"});
            QFAIL("an embedding of other cells was accepted");
        } catch (const dm::InputError& e) {
            QVERIFY2(QString(e.what()).contains("load the file"), e.what());
        }
    }

    // No label column: the cells are still embedded and clustered, without a Rand index.
    void embedRunsWithoutLabels() {
        const QString out = dir_.filePath("embed-unlabelled");
        const CliResult r = runCli({"embed", data_, "--k", "3", "--out", out, "--quiet", "--epochs", "1", "--latent",
                                    "2", "--threads", "1", "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const nlohmann::json m = readJson(out + "/metrics.json");
        QVERIFY(m["vae_kmeans_ari"].is_null());
        QVERIFY(m["pca_kmeans_ari"].is_null());
        QCOMPARE(lines(out + "/embedding.csv").size(), kCells + 1);
    }

    void badInvocationsExitTwo_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("evaluate unknown label") << QStringList{"evaluate", "DATA", "--label", "nope"} << "nope";
        QTest::newRow("evaluate zero passes") << QStringList{"evaluate", "DATA", "--label", "cell_type", "--passes", "0"}
                                              << "--passes";
        QTest::newRow("linear without out") << QStringList{"linear", "DATA", "--label", "cell_type"} << "--out";
        QTest::newRow("linear negative C") << QStringList{"linear", "DATA", "--label", "cell_type", "--C", "-1",
                                                          "--out", "OUT"} << "--C";
        QTest::newRow("embed unknown mode") << QStringList{"embed", "DATA", "--label", "cell_type", "--mode", "pca"}
                                            << "--mode";
        QTest::newRow("embed missing file") << QStringList{"embed", "/no/such.h5ad", "--k", "3"} << "/no/such.h5ad";
        QTest::newRow("embed without label or k") << QStringList{"embed", "DATA"} << "--k";
    }

    void badInvocationsExitTwo() {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        args.replaceInStrings("DATA", data_);
        args.replaceInStrings("OUT", dir_.filePath("bad"));
        const CliResult r = runCli(args);
        QVERIFY2(r.code == 2, qPrintable(QString("exit %1: %2").arg(r.code).arg(r.err)));
        QVERIFY2(r.err.contains(mentions), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCliViews)
#include "test_cli_views.moc"
