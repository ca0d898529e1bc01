// A run spread over processes and an interrupted run, as a user drives them: shards of
// tries (`run --tries A:B`) merged with `deepmapper merge` give byte-identical rankings to
// one `run`; shards of another run are refused naming the difference; missing tries make
// a partial merge (exit 4) naming them; a run killed mid-way (SIGKILL) or interrupted
// (Ctrl-C) resumes with --resume DIR to the same result; `deepmapper slurm` writes the
// job-array and merge scripts.
#include "cli_support.h"

#include <nlohmann/json.hpp>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using dm::test::CliResult;
using dm::test::lines;
using dm::test::readAll;
using dm::test::runCli;

namespace {

nlohmann::json jsonFile(const QString& path) { return nlohmann::json::parse(readAll(path).toStdString()); }

// passes.csv without its timing column, which differs between any two runs.
QStringList passesWithoutSeconds(const QString& path) {
    QStringList out;
    for (const QString& line : lines(path)) out << line.section(',', 0, -2);
    return out;
}

}  // namespace

class TestCliShards : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString data_;
    QStringList run_;  // `run DATA --label ... <quick settings>`
    QString full_;     // one uninterrupted run

    QString path(const QString& name) const { return dir_.filePath(name); }

    CliResult shard(const QString& range, const QString& out, const QStringList& extra = {}) {
        return runCli(run_ + QStringList{"--tries", range, "--out", out} + extra);
    }

    void compareWithFull(const QString& out) {
        QVERIFY2(!readAll(full_ + "/ranking.csv").isEmpty(), "the full run wrote no ranking");
        QCOMPARE(readAll(out + "/ranking.csv"), readAll(full_ + "/ranking.csv"));
        QCOMPARE(readAll(out + "/ranking.tsv"), readAll(full_ + "/ranking.tsv"));
        QCOMPARE(readAll(out + "/top_genes.txt"), readAll(full_ + "/top_genes.txt"));
        QCOMPARE(passesWithoutSeconds(out + "/passes.csv"), passesWithoutSeconds(full_ + "/passes.csv"));
        const auto a = jsonFile(out + "/run.json"), b = jsonFile(full_ + "/run.json");
        QVERIFY(a.at("genes") == b.at("genes"));
        QCOMPARE(a.at("partial").get<bool>(), false);
        QCOMPARE(a.at("accepted").get<int>(), b.at("accepted").get<int>());
        QVERIFY(a.at("dataset").at("fingerprint") == b.at("dataset").at("fingerprint"));
    }

    // Starts the test's run writing to `out` and waits until its first try is on disk.
    bool startUntilFirstTry(QProcess& p, const QString& out) {
        p.start(dm::test::deepmapperBinary(), run_ + QStringList{"--out", out});
        if (!p.waitForStarted()) return false;
        QElapsedTimer clock;
        clock.start();
        while (!QFile::exists(out + "/tries/try-000000.json")) {
            if (clock.elapsed() >= 300000 || p.state() != QProcess::Running) return false;
            QTest::qWait(20);
        }
        return true;
    }

