// `deepmapper demo` end to end on a tiny planted-signal dataset: the real engine runs,
// the JSON summary reports the planted-gene recall, and --out writes the run's files.
#include "test_support.h"

#include <nlohmann/json.hpp>

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestCliDemo : public QObject {
    Q_OBJECT
private slots:
    void demoRunsTheEngineAndScoresRecall() {
        QTemporaryDir dir;
        QProcess p;
        p.start(dm::test::binDir() + "/app/cli/deepmapper",
                {"demo", "--cells", "300", "--genes", "200", "--passes", "2", "--epochs", "3", "--threads", "1",
                 "--json", "--quiet", "--out", dir.filePath("demo")});
        QVERIFY(p.waitForFinished(600000));
        const QByteArray err = p.readAllStandardError();
        QVERIFY2(p.exitCode() == 0, err.constData());
        QVERIFY2(err.isEmpty(), err.constData());  // --json --quiet: only the JSON, on stdout
        const auto j = nlohmann::json::parse(p.readAllStandardOutput().toStdString());
        QCOMPARE(j.at("accepted").get<int>(), 2);
        QCOMPARE(j.at("top_genes").size(), size_t(20));
        const double recall = j.at("recall").get<double>();
        QVERIFY(recall >= 0.0 && recall <= 1.0);
        // Strong planted markers and the default analysis: most of the top 20 should be markers.
        QVERIFY2(recall >= 0.5, qPrintable(QString::number(recall)));
        int named = 0;
        for (const auto& g : j.at("top_genes"))
            named += g.at("gene").get<std::string>().rfind("MK_", 0) == 0 ? 1 : 0;
        QCOMPARE(named, j.at("markers_in_top").get<int>());
        for (const char* f : {"ranking.csv", "ranking.tsv", "ranking.xlsx", "top_genes.txt", "passes.csv", "run.json"})
            QVERIFY2(QDir(dir.filePath("demo")).exists(f), f);
    }

    // Without flags the demo runs on the default demo dataset of issue #2 (2,000 cells x
    // 5,000 genes x 3 classes) with its quick settings; --help shows the defaults, so this
    // is checked without paying for the full run.
    void demoDefaultsAreTheIssue2Dataset() {
        QProcess p;
        p.start(dm::test::binDir() + "/app/cli/deepmapper", {"demo", "--help"});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        const QString help = QString::fromUtf8(p.readAllStandardOutput()).simplified();
        for (const char* expected : {"--cells INT:INT in [10 - 10000000]=2000", "--genes INT:INT in [10 - 1000000]=5000",
                                     "--classes INT:INT in [2 - 100]=3", "Accepted passes to accumulate (default 5)",
                                     "--epochs INT:>= 1=30", "--backbone TEXT:KIND=mlp", "--preset"})
            QVERIFY2(help.contains(expected), expected);
    }
};

QTEST_GUILESS_MAIN(TestCliDemo)
#include "test_cli_demo.moc"
