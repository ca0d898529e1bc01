// The real window end to end on the offscreen platform: load the demo, pick the label,
// run two tiny passes, see the table and plots fill, export CSV and PNG, save and
// reopen the run, stop a run midway and keep the partial result.
#include "attribution_view.h"
#include "confusion_view.h"
#include "dataset_panel.h"
#include "gui_test_helpers.h"
#include "main_window.h"
#include "passes_view.h"
#include "ranking_model.h"
#include "ranking_view.h"
#include "run_config_panel.h"
#include "run_controller.h"

#include <QAction>
#include <QApplication>
#include <QDropEvent>
#include <QMimeData>
#include <QUrl>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <qcustomplot.h>

using namespace dm;
using namespace dm::ui;

class TestGuiRun : public QObject {
    Q_OBJECT

    // Loads the small demo into `w` and sets a tiny configuration.
    static bool loadSmallDemo(MainWindow& w, const RunConfig& config) {
        w.setInteractive(false);
        QSignalSpy loaded(&w, &MainWindow::datasetLoaded);
        w.loadDemoWith(test::smallDemo());
        if (!loaded.wait(60000)) return false;
        w.configPanel()->setConfig(config);
        return w.datasetPanel()->labelColumn() == kSyntheticLabelColumn;
    }

private slots:
    void initTestCase() { test::isolateSettings(); }

    void runFillsViewsAndExports() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(loadSmallDemo(w, test::tinyConfig(2, 2)));
        auto* start = w.findChild<QAction*>("actionStart");
        QVERIFY(start->isEnabled());
        QCOMPARE(start->shortcut(), QKeySequence(Qt::Key_F5));

        int ticks = 0;  // the GUI thread keeps serving events while the worker trains
        QTimer timer;
        connect(&timer, &QTimer::timeout, this, [&] { ++ticks; });
        timer.start(5);
        QSignalSpy finished(&w, &MainWindow::runFinished);
        QTest::keyClick(&w, Qt::Key_F5);
        QVERIFY(w.runController()->running());
        QVERIFY(!w.configPanel()->isEnabled());  // configuration is locked during a run
        QVERIFY(finished.wait(300000));
        QVERIFY(ticks > 3);

        QVERIFY(w.findings());
        QCOMPARE(w.findings()->accepted, 2);
        QVERIFY(w.hasUnsavedResults());
        QVERIFY(w.windowTitle().contains("[*]"));
        QVERIFY(w.isWindowModified());
        QCOMPARE(w.rankingView()->model()->rowCount(), 400);
        QVERIFY(w.passesView()->pointCount() >= 2);
        QVERIFY(w.attributionView()->hasImage());
        QVERIFY(!w.attributionView()->describePixel(0, 0).isEmpty());
        QVERIFY(w.rankingView()->barPlot()->plottableCount() > 0);

        // Filtering and selecting a gene: the box plot shows its expression per class.
        auto* table = w.rankingView()->table();
        const QString topGene = table->model()->index(0, RankingModel::Gene).data().toString();
        w.rankingView()->filter()->setText(topGene);
        QVERIFY(table->model()->rowCount() >= 1);
        table->selectRow(0);
        QCOMPARE(w.rankingView()->boxPlot()->plottableCount(), 1);
        QVERIFY(w.rankingView()->selectedRowsText().contains(topGene));
        QVERIFY(w.rankingView()->selectedRowsText().contains("\tSelection frequency\t"));  // one-line header when copied
        w.rankingView()->filter()->clear();

        // Linear baseline off the GUI thread: a new column, and in the exports.
        QSignalSpy baseline(&w, &MainWindow::baselineFinished);
        w.findChild<QAction*>("actionBaseline")->trigger();
        QVERIFY(baseline.wait(120000));
        QVERIFY(w.rankingView()->model()->hasLinearImportance());
        QVERIFY(!table->isColumnHidden(RankingModel::Linear));

