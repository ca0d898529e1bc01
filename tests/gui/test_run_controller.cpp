// RunController: the engine runs on a worker thread, its callbacks arrive as signals on
// the GUI thread, the GUI event loop keeps turning, and Stop keeps a partial result.
#include "gui_test_helpers.h"
#include "prepare_input.h"
#include "run_controller.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QTimer>

using namespace dm;
using namespace dm::ui;

class TestRunController : public QObject {
    Q_OBJECT
    DatasetPtr data_;
    DataChoice choice_;

    RunController::PrepareFn prepare() const {
        return [d = data_, c = choice_] { return prepareInput(d, c); };
    }

private slots:
    void initTestCase() {
        data_ = std::make_shared<const Dataset>(generateSynthetic(test::smallDemo()).dataset);
        choice_.labelColumn = kSyntheticLabelColumn;
    }

    void runsOnWorkerAndSignalsOnGuiThread() {
        RunController rc;
        QSignalSpy passes(&rc, &RunController::passFinished);
        QSignalSpy epochs(&rc, &RunController::epochFinished);
        QSignalSpy done(&rc, &RunController::runFinished);
        QSignalSpy ended(&rc, &RunController::finished);
        QThread* signalThread = nullptr;
        connect(&rc, &RunController::passFinished, this, [&] { signalThread = QThread::currentThread(); });
        int ticks = 0;
        QTimer timer;
        connect(&timer, &QTimer::timeout, this, [&] { ++ticks; });
        timer.start(10);
        QVERIFY(rc.start(prepare(), test::tinyConfig(2, 3)));
        QVERIFY(rc.running());
        QVERIFY(!rc.start(prepare(), test::tinyConfig()));  // one run at a time
        QVERIFY(ended.wait(300000));
        QCOMPARE(done.count(), 1);
        QVERIFY(passes.count() >= 2);
        QVERIFY(epochs.count() >= 2);
        QCOMPARE(signalThread, QThread::currentThread());
        QVERIFY2(ticks > 5, qPrintable(QString("GUI timer fired only %1 times during the run").arg(ticks)));
        const auto findings = done.at(0).at(0).value<FindingsPtr>();
        QCOMPARE(findings->accepted, 2);
        QVERIFY(!findings->partial);
        const auto pass = passes.at(0).at(0).value<PassSnapshotPtr>();
        QCOMPARE(int64_t(pass->permutation.size()), data_->genes());
        QCOMPARE(int64_t(pass->pixelMap.size()), pass->side * pass->side);
        QVERIFY(!rc.running());
    }

    void stopKeepsPartialResult() {
        RunController rc;
        QSignalSpy done(&rc, &RunController::runFinished);
        QSignalSpy ended(&rc, &RunController::finished);
        connect(&rc, &RunController::passFinished, &rc, &RunController::stop);  // stop after the first pass
        QVERIFY(rc.start(prepare(), test::tinyConfig(50, 2)));
        QVERIFY(ended.wait(300000));
        QCOMPARE(done.count(), 1);
        const auto findings = done.at(0).at(0).value<FindingsPtr>();
        QVERIFY(findings->partial);
        QVERIFY(findings->tries >= 1);
        QVERIFY(findings->tries < 50);
    }

    void badInputFailsWithMessage() {
        RunController rc;
        QSignalSpy failed(&rc, &RunController::failed);
        QSignalSpy ended(&rc, &RunController::finished);
        DataChoice bad = choice_;
        bad.labelColumn = "no_such_column";
        QVERIFY(rc.start([d = data_, bad] { return prepareInput(d, bad); }, test::tinyConfig()));
        QVERIFY(ended.wait(60000));
        QCOMPARE(failed.count(), 1);
        QVERIFY(failed.at(0).at(0).toString().contains("no_such_column"));
    }

    void destroyingMidRunCancelsAndJoins() {
        auto rc = std::make_unique<RunController>();
        QSignalSpy epochs(rc.get(), &RunController::epochFinished);
        QVERIFY(rc->start(prepare(), test::tinyConfig(50, 50)));
        QVERIFY(epochs.wait(120000));
        rc.reset();  // must not hang or crash
    }
};

QTEST_MAIN(TestRunController)
#include "test_run_controller.moc"
