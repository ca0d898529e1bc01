// `deepmapper markers` and `deepmapper chord` as a user runs them on a planted dataset:
// the files they write, their columns, the planted markers on top, and bad input (exit 2,
// a message naming the problem, nothing half-written).
#include "cli_support.h"

#include <nlohmann/json.hpp>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using dm::test::CliResult;
using dm::test::runCli;

namespace {
constexpr int64_t kCells = 240;
constexpr int64_t kGenes = 150;
}  // namespace

class TestCliMarkers : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString data_;

private slots:
    void initTestCase() {
        QVERIFY2(QFile::exists(dm::test::deepmapperBinary()), "deepmapper not built");
        data_ = dir_.filePath("markers.h5ad");
        dm::test::writePlantedH5ad(data_, kCells, kGenes, 5);
    }

    void markersWritesSeuratColumnsAndFindsPlantedMarkers() {
        const QString out = dir_.filePath("m");
        const CliResult r = runCli({"markers", data_, "--label", "cell_type", "--out", out, "--quiet", "--json",
                                    "--threads", "2"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QStringList rows = dm::test::lines(out + "/markers.csv");
        QCOMPARE(rows.size(), int(1 + 3 * kGenes));
        QCOMPARE(rows[0], QString("p_val,avg_log2FC,pct.1,pct.2,p_val_adj,cluster,gene,p_val_bh,statistic,log10_p_val"));
        QVERIFY(QFile::exists(out + "/markers.xlsx"));
        QVERIFY(QFile(out + "/markers.xlsx").size() > 1000);
        const auto summary = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(summary["test"].get<std::string>(), std::string("wilcoxon"));
        QCOMPARE(summary["comparisons"].size(), size_t{3});
        // The first genes of each class are its planted markers (MK_<class>_..), up.
        for (const auto& c : summary["comparisons"]) {
            const std::string cls = c["cluster"].get<std::string>();
            const auto& top = c["top_genes"][0];
            QVERIFY2(top["gene"].get<std::string>().rfind("MK_" + cls, 0) == 0, top.dump().c_str());
            QVERIFY(top["avg_log2FC"].get<double>() > 0);
            QVERIFY(top["p_val_adj"].get<double>() < 1e-6);
        }
        // Rows of the first class ascend in p_val.
        double last = -1;
        for (int i = 1; i <= kGenes; ++i) {
            const double p = rows[i].section(',', 0, 0).toDouble();
            QVERIFY(p >= last);
            last = p;
        }
    }

    void annotatedH5adCarriesTheTableForAnndata() {
        const QString out = dir_.filePath("h");
        const CliResult r = runCli({"markers", data_, "--label", "cell_type", "--out", out, "--quiet", "--annotated-h5ad"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(QFile::exists(out + "/annotated.h5ad"));
        const QString python = dm::test::pythonWithAnndata();
        if (python.isEmpty()) QSKIP("no python3 with anndata found (install python3-anndata) to read the result");
        QProcess p;
        p.start(python, {"-c",
                         "import sys, anndata\n"
                         "a = anndata.read_h5ad(sys.argv[1])\n"
                         "m = a.uns['deepmapper_markers']\n"
                         "assert m.shape[0] == 3 * a.n_vars, m.shape\n"
                         "assert list(m.columns) == ['p_val', 'avg_log2FC', 'pct.1', 'pct.2', 'p_val_adj', 'cluster',\n"
                         "    'gene', 'p_val_bh', 'statistic', 'log10_p_val'], list(m.columns)\n"
                         "assert list(m['cluster'].cat.categories) == ['TypeA', 'TypeB', 'TypeC'], m['cluster']\n"
                         "first = m[m['cluster'] == 'TypeA']\n"
                         "assert first['p_val'].is_monotonic_increasing\n"
                         "assert first['gene'].iloc[0].startswith('MK_TypeA'), first['gene'].iloc[0]\n",
                         out + "/annotated.h5ad"});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    }

    void markersTwoGroupsAndWelch() {
        const QString out = dir_.filePath("g");
        const CliResult r = runCli({"markers", data_, "--label", "cell_type", "--groups", "TypeB,TypeA", "--test", "t",
                                    "--out", out, "--quiet"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QStringList rows = dm::test::lines(out + "/markers.csv");
        QCOMPARE(rows.size(), int(1 + kGenes));
        QVERIFY(rows[1].contains(",TypeB,"));
        QVERIFY2(rows[1].contains("MK_TypeB") || rows[1].contains("MK_TypeA"), qPrintable(rows[1]));
    }

    void chordWritesJsonAndFigure() {
        const QString out = dir_.filePath("c");
        QStringList args = {"chord", data_, "--label", "cell_type", "--class", "TypeA", "--k", "5",
                            "--splits", "2", "--methods", "wilcoxon,linear,deepmapper", "--passes", "1",
                            "--epochs", "2", "--backbone", "linear", "--attribution-samples", "8", "--threads", "1",
                            "--gate", "floor",  // 2 epochs of tiny training: chance passes still count
                            "--out", out, "--quiet"};
        // A build without the GUI (the sanitized one) has no figures library to draw with.
        if (DM_TEST_FIGURES) args << "--figures" << "png";
        const CliResult r = runCli(args);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QFile f(out + "/chord.json");
        QVERIFY(f.open(QIODevice::ReadOnly));
        const auto j = nlohmann::json::parse(f.readAll().toStdString());
        QCOMPARE(j["positive"].get<std::string>(), std::string("TypeA"));
        QCOMPARE(j["negative"].get<std::string>(), std::string("rest"));
        QCOMPARE(j["k"].get<int>(), 5);
        QCOMPARE(j["methods"].size(), size_t{3});
        for (const auto& m : j["methods"]) {
            QCOMPARE(m["splits"].size(), size_t{2});
            QCOMPARE(m["splits"][0]["genes"].size(), size_t{5});
            const double auc = m["set_auc"]["mean"].get<double>();
            QVERIFY(auc >= 0 && auc <= 1);
        }
        // planted markers separate TypeA almost perfectly on held-out cells
        QVERIFY(j["methods"][0]["set_auc"]["mean"].get<double>() > 0.9);
        if (DM_TEST_FIGURES) QVERIFY(QFile::exists(out + "/figures/chord_auc.png"));
    }

    void badInvocationsExitTwo_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("markers unknown label") << QStringList{"markers", "DATA", "--label", "nope", "--out", "OUT"} << "nope";
        QTest::newRow("markers without out") << QStringList{"markers", "DATA", "--label", "cell_type"} << "--out";
        QTest::newRow("markers unknown test") << QStringList{"markers", "DATA", "--label", "cell_type", "--test", "anova",
                                                             "--out", "OUT"} << "--test";
        QTest::newRow("markers unknown group") << QStringList{"markers", "DATA", "--label", "cell_type", "--groups",
                                                              "TypeA,Nope", "--out", "OUT"} << "Nope";
        QTest::newRow("markers one group") << QStringList{"markers", "DATA", "--label", "cell_type", "--groups", "TypeA",
                                                          "--out", "OUT"} << "--groups";
        QTest::newRow("markers same group") << QStringList{"markers", "DATA", "--label", "cell_type", "--groups",
                                                           "TypeA,TypeA", "--out", "OUT"} << "same";
        QTest::newRow("markers group with no cells")
            << QStringList{"markers", "DATA", "--label", "cell_type", "--classes", "TypeA,TypeB", "--groups", "TypeA,TypeC",
                           "--out", "OUT"} << "TypeC";
        QTest::newRow("markers missing file") << QStringList{"markers", "/no/such.h5ad", "--label", "cell_type", "--out",
                                                             "OUT"} << "/no/such.h5ad";
        QTest::newRow("chord unknown class") << QStringList{"chord", "DATA", "--label", "cell_type", "--class", "Nope",
                                                            "--out", "OUT"} << "Nope";
        QTest::newRow("chord without class") << QStringList{"chord", "DATA", "--label", "cell_type", "--out", "OUT"}
                                             << "--class";
        QTest::newRow("chord unknown method") << QStringList{"chord", "DATA", "--label", "cell_type", "--class", "TypeA",
                                                             "--methods", "magic", "--out", "OUT"} << "magic";
        QTest::newRow("chord k zero") << QStringList{"chord", "DATA", "--label", "cell_type", "--class", "TypeA", "--k",
                                                     "0", "--out", "OUT"} << "--k";
        QTest::newRow("chord same sides") << QStringList{"chord", "DATA", "--label", "cell_type", "--class", "TypeA",
                                                         "--versus", "TypeA", "--out", "OUT"} << "same";
    }

    void badInvocationsExitTwo() {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        args.replaceInStrings("DATA", data_);
        const QString out = dir_.filePath("bad");
        args.replaceInStrings("OUT", out);
        const CliResult r = runCli(args);
        QVERIFY2(r.code == 2, qPrintable(QString("exit %1: %2").arg(r.code).arg(r.err)));
        QVERIFY2(r.err.contains(mentions), qPrintable(r.err));
        QVERIFY(!QFile::exists(out + "/markers.csv"));
        QVERIFY(!QFile::exists(out + "/chord.json"));
    }
};

QTEST_GUILESS_MAIN(TestCliMarkers)
#include "test_cli_markers.moc"