        QTemporaryDir dir;
        const QString csv = dir.filePath("ranking.csv");
        QVERIFY(w.exportRankingTo(csv));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().split('\n');
        QVERIFY(lines.first().startsWith("rank,gene"));
        QVERIFY(lines.first().contains("linear_importance"));
        QVERIFY(lines.size() >= 401);
        QVERIFY(lines.at(1).contains(topGene.toUtf8()));

        QVERIFY(w.exportFiguresTo(dir.filePath("figs"), "png", 150));
        QImage png(dir.filePath("figs/passes.png"));
        QVERIFY(!png.isNull());
        QVERIFY(png.width() > w.passesView()->accuracyPlot()->width());  // 150 dpi > screen
        QVERIFY(w.exportFiguresTo(dir.filePath("figs"), "svg", 150));
        QVERIFY(QFile(dir.filePath("figs/attribution_map.svg")).size() > 1000);
        QVERIFY(w.exportFiguresTo(dir.filePath("figs"), "pdf", 150));
        QVERIFY(QFile(dir.filePath("figs/top_genes.pdf")).size() > 1000);

        const QString run = dir.filePath("run.json");
        QVERIFY(w.saveRunTo(run));
        QVERIFY(!w.hasUnsavedResults());
        const auto before = w.findings()->ranking(10);

        MainWindow reopened;
        reopened.setInteractive(false);
        QVERIFY(reopened.openRunFrom(run));
        QVERIFY(reopened.findings());
        const auto after = reopened.findings()->ranking(10);
        QCOMPARE(after.size(), before.size());
        for (size_t i = 0; i < before.size(); ++i) QCOMPARE(after[i].name, before[i].name);
        QCOMPARE(reopened.rankingView()->model()->rowCount(), 400);
        QVERIFY(reopened.passesView()->pointCount() >= 2);
        reopened.attributionView()->showPass(0);  // map rebuilt from the saved importances
        QVERIFY(reopened.attributionView()->hasImage());

