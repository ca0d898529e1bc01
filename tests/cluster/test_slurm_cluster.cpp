// A run spread over a real Slurm: starts a single-node Slurm (munged, slurmctld, slurmd)
// in a temporary folder, submits a 3-task job array over a small planted dataset with
// `deepmapper slurm --submit`, waits for the array and its dependent merge job, and
// compares the merged ranking with one `deepmapper run`: identical bytes. Skips, saying
// why, where Slurm cannot start (not root, not installed, daemons refusing). The daemons
// are always stopped by the process ids in their pid files.
#include "cli_support.h"

#include <nlohmann/json.hpp>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <random>
#include <sys/stat.h>
#include <unistd.h>

using dm::test::CliResult;
using dm::test::readAll;
using dm::test::runCli;

namespace {

QString findTool(const QString& name) {
    return QStandardPaths::findExecutable(name, {"/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin",
                                                 "/usr/local/bin"});
}

struct Output {
    int code = -1;
    QString text;
};

Output runTool(const QString& program, const QStringList& args, int timeoutMs = 60000) {
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    Output o;
    if (!p.waitForStarted() || !p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        o.text = program + " did not finish";
        return o;
    }
    o.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    o.text = QString::fromUtf8(p.readAll());
    return o;
}

bool processAlive(pid_t pid) { return pid > 0 && ::kill(pid, 0) == 0; }

// Stops the daemon whose pid file is `pidFile`: SIGTERM, then SIGKILL after 15 s.
void stopByPidFile(const QString& pidFile) {
    const pid_t pid = static_cast<pid_t>(QString::fromUtf8(readAll(pidFile)).trimmed().toLong());
    if (pid <= 1 || !processAlive(pid)) return;
    ::kill(pid, SIGTERM);
    QElapsedTimer clock;
    clock.start();
    while (processAlive(pid) && clock.elapsed() < 15000) QTest::qWait(100);
    if (processAlive(pid)) ::kill(pid, SIGKILL);
}

}  // namespace

class TestSlurmCluster : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString conf_;
    QStringList pidFiles_;  // stopped in reverse order
    QString why_;           // why Slurm could not start (the test then skips)

    QString path(const QString& name) const { return dir_.filePath(name); }

    bool startSlurm() {
        if (::geteuid() != 0) return fail("not root: a single-node Slurm needs root here");
        for (const char* tool : {"munged", "slurmctld", "slurmd", "sbatch", "squeue", "sinfo"})
            if (findTool(tool).isEmpty())
                return fail(QString(tool) + " is not installed (scripts/install-deps.sh --test installs Slurm)");
        for (const char* sub : {"state", "spool", "munge"}) QDir(dir_.path()).mkpath(sub);
        ::chmod(QFile::encodeName(path("munge")).constData(), 0700);

        // munged with its own key and socket, so nothing of the machine's own is touched.
        const QString key = path("munge/munge.key");
        {
            QFile f(key);
            if (!f.open(QIODevice::WriteOnly)) return fail("cannot write a munge key");
            std::random_device rd;
            QByteArray bytes(1024, '\0');
            for (char& b : bytes) b = static_cast<char>(rd() & 0xff);
            f.write(bytes);
        }
        ::chmod(QFile::encodeName(key).constData(), 0400);
        const QString socket = path("munge/munge.socket");
        pidFiles_ << path("munge/munged.pid");
        const Output munged = runTool(findTool("munged"), {"--force", "--socket=" + socket, "--key-file=" + key,
                                                           "--pid-file=" + pidFiles_.back(),
                                                           "--log-file=" + path("munge/munged.log"),
                                                           "--seed-file=" + path("munge/munged.seed")});
        if (munged.code != 0) return fail("munged did not start: " + munged.text);

        const Output node = runTool(findTool("slurmd"), {"-C"});
        const QString nodeLine = node.text.section('\n', 0, 0).trimmed();
        if (node.code != 0 || !nodeLine.startsWith("NodeName=")) return fail("slurmd -C failed: " + node.text);
        const QString host = nodeLine.section(' ', 0, 0).section('=', 1);
        const int port = 20000 + static_cast<int>(::getpid() % 5000) * 2;
        conf_ = path("slurm.conf");
        QFile conf(conf_);
        if (!conf.open(QIODevice::WriteOnly)) return fail("cannot write slurm.conf");
        const QString d = dir_.path();
        conf.write(QString("ClusterName=dmtest\n"
                           "SlurmctldHost=%1\n"
                           "SlurmUser=root\nSlurmdUser=root\n"
                           "AuthType=auth/munge\nCredType=cred/munge\nAuthInfo=socket=%2\n"
                           "SlurmctldPort=%3\nSlurmdPort=%4\n"
                           "StateSaveLocation=%5/state\nSlurmdSpoolDir=%5/spool\n"
                           "SlurmctldPidFile=%5/slurmctld.pid\nSlurmdPidFile=%5/slurmd.pid\n"
                           "SlurmctldLogFile=%5/slurmctld.log\nSlurmdLogFile=%5/slurmd.log\n"
                           "ProctrackType=proctrack/linuxproc\nTaskPlugin=task/none\n"
                           "SelectType=select/cons_tres\nSelectTypeParameters=CR_Core\n"
                           "JobAcctGatherType=jobacct_gather/none\nAccountingStorageType=accounting_storage/none\n"
                           "SchedulerType=sched/backfill\nMpiDefault=none\nReturnToService=2\n"
                           "MailProg=/bin/true\n"
                           "%6 State=UNKNOWN\n"
                           "PartitionName=debug Nodes=%1 Default=YES MaxTime=INFINITE State=UP\n")
                       .arg(host, socket)
                       .arg(port)
                       .arg(port + 1)
                       .arg(d, nodeLine)
                       .toUtf8());
        conf.close();
        qputenv("SLURM_CONF", QFile::encodeName(conf_));

        pidFiles_ << path("slurmctld.pid");
        const Output ctld = runTool(findTool("slurmctld"), {"-f", conf_, "-i"});
        if (ctld.code != 0) return fail("slurmctld did not start: " + ctld.text);
        pidFiles_ << path("slurmd.pid");
        const Output slurmd = runTool(findTool("slurmd"), {"-f", conf_});
        if (slurmd.code != 0) return fail("slurmd did not start: " + slurmd.text);

        QElapsedTimer clock;
        clock.start();
        QString state;
        while (clock.elapsed() < 90000) {
            state = runTool(findTool("sinfo"), {"-h", "-N", "-o", "%t"}).text.trimmed();
            if (state == "idle") return true;
            QTest::qWait(500);
        }
        return fail("the node did not become idle (sinfo: " + state + "); slurmctld.log:\n" +
                    QString::fromUtf8(readAll(path("slurmctld.log")).right(2000)));
    }

    bool fail(const QString& why) {
        why_ = why;
        return false;
    }

    bool jobsRunning(const QStringList& ids) {
        const Output q = runTool(findTool("squeue"), {"-h", "-j", ids.join(','), "-o", "%i %T"});
        return q.code == 0 && !q.text.trimmed().isEmpty();
    }

