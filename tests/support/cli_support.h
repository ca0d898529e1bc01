#pragma once
// Running the built `deepmapper` executable from a CLI test and reading what it wrote.
#include "test_support.h"

#include "data/h5ad_writer.h"
#include "data/synthetic.h"

#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace dm::test {

struct CliResult {
    int code = -1;  // -1 when the process crashed or timed out
    QString out;
    QString err;
};

inline QString deepmapperBinary() { return binDir() + "/app/cli/deepmapper"; }

// A small planted dataset (3 classes, 5 markers and 5 chord genes per class, label column
// "cell_type") written to `path` as .h5ad, for the CLI to read.
inline void writePlantedH5ad(const QString& path, int64_t cells, int64_t genes, uint64_t seed) {
    SyntheticSpec spec;
    spec.cells = cells;
    spec.genes = genes;
    spec.classes = 3;
    spec.markersPerClass = 5;
    spec.chordPerClass = 5;
    spec.seed = seed;
    writeH5ad(generateSynthetic(spec).dataset, path.toStdString());
}

// Runs `program` to the end (killed after `timeoutMs`); code -1 when it crashed or did not finish.
inline CliResult runProgram(const QString& program, const QStringList& args,
                            const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment(),
                            int timeoutMs = 600000) {
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    CliResult r;
    if (!p.waitForStarted() || !p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = "did not finish: " + p.errorString();
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

inline CliResult runCli(const QStringList& args, int timeoutMs = 600000) {
    return runProgram(deepmapperBinary(), args, QProcessEnvironment::systemEnvironment(), timeoutMs);
}

inline QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The file's lines without the trailing empty one.
inline QStringList lines(const QString& path) {
    QStringList l = QString::fromUtf8(readAll(path)).split('\n');
    if (!l.isEmpty() && l.back().isEmpty()) l.pop_back();
    return l;
}

}  // namespace dm::test