        QVERIFY(w.exportReportTo(dir.filePath("report")));
        for (const char* name : {"ranking.csv", "ranking.tsv", "top_genes.txt", "run.json", "figures/passes.png"})
            QVERIFY2(QFile::exists(dir.filePath(QString("report/") + name)), name);
        QVERIFY(w.close());
    }

    void stopKeepsPartialResult() {
        MainWindow w;
        w.show();
        QVERIFY(loadSmallDemo(w, test::tinyConfig(40, 3)));
        QSignalSpy finished(&w, &MainWindow::runFinished);
        QSignalSpy passes(w.runController(), &RunController::passFinished);
        w.startRun();
        QVERIFY(passes.wait(300000));
        // A file dropped mid-run is refused with an explanation; the run goes on.
        QSignalSpy errors(&w, &MainWindow::errorShown);
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile("/tmp/another.h5ad")});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &enter);
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &drop);
        QVERIFY(errors.wait(10000));
        QVERIFY(errors.last().at(0).toString().contains("run is in progress"));
        QVERIFY(w.runController()->running());
        QTest::keyClick(&w, Qt::Key_Escape);  // Esc = Stop
        QVERIFY(finished.wait(300000));
        QVERIFY(w.findings()->partial);
        QVERIFY(w.findings()->tries < 40);
        QVERIFY(w.windowTitle().contains("partial"));
        QVERIFY(w.close());
    }

    void errorsAreShownNotThrown() {
        MainWindow w;
        w.setInteractive(false);
        QSignalSpy errors(&w, &MainWindow::errorShown);
        w.openPath("/no/such/file.h5ad");
        QVERIFY(errors.wait(30000));
        QVERIFY(errors.at(0).at(0).toString().contains("/no/such/file.h5ad"));
        QVERIFY(!w.openRunFrom("/no/such/run.json"));
        QCOMPARE(errors.count(), 2);
        w.startRun();  // no dataset: explained, nothing runs
        QCOMPARE(errors.count(), 3);
        // A dropped file goes through the same loader (and the same error path).
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile("/no/such/dropped.h5ad")});
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &drop);
        QVERIFY(errors.wait(30000));
        QVERIFY(errors.last().at(0).toString().contains("dropped.h5ad"));
        QVERIFY(!w.runController()->running());
    }

    void evaluateFillsConfusionMatrix() {
        MainWindow w;
        w.show();
        QVERIFY(loadSmallDemo(w, test::tinyConfig(2, 2)));
        QVERIFY(!w.confusionView()->hasData());
        auto* evaluate = w.findChild<QAction*>("actionEvaluate");
        QVERIFY(evaluate->isEnabled());
        QSignalSpy done(&w, &MainWindow::evaluationFinished);
        QSignalSpy runs(&w, &MainWindow::runFinished);
        evaluate->trigger();
        QVERIFY(w.runController()->evaluating());
        QVERIFY(done.wait(300000));
        QVERIFY(w.confusionView()->hasData());
        QCOMPARE(w.confusionView()->metricsTable()->rowCount(), 3);
        QCOMPARE(w.tabs()->currentWidget(), static_cast<QWidget*>(w.confusionView()));
        QCOMPARE(runs.count(), 0);    // an evaluation is not a run: no ranking, nothing unsaved
        QVERIFY(!w.findings());
        QVERIFY(w.close());
    }

    void confusionShowsReportOrPlaceholder() {
        ConfusionView view;
        QVERIFY(!view.hasData());
        const ClassificationReport r = classificationReport({0, 0, 1, 1, 2, 2}, {0, 1, 1, 1, 2, 0}, 3, {"A", "B", "C"});
        view.setReport(r);
        QVERIFY(view.hasData());
        QCOMPARE(view.metricsTable()->rowCount(), 3);
        QCOMPARE(view.metricsTable()->item(1, 0)->text(), QString("B"));
        QCOMPARE(view.metricsTable()->item(1, 2)->text(), QString("1.000"));  // recall of B
        QVERIFY(view.plot()->itemCount() == 9);  // one label per cell
    }

    void attributionMethodsFollowBackbone() {
        RunConfigPanel panel;
        auto* backbone = panel.findChild<QComboBox*>("backboneCombo");
        auto* method = panel.findChild<QComboBox*>("methodCombo");
        QVERIFY(backbone->count() >= 5);
        backbone->setCurrentIndex(backbone->findData("vit_cct"));
        QVERIFY(method->findText("attention_rollout") >= 0);
        // The presets: seed gives the seed document's configuration, default the bench's choice.
        auto* preset = panel.findChild<QComboBox*>("presetCombo");
        QVERIFY(preset);
        preset->setCurrentIndex(preset->findData("seed"));
        emit preset->activated(preset->currentIndex());
        QCOMPARE(panel.config().backbone.kind, std::string("cnn_small"));
        QCOMPARE(panel.config().gate.kind, std::string("floor"));
        QCOMPARE(panel.config().earlyStop.minEpochs, 40);
        preset->setCurrentIndex(preset->findData("default"));
        emit preset->activated(preset->currentIndex());
        QCOMPARE(panel.config().backbone.kind, std::string("mlp"));
        QCOMPARE(panel.config().inputScaling, std::string("rank"));
        backbone->setCurrentIndex(backbone->findData("mlp"));
        QCOMPARE(method->findText("attention_rollout"), -1);
        const QString info = panel.findChild<QLabel*>("backboneDescription")->text();
        QVERIFY2(info.contains("Recommended") && !info.contains("DEFAULT."), qPrintable(info));  // plain words first
        RunConfig c;
        c.passes = 7;
        c.attribution.method = "saliency";
        c.earlyStop.minEpochs = 3;
        c.lr = 0.003;
        panel.setConfig(c);
        QCOMPARE(panel.findChild<QDoubleSpinBox*>("lrSpin")->text(), QString("0.003"));  // not 0.003000
        const RunConfig back = panel.config();
        QCOMPARE(back.passes, 7);
        QCOMPARE(back.attribution.method, std::string("saliency"));
        QCOMPARE(back.earlyStop.minEpochs, 3);
        QVERIFY(panel.problem().isEmpty());
    }
};

QTEST_MAIN(TestGuiRun)
#include "test_gui_run.moc"