private slots:
    void initTestCase() {
        QVERIFY2(QFile::exists(dm::test::deepmapperBinary()), "deepmapper not built");
        QElapsedTimer clock;
        clock.start();
        if (!startSlurm()) {
            cleanupTestCase();
            QSKIP(qPrintable("Slurm cannot start here, so the cluster test is skipped: " + why_));
        }
        qInfo("single-node Slurm up in %.1f s", clock.elapsed() / 1000.0);
    }

    void jobArrayMergesToTheSingleProcessRanking() {
        QElapsedTimer clock;
        clock.start();
        const QString data = path("planted.h5ad");
        dm::test::writePlantedH5ad(data, 300, 150, 21);
        const QStringList settings = {"--label", "cell_type", "--passes", "6", "--epochs", "2",
                                      "--attribution-samples", "16", "--ig-steps", "8", "--seed", "3"};
        const QString out = path("cluster-run");
        const CliResult submitted = runCli(QStringList{"slurm", data} + settings +
                                           QStringList{"--tasks", "3", "--cpus-per-task", "1", "--out", out,
                                                       "--submit", "--json"});
        QVERIFY2(submitted.code == 0, qPrintable(submitted.err + submitted.out));
        const auto summary = nlohmann::json::parse(submitted.out.toStdString());
        const QStringList jobs = {QString::fromStdString(summary.at("array_job").get<std::string>()),
                                  QString::fromStdString(summary.at("merge_job").get<std::string>())};
        QCOMPARE(summary.at("tasks").get<int>(), 3);

        while (jobsRunning(jobs)) {
            QVERIFY2(clock.elapsed() < 600000, "the Slurm jobs did not finish within 10 minutes");
            QTest::qWait(500);
        }
        const QString logs = QDir(out + "/logs").entryList(QDir::Files).join(", ");
        QVERIFY2(QFile::exists(out + "/run.json"), qPrintable("no merged run.json; logs: " + logs + "\n" +
                                                             QString::fromUtf8(readAll(path("slurmctld.log")).right(3000))));
        // A task that left no tries: its log (and the merge's) says why.
        QString tails;
        for (const QString& f : QDir(out + "/logs").entryList(QDir::Files))
            tails += "\n--- " + f + ":\n" + QString::fromUtf8(readAll(out + "/logs/" + f)).right(1500);
        for (int task = 0; task < 3; ++task)
            QVERIFY2(QDir(out + "/shards/task-" + QString::number(task) + "/tries").exists(), qPrintable(logs + tails));
        const double clusterSeconds = clock.elapsed() / 1000.0;

        // One process with the threads each task had.
        const QString single = path("single-run");
        const CliResult one = runCli(QStringList{"run", data} + settings +
                                     QStringList{"--threads", "1", "--out", single, "--quiet"});
        QVERIFY2(one.code == 0, qPrintable(one.err));
        QCOMPARE(readAll(out + "/ranking.csv"), readAll(single + "/ranking.csv"));
        const auto merged = nlohmann::json::parse(readAll(out + "/run.json").toStdString());
        const auto reference = nlohmann::json::parse(readAll(single + "/run.json").toStdString());
        QVERIFY(merged.at("genes") == reference.at("genes"));
        QCOMPARE(merged.at("partial").get<bool>(), false);
        qInfo("submit to merged result: %.1f s; whole test so far %.1f s", clusterSeconds, clock.elapsed() / 1000.0);
    }

    void cleanupTestCase() {
        for (auto it = pidFiles_.rbegin(); it != pidFiles_.rend(); ++it) stopByPidFile(*it);
        pidFiles_.clear();
    }
};

QTEST_GUILESS_MAIN(TestSlurmCluster)
#include "test_slurm_cluster.moc"
