// Damaged HDF5 inputs through the deepmapper executable: the file is parsed by
// deepmapper-reader, so when libhdf5 crashes or hangs on it the CLI still exits 2 with a
// message naming the file, the object being read and the fix. A stand-in reader makes the
// crash and the hang certain; the real damaged files in tests/data/damaged (found by
// bench/mutate_inputs.py: they crashed or hung libhdf5 1.10.8) must give a clean exit 2.
#include "cli_support.h"

#include <QDir>
#include <QFile>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

using namespace dm::test;

namespace {

CliResult runWithEnv(const QStringList& args, const QProcessEnvironment& env) {
    return runProgram(deepmapperBinary(), args, env, 120000);
}

QString script(const QTemporaryDir& dir, const QString& name, const QString& body) {
    const QString path = dir.filePath(name);
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(("#!/bin/sh\necho 'reading /obs/cell_type/categories' >&4\n" + body + "\n").toUtf8());
    f.close();
    f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return path;
}

}  // namespace

class TestCliDamaged : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString data_;

private slots:
    void initTestCase() {
        data_ = dir_.filePath("cells.h5ad");
        writePlantedH5ad(data_, 60, 30, 1);
    }

    void crashingReaderExitsTwo() {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("DM_READER", script(dir_, "crash.sh", "kill -SEGV $$"));
        for (const QStringList& args : {QStringList{"inspect", data_},
                                        QStringList{"run", data_, "--label", "cell_type", "--out", dir_.filePath("o")}}) {
            const CliResult r = runWithEnv(args, env);
            QCOMPARE(r.code, 2);
            QVERIFY2(r.err.contains("cells.h5ad") && r.err.contains("/obs/cell_type/categories") &&
                         r.err.contains("looks damaged") && r.err.contains("segmentation fault") &&
                         r.err.contains("Re-export"),
                     qPrintable(r.err));
        }
        QVERIFY(!QDir(dir_.filePath("o")).exists());  // nothing half-written
    }

    void hangingReaderExitsTwo() {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("DM_READER", script(dir_, "hang.sh", "exec sleep 600"));
        env.insert("DM_READER_STALL_SECONDS", "1");
        const CliResult r = runWithEnv({"inspect", data_}, env);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("hung") && r.err.contains("/obs/cell_type/categories"), qPrintable(r.err));
    }

    void realDamagedFilesGiveACleanError() {
        const QDir damaged(QString(DM_TESTS_DIR) + "/data/damaged");
        const QStringList files = damaged.entryList(QDir::Files);
        QVERIFY(!files.isEmpty());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("DM_READER_STALL_SECONDS", "10");
        for (const QString& f : files) {
            const CliResult r = runWithEnv({"inspect", damaged.filePath(f)}, env);
            QVERIFY2(r.code == 2, qPrintable(f + ": exit " + QString::number(r.code) + " " + r.err));
            QVERIFY2(r.err.contains(f) && !r.err.contains("not found"), qPrintable(r.err));
        }
    }
};

QTEST_GUILESS_MAIN(TestCliDamaged)
#include "test_cli_damaged.moc"
