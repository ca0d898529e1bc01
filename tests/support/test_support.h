#pragma once
// Helpers shared by the Qt Test executables.
#include "common/build_info.h"

#include <QDir>
#include <QProcess>
#include <QString>
#include <QTest>

#include <cstdlib>
#include <string>

namespace dm::test {

// The shared reference folder: $DM_SHARED_DIR, else ../shared beside the checkout.
inline QString sharedDir() {
    const char* env = std::getenv("DM_SHARED_DIR");
    return QDir::cleanPath(QString::fromLocal8Bit(env && *env ? env : DM_SHARED_DIR_DEFAULT));
}

inline std::string sharedPath(const QString& relative) {
    return QDir(sharedDir()).filePath(relative).toStdString();
}

// The build folder, where the test can find the deepmapper executable.
inline QString binDir() {
    const char* env = std::getenv("DM_TEST_BIN_DIR");
    return QString::fromLocal8Bit(env ? env : ".");
}

// A python3 that can import anndata, or empty: the first python3 on PATH may be a
// virtualenv without it, while Debian's python3-anndata lives under /usr/bin.
inline QString pythonWithAnndata() {
    for (const QString& exe : {QStringLiteral("python3"), QStringLiteral("/usr/bin/python3")}) {
        QProcess p;
        p.start(exe, {"-c", "import anndata"});
        if (p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0) return exe;
    }
    return {};
}

}  // namespace dm::test

// Golden tests need ../shared; without it (a clone on its own) they skip, saying why.
#define DM_REQUIRE_SHARED()                                                                       \
    do {                                                                                          \
        if (!QDir(dm::test::sharedDir()).exists("golden"))                                        \
            QSKIP(qPrintable("shared folder not found at " + dm::test::sharedDir() +            \
                             "; set DM_SHARED_DIR to run the golden tests"));                    \
    } while (0)
