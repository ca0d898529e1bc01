// The Markers tab and the Ranked features class selector, driven as a user would: a tiny
// run on planted data, then the class selector, the dot plot, heatmap and overlap views,
// the chord test button and the figure export.
#include "analysis/chord_test.h"
#include "background_job.h"
#include "data/synthetic.h"
#include "engine/method_comparison.h"
#include "engine/runner.h"
#include "figure_common.h"
#include "gui_test_helpers.h"
#include "markers_view.h"
#include "prepare_input.h"
#include "ranking_model.h"
#include "ranking_view.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <qcustomplot.h>

using namespace dm;
using namespace dm::ui;

namespace {

int itemsNamed(QCustomPlot* plot, const QString& name) {
    int n = 0;
    for (int i = 0; i < plot->itemCount(); ++i) n += plot->item(i)->objectName() == name ? 1 : 0;
    return n;
}

}  // namespace

class TestMarkersView : public QObject {
    Q_OBJECT
    PreparedInputPtr input_;
    FindingsPtr findings_;

private slots:
    void initTestCase() {
        test::isolateSettings();
        registerMetaTypes();
        SyntheticSpec spec = test::smallDemo();
        spec.genes = 120;
        auto data = std::make_shared<const Dataset>(generateSynthetic(spec).dataset);
        DataChoice choice;
        choice.labelColumn = kSyntheticLabelColumn;
        input_ = prepareInput(data, choice);
        RunConfig config = test::tinyConfig(2, 3);
        config.minAccuracy = 0;
        config.attribution.samples = 30;
        config.topK = 10;
        findings_ = std::make_shared<const Findings>(runDeepMapper(input_->input, config));
        QVERIFY(findings_->hasClassFindings());
    }

    void markersTabShowsEveryView() {
        MarkersView view;
        view.resize(1100, 700);
        view.show();
        QSignalSpy ready(&view, &MarkersView::standardMethodsChanged);
        view.setRunConfig(test::tinyConfig());
        view.setFindings(findings_);
        view.setInput(input_);
        QTRY_VERIFY_WITH_TIMEOUT(view.standardMethodsReady(), 60000);
        QVERIFY(view.standardMethods()->notes.empty());

        // The class selector: pooled first, then every class.
        QComboBox* cls = view.classSelector();
        QCOMPARE(cls->count(), int(input_->classes.size()) + 1);
        QCOMPARE(cls->itemData(0).toInt(), -1);

        // Dot plot: one dot per class and panel gene that some cell expresses.
        const MarkerPanel panel = classMarkerPanel(*findings_, 3);
        QCOMPARE(panel.genes.size(), size_t(3 * input_->classes.size()));
        const int dots = itemsNamed(view.dotPlot(), "dot");
        QVERIFY2(dots >= int(panel.genes.size()) && dots <= int(panel.genes.size() * input_->classes.size()),
                 qPrintable(QString::number(dots)));
        view.findChild<QSpinBox*>("markersPerClass")->setValue(2);  // a user asks for fewer genes
        QVERIFY(itemsNamed(view.dotPlot(), "dot") < dots);
        QVERIFY(plotTitle(view.heatmapPlot()).contains("z-score"));

        // Overlap for the second class: title names it, the summary lists DeepMapper-only genes.
        view.tabs()->setCurrentIndex(2);
        QSignalSpy classChanged(&view, &MarkersView::classChanged);
        cls->setCurrentIndex(2);
        QCOMPARE(classChanged.count(), 1);
        QCOMPARE(view.currentClass(), 1);
        const QString name = QString::fromStdString(input_->classes[1]);
        QVERIFY2(plotTitle(view.overlapPlot()).startsWith(name), qPrintable(plotTitle(view.overlapPlot())));
        QVERIFY(view.overlapSummary()->text().contains("Found only by DeepMapper"));
        const auto overlaps = view.overlaps();
        QCOMPARE(overlaps.size(), input_->classes.size());
        QCOMPARE(int(overlaps[1].wilcoxon.size()), 10);  // K = the run's top_k
        QCOMPARE(int(overlaps[1].linear.size()), 10);
        QCOMPARE(itemsNamed(view.overlapPlot(), "member0"), 10);  // DeepMapper's 10 genes
        QCOMPARE(itemsNamed(view.overlapPlot(), "onlyDeepMapper"), int(overlaps[1].onlyDeepMapper.size()));

        // The chord test, without DeepMapper's training so it stays quick.
        view.tabs()->setCurrentIndex(3);
        view.chordDeepMapper()->setChecked(false);
        view.chordK()->setValue(5);
        view.chordSeeds()->setValue(2);
        QSignalSpy chordDone(&view, &MarkersView::chordFinished);
        QTest::mouseClick(view.chordButton(), Qt::LeftButton);
        QVERIFY(chordDone.wait(60000));
        QCOMPARE(chordDone.front().front().toBool(), true);
        QVERIFY(view.hasChordResult());
        QVERIFY(view.chordPlot()->plottableCount() > 0);
        QVERIFY2(view.chordStatus()->text().contains("wilcoxon", Qt::CaseInsensitive), qPrintable(view.chordStatus()->text()));
        QCOMPARE(view.figures().size(), 4);

        // Export the chord plot as SVG through the dialog, as a user would.
        QTemporaryDir dir;
        test::whenDialogShows<QFileDialog>([&](QFileDialog* d) {
            d->findChild<QLineEdit*>("fileNameEdit")->setText(dir.filePath("chord.svg"));
            QMetaObject::invokeMethod(d, "accept");
        });
        QTest::mouseClick(view.findChild<QPushButton*>("markersExport"), Qt::LeftButton);
        QFile svg(dir.filePath("chord.svg"));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        QVERIFY(svg.readAll().contains("<svg"));
    }

