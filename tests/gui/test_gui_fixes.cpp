// Issue 18's GUI bugs, each pinned: Stop before the first pass finishes says so (not "no
// pass reached the accuracy gate"); the time estimate of an Evaluate is its own, not the
// last run's; quitting during a load stops the reader instead of waiting for it; the
// "torchscript:<file>" backbone asks for the model file.
#include "common/error.h"
#include "common/interrupt.h"
#include "dataset_loader.h"
#include "gui_test_helpers.h"
#include "main_window.h"
#include "run_config_panel.h"
#include "run_controller.h"

#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <chrono>
#include <thread>

using namespace dm;
using namespace dm::ui;

class TestGuiFixes : public QObject {
    Q_OBJECT

    static bool loadSmallDemo(MainWindow& w, const RunConfig& config) {
        w.setInteractive(false);
        QSignalSpy loaded(&w, &MainWindow::datasetLoaded);
        w.loadDemoWith(test::smallDemo());
        if (!loaded.wait(60000)) return false;
        w.configPanel()->setConfig(config);
        return true;
    }

    static RunConfig longPasses(int passes) {
        RunConfig c = test::tinyConfig(passes, 200);
        c.earlyStop.enabled = false;  // every pass trains all its epochs
        return c;
    }

private slots:
    void initTestCase() { test::isolateSettings(); }

    void stopBeforeTheFirstPassSaysSo() {
        MainWindow w;
        QVERIFY(loadSmallDemo(w, longPasses(2)));
        QSignalSpy errors(&w, &MainWindow::errorShown);
        QSignalSpy finished(&w, &MainWindow::runFinished);
        connect(w.runController(), &RunController::epochFinished, &w, &MainWindow::stopRun);  // in the first pass
        w.startRun();
        QVERIFY(finished.wait(300000));
        QCOMPARE(w.findings()->tries, 0);
        for (const QList<QVariant>& e : errors)
            QVERIFY2(!e.at(0).toString().contains("accuracy gate"), qPrintable(e.at(0).toString()));
        const QString status = w.statusBar()->currentMessage();
        QVERIFY2(status.contains("stopped before any pass finished", Qt::CaseInsensitive), qPrintable(status));
    }

    void evaluateEstimatesFromItsOwnArrangements() {
        MainWindow w;
        QVERIFY(loadSmallDemo(w, test::tinyConfig(2, 1)));
        QSignalSpy finished(&w, &MainWindow::runFinished);
        w.startRun();
        QVERIFY(finished.wait(300000));
        QVERIFY(w.findings()->accepted > 0);  // a previous run with numbers to (wrongly) reuse

        w.configPanel()->setConfig(longPasses(2));
        auto* time = w.findChild<QLabel*>("statusTime");
        QString duringFirstArrangement;
        connect(w.runController(), &RunController::epochFinished, this, [&] {
            if (w.runController()->evaluating() && duringFirstArrangement.isEmpty()) {
                duringFirstArrangement = time->text();
                w.stopRun();  // one epoch is enough to see the estimate
            }
        });
        QSignalSpy evaluated(&w, &MainWindow::evaluationFinished);
        w.findChild<QAction*>("actionEvaluate")->trigger();
        QVERIFY(evaluated.wait(300000));
        QVERIFY(duringFirstArrangement.startsWith("elapsed"));
        // No arrangement of the evaluation has finished: nothing to estimate from yet.
        QVERIFY2(!duringFirstArrangement.contains("left"), qPrintable(duringFirstArrangement));
    }

    void quitDuringALoadStopsTheReader() {
        std::atomic<bool> reading{false}, stoppedEarly{false}, returned{false};
        {
            MainWindow w;
            w.setInteractive(false);
            w.show();
            // A reader of a very large file: ten minutes of blocks, checking between them
            // as the real readers do.
            w.loader()->load("a large file", "/data/large.h5ad", [&]() -> Dataset {
                struct Returned {
                    std::atomic<bool>& flag;
                    ~Returned() { flag = true; }
                } guard{returned};
                reading = true;
                try {
                    for (int block = 0; block < 600000; ++block) {
                        interruptionPoint();
                        std::this_thread::sleep_for(std::chrono::milliseconds(1));
                    }
                } catch (const Cancelled&) {
                    stoppedEarly = true;
                    throw;
                }
                return Dataset{};
            });
            QTRY_VERIFY_WITH_TIMEOUT(reading, 30000);
            QVERIFY(w.close());
            QVERIFY(returned);      // joined when the window closed ...
            QVERIFY(stoppedEarly);  // ... because the reader stopped at its next block
        }
    }

    void torchScriptBackboneAsksForTheModelFile() {
        test::isolateSettings();
        RunConfigPanel panel;
        auto* backbone = panel.findChild<QComboBox*>("backboneCombo");
        const int placeholder = backbone->findData("torchscript:<file>");
        QVERIFY(placeholder >= 0);
        QTemporaryDir dir;
        const QString model = dir.filePath("model.pt");
        QFile f(model);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not really a model");
        f.close();

        auto choose = [&](const QString& file) {
            test::whenDialogShows<QFileDialog>([file](QFileDialog* d) {
                if (file.isEmpty()) return QMetaObject::invokeMethod(d, "reject"), void();
                d->findChild<QLineEdit*>("fileNameEdit")->setText(file);
                QMetaObject::invokeMethod(d, "accept");
            });
            backbone->setCurrentIndex(placeholder);
            emit backbone->activated(placeholder);  // as a user's pick
        };
        choose(model);
        QCOMPARE(QString::fromStdString(panel.config().backbone.kind), "torchscript:" + model);
        QVERIFY2(backbone->currentText().contains("model.pt"), qPrintable(backbone->currentText()));

        // Cancelled: the backbone chosen before stays, never the literal placeholder.
        const int small = backbone->findData("cnn_small");
        backbone->setCurrentIndex(small);
        emit backbone->activated(small);
        choose({});
        QCOMPARE(panel.config().backbone.kind, std::string("cnn_small"));
    }
};

QTEST_MAIN(TestGuiFixes)
#include "test_gui_fixes.moc"