private slots:
    void initTestCase() {
        QVERIFY2(QFile::exists(dm::test::deepmapperBinary()), "deepmapper not built");
        data_ = path("planted.h5ad");
        dm::test::writePlantedH5ad(data_, 300, 150, 11);
        run_ = {"run", data_, "--label", "cell_type", "--passes", "4", "--epochs", "2", "--threads", "1",
                "--attribution-samples", "16", "--ig-steps", "8", "--seed", "5", "--quiet"};
        full_ = path("full");
        const CliResult r = runCli(run_ + QStringList{"--out", full_});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(!QDir(full_).exists("tries"), "a finished run keeps no tries folder");
    }

    void mergeEqualsOneRun() {
        // Uneven ranges, the last running past what one process needed.
        QVERIFY(shard("0:1", path("s0")).code == 0);
        const CliResult s1 = shard("1:3", path("s1"), {"--json"});
        QVERIFY2(s1.code == 0, qPrintable(s1.err));
        const auto summary = nlohmann::json::parse(s1.out.toStdString());
        QCOMPARE(summary.at("finished").get<int>(), 2);
        QVERIFY(QFile::exists(path("s1/tries/try-000001.json")));
        QVERIFY(QFile::exists(path("s1/tries/try-000002.json")));
        QVERIFY(!QFile::exists(path("s1/ranking.csv")));  // a shard accumulates nothing
        QVERIFY(shard("3:6", path("s2")).code == 0);

        const QString merged = path("merged");
        const CliResult m = runCli({"merge", path("s2"), path("s0"), path("s1") + "/tries", "--out", merged});
        QVERIFY2(m.code == 0, qPrintable(m.err + m.out));
        compareWithFull(merged);
        // A shard given twice holds the same tries: merged once.
        const CliResult twice = runCli({"merge", path("s0"), path("s0"), path("s1"), path("s2"), "--out", path("merged2"), "--quiet"});
        QVERIFY2(twice.code == 0, qPrintable(twice.err));
        QCOMPARE(readAll(path("merged2/ranking.csv")), readAll(full_ + "/ranking.csv"));
        // A shard re-run over its range reads its tries back (a requeued Slurm task).
        const CliResult again = shard("1:3", path("s1"), {"--json"});
        QVERIFY2(again.code == 0, qPrintable(again.err));
        QCOMPARE(nlohmann::json::parse(again.out.toStdString()).at("read_back").get<int>(), 2);
    }

    void mergeRefusesShardsOfAnotherRun() {
        QStringList epochs3 = run_;
        epochs3[epochs3.indexOf("--epochs") + 1] = "3";
        QVERIFY(runCli(epochs3 + QStringList{"--tries", "1:2", "--out", path("epochs3")}).code == 0);
        const CliResult m = runCli({"merge", path("s0"), path("epochs3"), "--out", path("bad")});
        QCOMPARE(m.code, 2);
        QVERIFY2(m.err.contains("epochs: 2 vs 3"), qPrintable(m.err));

        const QString other = path("other.h5ad");
        dm::test::writePlantedH5ad(other, 300, 150, 12);
        QStringList otherRun = run_;
        otherRun[1] = other;
        QVERIFY(runCli(otherRun + QStringList{"--tries", "1:2", "--out", path("otherdata")}).code == 0);
        const CliResult d = runCli({"merge", path("s0"), path("otherdata"), "--out", path("bad")});
        QCOMPARE(d.code, 2);
        QVERIFY2(d.err.contains("the input differs") && d.err.contains("fingerprint"), qPrintable(d.err));
        QVERIFY(!QFile::exists(path("bad/run.json")));

        QCOMPARE(runCli({"merge", path("nothing-here"), "--out", path("bad")}).code, 2);
        QCOMPARE(runCli(run_ + QStringList{"--tries", "3:1", "--out", path("bad")}).code, 2);
        // --passes auto stops on a rule over every earlier try: no shards of it.
        QStringList autoPasses = run_;
        autoPasses[autoPasses.indexOf("--passes") + 1] = "auto";
        const CliResult a = runCli(autoPasses + QStringList{"--tries", "0:2", "--out", path("auto")});
        QCOMPARE(a.code, 2);
        QVERIFY2(a.err.contains("--passes auto"), qPrintable(a.err));
        QVERIFY(!QDir(path("auto")).exists("tries"));
    }

    void missingTriesMakeAPartialMerge() {
        const QString out = path("partial");
        const CliResult m = runCli({"merge", path("s0"), path("s2"), "--out", out});
        QVERIFY2(m.code == 4, qPrintable(m.err));
        QVERIFY2(m.err.contains("missing tries 1-2") && m.err.contains("--tries 1:3"), qPrintable(m.err));
        const auto run = jsonFile(out + "/run.json");
        QCOMPARE(run.at("partial").get<bool>(), true);
        QCOMPARE(run.at("tries").get<int>(), 1);  // the walk stops at the first missing try
        QCOMPARE(lines(out + "/passes.csv").size(), 2);
    }

    void killedRunResumes() {
        const QString out = path("killed");
        QProcess p;
        QVERIFY2(startUntilFirstTry(p, out), "the run ended (or did not start) before its first try");
        ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitStatus(), QProcess::CrashExit);
        QVERIFY(!QFile::exists(out + "/run.json"));

        // DATA and flags are taken from the folder.
        const CliResult r = runCli({"run", "--resume", out});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(QRegularExpression("resuming: [1-3] finished tries read back")), qPrintable(r.err));
        compareWithFull(out);
        QVERIFY(!QDir(out).exists("tries"));
    }

    void interruptedRunResumesWithItsCommand() {
        const QString out = path("interrupted");
        QProcess p;
        QVERIFY2(startUntilFirstTry(p, out), "the run ended (or did not start) before its first try");
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(120000));
        QCOMPARE(p.exitCode(), 130);
        QCOMPARE(jsonFile(out + "/run.json").at("partial").get<bool>(), true);

        // The same command again with --resume; a changed setting is refused first.
        const CliResult changed = runCli(run_ + QStringList{"--resume", out, "--top-k", "5"});
        QCOMPARE(changed.code, 2);
        QVERIFY2(changed.err.contains("top_k: 20 vs 5"), qPrintable(changed.err));
        const CliResult r = runCli(run_ + QStringList{"--resume", out});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        compareWithFull(out);
    }

    void slurmWritesTheScripts() {
        const QString out = path("cluster");
        QStringList args = {"slurm", data_, "--label", "cell_type", "--passes", "10", "--epochs", "2",
                            "--tasks", "3", "--threads", "2", "--out", out, "--json",
                            "--sbatch-args", "--partition=short --time 1:00:00"};
        // A build without the GUI refuses --figures (it has nothing to draw them with).
        if (DM_TEST_FIGURES) args << "--figures" << "png";
        const CliResult r = runCli(args);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto summary = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(summary.at("tasks").get<int>(), 3);
        QCOMPARE(summary.at("tries_per_task").get<int>(), 4);
        QCOMPARE(summary.at("cpus_per_task").get<int>(), 2);
        QVERIFY(summary.at("mem_mb_per_task").get<int>() >= 1024);
        const QString tries = QString::fromUtf8(readAll(out + "/deepmapper-tries.sbatch"));
        QVERIFY2(tries.startsWith("#!/bin/bash\n"), qPrintable(tries));
        QVERIFY2(tries.contains("#SBATCH --array=0-2\n"), qPrintable(tries));
        QVERIFY2(tries.contains("#SBATCH --cpus-per-task=2\n"), qPrintable(tries));
        QVERIFY2(tries.contains("#SBATCH --partition=short\n#SBATCH --time 1:00:00\n"), qPrintable(tries));
        QVERIFY2(tries.contains("--threads 2 --tries \"$first:$end\""), qPrintable(tries));
        QVERIFY2(tries.contains("total=10\n"), qPrintable(tries));
        QVERIFY2(tries.contains(QDir(data_).absolutePath()), qPrintable(tries));
        const QString merge = QString::fromUtf8(readAll(out + "/deepmapper-merge.sbatch"));
        QVERIFY2(merge.contains(" merge \"${shards[@]}\" --out ") &&
                     (!DM_TEST_FIGURES || merge.contains("--figures png")),
                 qPrintable(merge));
        QCOMPARE(jsonFile(out + "/config.json").at("threads").get<int>(), 2);
        QVERIFY(QFileInfo(out + "/deepmapper-tries.sbatch").isExecutable());

        QCOMPARE(runCli({"slurm", data_, "--label", "cell_type", "--passes", "2", "--tasks", "3", "--out", out}).code, 2);
    }
};

QTEST_GUILESS_MAIN(TestCliShards)
#include "test_cli_shards.moc"