    // The chord test with DeepMapper's training is the view's longest job: quitting stops it
    // (the window's cancelAndJoinAll reaches it as a BackgroundJob), and it says so.
    void quitStopsTheChordTest() {
        MarkersView view;
        view.show();
        RunConfig slow = test::tinyConfig();
        slow.epochs = 200;  // long enough that only a stop ends it in time
        slow.earlyStop.enabled = false;
        view.setRunConfig(slow);
        view.setFindings(findings_);
        view.setInput(input_);
        view.setCurrentClass(0);
        view.chordDeepMapper()->setChecked(true);
        QSignalSpy chordDone(&view, &MarkersView::chordFinished);
        QTest::mouseClick(view.chordButton(), Qt::LeftButton);
        QVERIFY(view.findChildren<dm::ui::BackgroundJob*>().size() >= 1);
        QTest::qWait(300);  // training under way
        dm::ui::BackgroundJob::cancelAndJoinAll(&view);
        QVERIFY(chordDone.wait(10000));
        QCOMPARE(chordDone.front().front().toBool(), false);
        QVERIFY2(view.chordStatus()->text().contains("stopped"), qPrintable(view.chordStatus()->text()));
        QVERIFY(view.chordButton()->isEnabled());
    }

    void chordTestNeedsOneClass() {
        MarkersView view;
        view.setFindings(findings_);
        view.setInput(input_);
        QTest::mouseClick(view.chordButton(), Qt::LeftButton);  // pooled selected
        QVERIFY(view.chordStatus()->text().contains("Choose one class"));
        QVERIFY(!view.chordRunning());
    }

    void rankingTableShowsOneClassWithDifferentialColumns() {
        RankingView view;
        view.resize(1000, 600);
        view.show();
        view.setFindings(findings_);
        auto methods = std::make_shared<const StandardMethods>(
            runStandardMethods(input_->data.X, input_->y, input_->classes, findings_->featureNames, 1));
        view.setStandardMethods(methods);
        QTableView* table = view.table();
        // Pooled: no direction, no DE columns.
        QVERIFY(table->isColumnHidden(RankingModel::Direction));
        QVERIFY(table->isColumnHidden(RankingModel::Log2FC));
        QCOMPARE(table->model()->index(0, RankingModel::Gene).data().toString(),
                 QString::fromStdString(findings_->ranking(1).front().name));

        QSignalSpy changed(&view, &RankingView::classChanged);
        view.classSelector()->setCurrentIndex(1);  // the first class
        QCOMPARE(changed.count(), 1);
        QVERIFY(!table->isColumnHidden(RankingModel::Direction));
        QVERIFY(!table->isColumnHidden(RankingModel::PAdj));
        const RankedFeature top = findings_->classRanking(0, 1).front();
        QCOMPARE(table->model()->index(0, RankingModel::Gene).data().toString(), QString::fromStdString(top.name));
        const GeneDe* de = methods->wilcoxonRow(0, top.feature);
        QVERIFY(de);
        QCOMPARE(table->model()->index(0, RankingModel::Log2FC).data(Qt::EditRole).toDouble(), de->avgLog2FC);
        QCOMPARE(table->model()->index(0, RankingModel::PctIn).data(Qt::EditRole).toDouble(), de->pct1);
        QCOMPARE(table->model()->index(0, RankingModel::Direction).data().toString(),
                 top.direction > 0 ? QString("up") : top.direction < 0 ? QString("down") : QString("="));
        QVERIFY(plotTitle(view.barPlot()).contains("Top"));

        // Back to pooled.
        view.classSelector()->setCurrentIndex(0);
        QVERIFY(table->isColumnHidden(RankingModel::Log2FC));
    }
};

QTEST_MAIN(TestMarkersView)
#include "test_markers_view.moc"
