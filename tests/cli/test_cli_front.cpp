// The light front (app/cli/front_main.cpp): `deepmapper markers` runs in a process that
// does not load LibTorch, and gives the same files as the full tool (deepmapper-engine);
// every other command reaches the engine through execv with its arguments and exit code;
// a missing engine is a clear error, not a crash.
#include "cli_support.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

using namespace dm::test;

namespace {

QString engineBinary() { return binDir() + "/app/cli/deepmapper-engine"; }

}  // namespace

class TestCliFront : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString data_;

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        data_ = dir_.filePath("cells.h5ad");
        writePlantedH5ad(data_, 90, 40, 3);
    }

    // The dynamic section lists what the loader maps before main(): no LibTorch, no Qt.
    void frontNeedsNoLibTorch() {
        QProcess p;
        p.start("readelf", {"-d", deepmapperBinary()});
        if (!p.waitForStarted()) QSKIP("readelf (binutils) is not installed");
        QVERIFY(p.waitForFinished(60000));
        const QString dyn = QString::fromUtf8(p.readAllStandardOutput());
        QVERIFY2(dyn.contains("NEEDED"), qPrintable(dyn));
        QVERIFY2(!dyn.contains("libtorch") && !dyn.contains("libc10") && !dyn.contains("Qt6"), qPrintable(dyn));
    }

    void markersSameAsEngine() {
        const QString a = dir_.filePath("front"), b = dir_.filePath("engine");
        const QStringList args{"markers", data_, "--label", "cell_type", "--threads", "1", "--quiet"};
        const CliResult fr = runProgram(deepmapperBinary(), args + QStringList{"--out", a});
        QVERIFY2(fr.code == 0, qPrintable(fr.err));
        const CliResult er = runProgram(engineBinary(), args + QStringList{"--out", b});
        QVERIFY2(er.code == 0, qPrintable(er.err));
        const QByteArray csv = readAll(a + "/markers.csv");
        QVERIFY(csv.count('\n') > 40);
        QCOMPARE(csv, readAll(b + "/markers.csv"));
        QVERIFY(QFile::exists(a + "/markers.xlsx"));
    }

    void markersUsageErrorExitsTwo() {
        const CliResult r = runCli({"markers", data_, "--label", "cell_type", "--test", "nonsense", "--out",
                                    dir_.filePath("x")});
        QCOMPARE(r.code, 2);
        const CliResult missing = runCli({"markers", dir_.filePath("absent.h5ad"), "--label", "cell_type", "--out",
                                          dir_.filePath("y")});
        QCOMPARE(missing.code, 2);
        QVERIFY2(missing.err.contains("absent.h5ad"), qPrintable(missing.err));
    }

    // Everything else is the engine's: its version report, its help and its exit codes.
    void otherCommandsReachTheEngine() {
        const CliResult v = runCli({"--version"});
        QCOMPARE(v.code, 0);
        QVERIFY2(v.out.startsWith("deepmapper ") && v.out.contains("LibTorch"), qPrintable(v.out));
        const CliResult help = runCli({"--help"});
        QCOMPARE(help.code, 0);
        QVERIFY2(help.out.contains("markers") && help.out.contains("run"), qPrintable(help.out));
        const CliResult bad = runCli({"inspect", dir_.filePath("absent.h5ad")});
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains("absent.h5ad"), qPrintable(bad.err));
        const CliResult inspect = runCli({"inspect", data_});
        QVERIFY2(inspect.code == 0, qPrintable(inspect.err));
        QVERIFY2(inspect.out.contains("90"), qPrintable(inspect.out));
    }

    void missingEngineIsAClearError() {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("DM_ENGINE", dir_.filePath("no-such-engine"));
        const CliResult r = runProgram(deepmapperBinary(), {"--version"}, env);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("no-such-engine"), qPrintable(r.err));
    }
};

QTEST_MAIN(TestCliFront)
#include "test_cli_front.moc"
