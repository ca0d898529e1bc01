#pragma once
// Running the built `deepmapper` executable from a CLI test and reading what it wrote.
#include "test_support.h"

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

inline CliResult runCli(const QStringList& args, int timeoutMs = 600000) {
    QProcess p;
    p.start(deepmapperBinary(), args);
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
