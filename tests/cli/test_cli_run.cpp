// `deepmapper run` as a user runs it: the built executable on a small .h5ad written from
// the planted-signal generator; every output file, the JSON summary, the exit codes of
// bad invocations, and Ctrl-C leaving a partial result.
#include "cli_support.h"

#include "data/h5ad_inspect.h"
#include "data/readers.h"
#include "report/run_record.h"

#include <nlohmann/json.hpp>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using dm::test::CliResult;
using dm::test::lines;
using dm::test::readAll;
using dm::test::runCli;

namespace {
QString deepmapper() { return dm::test::deepmapperBinary(); }
}  // namespace

class TestCliRun : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString data_;
    QStringList quick_;  // the small, fast run configuration

private slots:
    void initTestCase() {
        QVERIFY2(QFile::exists(deepmapper()), qPrintable("deepmapper not built at " + deepmapper()));
        data_ = dir_.filePath("tiny.h5ad");
        dm::test::writePlantedH5ad(data_, 300, 200, 3);
        quick_ = {"--passes", "2", "--epochs", "2", "--threads", "1", "--attribution-samples", "16"};
    }

    // A class's own ranking built on a few attributed cells per pass is called a hint in the
    // summary; with every cell kept, none is.
    void fewCellsPerClassAreFlagged() {
        const QStringList common = QStringList{"run", data_, "--label", "cell_type", "--gate", "floor"} + quick_;
        CliResult r = runCli(common + QStringList{"--max-per-class", "12", "--out", dir_.filePath("few")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("few cells: ") && r.out.contains("TypeA ("), qPrintable(r.out));
        // Every cell, and every held-out cell attributed (the default 256 samples): about 25 per class.
        r = runCli({"run", data_, "--label", "cell_type", "--gate", "floor", "--passes", "2", "--epochs", "2",
                    "--threads", "1", "--out", dir_.filePath("many")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(!r.out.contains("few cells: "), qPrintable(r.out));
    }

    void runWritesEveryOutput() {
        const QString out = dir_.filePath("out");
        const CliResult r = runCli(QStringList{"run", data_, "--label", "cell_type", "--out", out, "--json",
                                               "--annotated-h5ad"} + quick_);
        QVERIFY2(r.code == 0, qPrintable(r.err));

        // --json: stdout is one JSON document.
        const auto summary = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(summary.at("status").get<std::string>(), std::string("ok"));
        QCOMPARE(summary.at("accepted").get<int>(), 2);
        QCOMPARE(summary.at("top_genes").size(), size_t(20));
        QCOMPARE(summary.at("files").size(), size_t(9));
        QCOMPARE(summary.at("dataset").at("cells").get<int>(), 300);
        // Progress went to stderr as plain lines (not a terminal).
        QVERIFY2(r.err.contains(QRegularExpression("^pass 1/2 ", QRegularExpression::MultilineOption)),
                 qPrintable(r.err));
        QVERIFY2(r.err.contains("normalize_total"), qPrintable(r.err));  // raw counts were normalised (auto)

        const QStringList csv = lines(out + "/ranking.csv");
        QCOMPARE(csv.size(), 201);
        QCOMPARE(csv[0], QString("rank,gene,selection_frequency,median_importance,mean_rank"));
        QVERIFY(csv[1].startsWith("1,"));
        const QStringList tsv = lines(out + "/ranking.tsv");
        QCOMPARE(tsv.size(), 201);
        QCOMPARE(tsv[0].split('\t').size(), 5);
        QCOMPARE(lines(out + "/top_genes.txt").size(), 20);
        QCOMPARE(lines(out + "/top_genes.txt")[0], csv[1].split(',')[1]);
        const QStringList passes = lines(out + "/passes.csv");
        QCOMPARE(passes.size(), 3);
        QCOMPARE(passes[0], QString("pass,seed,accuracy,accepted,stop_epoch,best_epoch,seconds"));
        const QByteArray xlsx = readAll(out + "/ranking.xlsx");
        QVERIFY(xlsx.size() > 1000);
        QVERIFY(xlsx.startsWith("PK"));

        // Per class: every gene of each of the 3 classes, with direction; and the overlap of
        // DeepMapper's top K with the linear baseline's (and the Wilcoxon test's, when built in).
        const QStringList byClass = lines(out + "/ranking_by_class.csv");
        QCOMPARE(byClass.size(), 1 + 3 * 200);
        QCOMPARE(byClass[0], QString("class,rank,gene,selection_frequency,median_importance,mean_rank,direction,"
                                     "mean_in,mean_out,class_passes,class_cells"));
        QVERIFY2(byClass[1].contains(QRegularExpression(",(up|down|none),")), qPrintable(byClass[1]));
        const QStringList overlap = lines(out + "/overlap.csv");
        QCOMPARE(overlap.size(), 4);
        QVERIFY(overlap[0].startsWith("class,k,jaccard_deepmapper_wilcoxon,jaccard_deepmapper_linear,"));
        QVERIFY2(overlap[1].contains(",20,"), qPrintable(overlap[1]));
        QVERIFY2(!overlap[1].endsWith(","), qPrintable(overlap[1]));  // the linear baseline's top K is there
        QVERIFY2(!overlap[1].split(',')[2].isEmpty(), qPrintable(overlap[1]));  // and the Wilcoxon test's

        const auto run = nlohmann::json::parse(readAll(out + "/run.json").toStdString());
        QCOMPARE(run.at("by_class").size(), size_t(3));
        QCOMPARE(run.at("passes")[0].at("class_importance").size(), size_t(3));
        for (const char* key : {"configuration", "versions", "dataset", "passes", "timings", "partial", "genes"})
            QVERIFY2(run.contains(key), key);
        QCOMPARE(run.at("partial").get<bool>(), false);
        QCOMPARE(run.at("configuration").at("passes").get<int>(), 2);
        QCOMPARE(run.at("dataset").at("label_column").get<std::string>(), std::string("cell_type"));
        QCOMPARE(run.at("dataset").at("classes").size(), size_t(3));
        QCOMPARE(run.at("passes").size(), size_t(2));
        // Reopening the run gives the same ranking without retraining.
        const dm::RunRecord back = dm::loadRunRecord((out + "/run.json").toStdString());
        QCOMPARE(QString::fromStdString(back.findings.ranking(1)[0].name), csv[1].split(',')[1]);

        // The annotated copy: same cells and genes, deepmapper_* var columns, run in uns.
        const QString h5ad = out + "/annotated.h5ad";
        const dm::Dataset ds = dm::readH5ad(h5ad.toStdString(), {"X"});
        QCOMPARE(ds.cells(), int64_t(300));
        QCOMPARE(ds.genes(), int64_t(200));
        const dm::ObsTable var = dm::readH5adVarTable(h5ad.toStdString());
        for (const char* c : {"deepmapper_selection_frequency", "deepmapper_median_importance", "deepmapper_mean_rank",
                              "deepmapper_rank"})
            QVERIFY2(var.find(c), c);
        int classDirections = 0;  // per class: deepmapper_<class>_direction among others
        for (const dm::Column& c : var.columns())
            classDirections += QString::fromStdString(c.name).endsWith("_direction") ? 1 : 0;
        QCOMPARE(classDirections, 3);
        const dm::Column* rank = var.find("deepmapper_rank");
        QCOMPARE(std::count(rank->numbers.begin(), rank->numbers.end(), 1.0), std::ptrdiff_t(1));
        QVERIFY(readAll(h5ad).contains("deepmapper-run"));
        checkWithAnndata(h5ad);
    }

    void configFileAndFlagOverride() {
        const QString cfg = dir_.filePath("saved.json");
        CliResult r = runCli({"run", "--passes", "2", "--epochs", "3", "--seed", "11", "--save-config", cfg});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto saved = nlohmann::json::parse(readAll(cfg).toStdString());
        QCOMPARE(saved.at("epochs").get<int>(), 3);
        QCOMPARE(saved.at("seed").get<int>(), 11);

        const QString out = dir_.filePath("out-config");
        r = runCli({"run", data_, "--label", "cell_type", "--config", cfg, "--epochs", "1", "--threads", "1",
                    "--one-vs-rest", "TypeB", "--gate", "floor", "--quiet", "--out", out});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));  // --quiet
        const auto run = nlohmann::json::parse(readAll(out + "/run.json").toStdString());
        QCOMPARE(run.at("configuration").at("epochs").get<int>(), 1);  // the flag wins
        QCOMPARE(run.at("configuration").at("seed").get<int>(), 11);   // the file's value
        QCOMPARE(run.at("dataset").at("classes").size(), size_t(2));
        QCOMPARE(run.at("dataset").at("classes")[0].at("name").get<std::string>(), std::string("TypeB"));
    }

    void badInvocationsExitTwo_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mention");
        const QString bad = dir_.filePath("bad.json");
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"passes\": 3,,}");
        f.close();
        const QString out = dir_.filePath("never");
        QTest::newRow("missing file") << QStringList{"run", dir_.filePath("nope.h5ad"), "--label", "x", "--out", out}
                                      << "nope.h5ad";
        QTest::newRow("unknown label") << QStringList{"run", data_, "--label", "tissue", "--out", out} << "cell_type";
        QTest::newRow("bad passes") << QStringList{"run", data_, "--label", "cell_type", "--passes", "0", "--out", out}
                                    << "--passes";
        QTest::newRow("not a number") << QStringList{"run", data_, "--label", "cell_type", "--lr", "fast", "--out", out}
                                      << "--lr";
        QTest::newRow("bad fraction")
            << QStringList{"run", data_, "--label", "cell_type", "--test-size", "1.5", "--out", out} << "--test-size";
        QTest::newRow("unknown backbone")
            << QStringList{"run", data_, "--label", "cell_type", "--backbone", "transformerxl", "--passes", "1",
                           "--epochs", "1", "--out", out}
            << "transformerxl";
        // Refused before any data is read (the file does not exist) and the valid kinds listed.
        QTest::newRow("unknown backbone before loading")
            << QStringList{"run", dir_.filePath("nope.h5ad"), "--label", "x", "--backbone", "transformerxl", "--out", out}
            << "--backbone: unknown backbone 'transformerxl': use one of mlp, cnn_small, cnn, linear";
        QTest::newRow("unknown class")
            << QStringList{"run", data_, "--label", "cell_type", "--one-vs-rest", "Neuron", "--out", out} << "TypeA";
        QTest::newRow("malformed config") << QStringList{"run", data_, "--label", "cell_type", "--config", bad, "--out", out}
                                          << "bad.json";
        QTest::newRow("figures") << QStringList{"run", data_, "--label", "cell_type", "--figures", "gif", "--out", out}
                                 << "--figures";
        QTest::newRow("no out") << QStringList{"run", data_, "--label", "cell_type"} << "--out";
        QTest::newRow("unknown flag") << QStringList{"run", data_, "--label", "cell_type", "--pases", "3"} << "--pases";
    }

    void badInvocationsExitTwo() {
        QFETCH(QStringList, args);
        QFETCH(QString, mention);
        const CliResult r = runCli(args, 300000);
        QVERIFY2(r.code == 2, qPrintable(QString("exit %1, stderr: %2").arg(r.code).arg(r.err)));
        QVERIFY2(r.err.contains(mention), qPrintable(r.err));
        QVERIFY(!QDir(dir_.filePath("never")).exists("run.json"));
    }

    void interruptWritesPartialResult() {
        const QString out = dir_.filePath("out-interrupted");
        QProcess p;
        p.start(deepmapper(), {"run", data_, "--label", "cell_type", "--passes", "200", "--epochs", "2", "--threads",
                               "1", "--attribution-samples", "16", "--out", out});
        QVERIFY(p.waitForStarted());
        QString err;
        QElapsedTimer clock;
        clock.start();
        while (!err.contains(QRegularExpression("^pass \\d+/200 ", QRegularExpression::MultilineOption))) {
            QVERIFY2(clock.elapsed() < 300000 && p.state() == QProcess::Running, qPrintable(err));
            p.waitForReadyRead(1000);
            err += QString::fromUtf8(p.readAllStandardError());
        }
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(300000));
        err += QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QVERIFY2(p.exitCode() == 130, qPrintable(err));
        QVERIFY2(err.contains("interrupted"), qPrintable(err));
        const auto run = nlohmann::json::parse(readAll(out + "/run.json").toStdString());
        QCOMPARE(run.at("partial").get<bool>(), true);
        const int accepted = run.at("accepted").get<int>();
        QVERIFY(accepted >= 1 && accepted < 200);
        QCOMPARE(lines(out + "/passes.csv").size(), 1 + static_cast<int>(run.at("passes").size()));
        QCOMPARE(lines(out + "/ranking.csv").size(), 201);
    }

private:
    // anndata itself, when this machine has it, is the reference reader.
    void checkWithAnndata(const QString& h5ad) {
        const QString python = dm::test::pythonWithAnndata();
        if (python.isEmpty()) {
            qInfo("python3 anndata not available: the annotated .h5ad is checked with DeepMapper's reader only");
            return;
        }
        QProcess p;
        p.start(python, {"-c",
                         "import sys, json, anndata\n"
                         "a = anndata.read_h5ad(sys.argv[1])\n"
                         "assert a.shape == (300, 200), a.shape\n"
                         "assert (a.var['deepmapper_rank'] == 1).sum() == 1\n"
                         "assert json.loads(str(a.uns['deepmapper']))['format'] == 'deepmapper-run'\n",
                         h5ad});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    }
};

QTEST_GUILESS_MAIN(TestCliRun)
#include "test_cli_run.moc"
