#pragma once
// Shared by the GUI tests: isolated settings, a tiny run configuration, a small demo.
#include "data/synthetic.h"
#include "engine/run_config.h"

#include <QCoreApplication>
#include <QSettings>
#include <QStandardPaths>

namespace dm::test {

// Settings in a test-only location, emptied, so runs never see the user's state.
inline void isolateSettings() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName("DeepMapperTests");
    QCoreApplication::setApplicationName(QCoreApplication::applicationName() + "-test");
    QSettings().clear();
}

inline RunConfig tinyConfig(int passes = 2, int epochs = 2) {
    RunConfig c;
    c.passes = passes;
    c.epochs = epochs;
    c.batchSize = 64;
    c.earlyStop.minEpochs = 0;
    c.earlyStop.patience = 2;
    c.attribution.samples = 8;
    c.attribution.igSteps = 4;
    c.attribution.internalBatch = 4;
    c.threads = 1;
    return c;
}

inline SyntheticSpec smallDemo() {
    SyntheticSpec s;
    s.cells = 300;
    s.genes = 400;
    return s;
}

}  // namespace dm::test
