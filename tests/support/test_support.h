#pragma once
// Helpers shared by the Qt Test executables.
#include "common/build_info.h"

#include <QDir>
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

}  // namespace dm::test

// Golden tests need ../shared; without it (a clone on its own) they skip, saying why.
#define DM_REQUIRE_SHARED()                                                                       \
    do {                                                                                          \
        if (!QDir(dm::test::sharedDir()).exists("golden"))                                        \
            QSKIP(qPrintable("shared folder not found at " + dm::test::sharedDir() +            \
                             "; set DM_SHARED_DIR to run the golden tests"));                    \
    } while (0)
