#pragma once
// Shared by the GUI tests: isolated settings, a tiny run configuration, a small demo.
#include "data/synthetic.h"
#include "engine/run_config.h"

#include <QApplication>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <memory>

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

// Handles the next modal dialog of type T without blocking the test: polls every 20 ms
// for it to become the active modal widget (QMessageBox/QFileDialog run a nested event
// loop), then calls `handle`, which must close it (accept, reject, click a button).
// Gives up after `timeoutMs`, so a dialog that never comes cannot hang the test.
template <class T>
void whenDialogShows(std::function<void(T*)> handle, int timeoutMs = 60000) {
    auto* poll = new QTimer(qApp);
    auto waited = std::make_shared<int>(0);
    QObject::connect(poll, &QTimer::timeout, poll, [poll, waited, handle, timeoutMs] {
        if (auto* dialog = qobject_cast<T*>(QApplication::activeModalWidget())) {
            poll->stop();
            poll->deleteLater();
            handle(dialog);
        } else if ((*waited += 20) > timeoutMs) {
            poll->stop();
            poll->deleteLater();
        }
    });
    poll->start(20);
}

}  // namespace dm::test
