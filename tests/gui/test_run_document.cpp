// The run document: a live run and a reopened run reach the views through the same
// signals (results reset, one passAdded per try, findings), views attach to a document
// (setDocument) and follow it, and an evaluation lives beside the run's results.
#include "common/error.h"
#include "gui_test_helpers.h"
#include "main_window.h"
#include "passes_view.h"
#include "ranking_model.h"
#include "ranking_view.h"
#include "run_config_panel.h"
#include "run_document.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace dm;
using namespace dm::ui;

class TestRunDocument : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { test::isolateSettings(); }

    void liveAndReopenedRunFeedTheSameSignals() {
        MainWindow w;
        w.setInteractive(false);
        QSignalSpy loaded(&w, &MainWindow::datasetLoaded);
        w.loadDemoWith(test::smallDemo());
        QVERIFY(loaded.wait(60000));
        w.configPanel()->setConfig(test::tinyConfig(2, 1));
        RunDocument* live = w.document();
        QSignalSpy liveReset(live, &RunDocument::resultsReset);
        QSignalSpy livePasses(live, &RunDocument::passAdded);
        QSignalSpy liveInput(live, &RunDocument::inputChanged);
        QSignalSpy finished(&w, &MainWindow::runFinished);
        w.startRun();
        QVERIFY(finished.wait(300000));
        QCOMPARE(liveReset.count(), 1);
        QCOMPARE(livePasses.count(), w.findings()->tries);
        QVERIFY(liveInput.last().at(0).value<PreparedInputPtr>());  // the live run's input reached the views
        QVERIFY(live->isModified());

        QTemporaryDir dir;
        const QString path = dir.filePath("run.dmrun");
        live->save(path);
        QVERIFY(!live->isModified());
        QCOMPARE(live->fileName(), path);

        // Views attached before the run is reopened fill from the document's signals alone.
        RunDocument reopened;
        PassesView passesView;
        RankingView rankingView;
        passesView.setDocument(&reopened);
        rankingView.setDocument(&reopened);
        QVERIFY(passesView.showsEmptyState());
        QSignalSpy reset(&reopened, &RunDocument::resultsReset);
        QSignalSpy passes(&reopened, &RunDocument::passAdded);
        QSignalSpy findings(&reopened, &RunDocument::findingsChanged);
        reopened.open(path);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(passes.count(), livePasses.count());
        for (int i = 0; i < passes.count(); ++i) {
            const auto a = passes.at(i).at(0).value<PassSnapshotPtr>(), b = livePasses.at(i).at(0).value<PassSnapshotPtr>();
            QCOMPARE(a->record.accuracy, b->record.accuracy);
            QCOMPARE(a->accepted, b->accepted);
            QCOMPARE(a->tries, b->tries);
        }
        const auto shown = findings.last().at(0).value<FindingsPtr>();
        QVERIFY(shown);
        const auto before = live->findings()->ranking(10), after = shown->ranking(10);
        for (size_t i = 0; i < before.size(); ++i) QCOMPARE(after[i].name, before[i].name);
        QCOMPARE(passesView.pointCount(), livePasses.count());
        QVERIFY(!passesView.showsEmptyState());
        QCOMPARE(rankingView.model()->rowCount(), 400);
        QVERIFY(!reopened.isModified());
        QVERIFY(!reopened.input());  // a reopened run has no input at hand
        QVERIFY(reopened.displayName().contains("synthetic demo"));
    }

    void badRunFileLeavesTheDocumentAsItWas() {
        RunDocument doc;
        QSignalSpy reset(&doc, &RunDocument::resultsReset);
        QVERIFY_THROWS_EXCEPTION(std::exception, doc.open("/no/such/run.dmrun"));
        QCOMPARE(reset.count(), 0);
        QVERIFY(!doc.findings());
        QVERIFY_THROWS_EXCEPTION(dm::Error, doc.save(QDir::temp().filePath("never.dmrun")));  // nothing to save
        QVERIFY_THROWS_EXCEPTION(dm::Error, doc.exportRanking(QDir::temp().filePath("never.csv")));
    }

    void passesTabShowsAnEmptyStateUntilARun() {
        PassesView view;
        QVERIFY(view.showsEmptyState());  // not an empty training-curve axis
        RunDocument doc;
        view.setDocument(&doc);
        doc.setDataset(std::make_shared<const Dataset>(generateSynthetic(test::smallDemo()).dataset), "synthetic demo", {});
        doc.beginRun(test::tinyConfig(3, 2));
        QVERIFY(!view.showsEmptyState());
    }
};

QTEST_MAIN(TestRunDocument)
#include "test_run_document.moc"
