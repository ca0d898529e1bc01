// What the Passes tab and the Ranked features table add to the ranking, for a live run and
// for the same run reopened from its .dmrun alike (both through the RunDocument's signals):
// the stability curve (split-half agreement of the top k after 2, 3, ... accepted passes,
// issue 17) and each gene's mean expression beside its rank (issue 23).
#include "gui_test_helpers.h"
#include "main_window.h"
#include "passes_view.h"
#include "ranking_model.h"
#include "ranking_view.h"
#include "run_config_panel.h"
#include "run_document.h"

#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <qcustomplot.h>

#include <cmath>

using namespace dm;
using namespace dm::ui;

namespace {

// A gene's mean over the analysed cells, summed here from the CSR arrays by hand.
double meanOfColumn(const CsrMatrix& X, int64_t col) {
    double sum = 0;
    for (size_t i = 0; i < X.values.size(); ++i)
        if (X.indices[i] == col) sum += X.values[i];
    return sum / double(X.rows);
}

// The top row's feature index and its "Mean expression" cell (as a number).
std::pair<int64_t, double> topRowMean(const RankingView* view) {
    const QAbstractItemModel* m = view->table()->model();
    return {m->index(0, RankingModel::Gene).data(RankingModel::FeatureRole).toLongLong(),
            m->index(0, RankingModel::MeanExpression).data(Qt::EditRole).toDouble()};
}

}  // namespace

class TestPassesStabilityAndExpression : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { test::isolateSettings(); }

    void liveAndReopenedRunShowStabilityAndMeanExpression() {
        MainWindow w;
        w.setInteractive(false);
        QSignalSpy loaded(&w, &MainWindow::datasetLoaded);
        w.loadDemoWith(test::smallDemo());
        QVERIFY(loaded.wait(60000));
        RunConfig c = test::tinyConfig(4, 1);
        c.gate.kind = "floor";  // plumbing, not learning: every pass counts
        c.minAccuracy = 0.0;
        w.configPanel()->setConfig(c);
        QSignalSpy live(w.document(), &RunDocument::findingsChanged);
        QSignalSpy finished(&w, &MainWindow::runFinished);
        w.startRun();
        QVERIFY(finished.wait(300000));
        const FindingsPtr f = w.findings();
        QCOMPARE(f->accepted, 4);

        // Stability: one value after 2, 3 and 4 accepted passes, drawn as the findings hold it.
        QCOMPARE(f->splitHalfCurve.size(), size_t(3));
        const std::vector<double> curve = w.passesView()->stabilityCurve();
        QCOMPARE(curve, f->splitHalfCurve);
        for (double v : curve) QVERIFY(v >= 0 && v <= 1);
        QCOMPARE(w.passesView()->stabilityPlot()->graph(0)->dataCount(), 3);
        // ... and it grew while the run ran: the findings after the 2nd accepted pass had one value.
        bool sawOne = false;
        for (const QList<QVariant>& args : live) {
            const auto partial = args.at(0).value<FindingsPtr>();
            if (partial && partial->accepted == 2) sawOne = partial->splitHalfCurve.size() == 1;
        }
        QVERIFY(sawOne);

        // Mean expression: a column beside the rank, the gene's mean over the analysed cells,
        // in the live ranking (pass by pass) as in the final one.
        const auto firstLive = live.at(1).at(0).value<FindingsPtr>();
        QVERIFY(firstLive);
        QCOMPARE(firstLive->meanExpression.size(), size_t(400));
        const QTableView* table = w.rankingView()->table();
        QVERIFY(!table->isColumnHidden(RankingModel::MeanExpression));
        QCOMPARE(table->model()->headerData(RankingModel::MeanExpression, Qt::Horizontal).toString(),
                 QString("Mean\nexpression"));
        const auto [feature, shown] = topRowMean(w.rankingView());
        const double expected = meanOfColumn(w.document()->input()->data.X, feature);
        QVERIFY2(std::fabs(shown - expected) < 1e-9 * std::max(1.0, expected),
                 qPrintable(QString("shown %1, expected %2").arg(shown).arg(expected)));
        QVERIFY(expected > 0);
        QVERIFY(!table->model()->index(0, RankingModel::MeanExpression).data().toString().isEmpty());

        // Reopened from the .dmrun: the same curve and the same column and value.
        QTemporaryDir dir;
        const QString path = dir.filePath("run.dmrun");
        QVERIFY(w.saveRunTo(path));
        MainWindow reopened;
        reopened.setInteractive(false);
        QVERIFY(reopened.openRunFrom(path));
        QCOMPARE(reopened.passesView()->stabilityCurve().size(), curve.size());
        for (size_t i = 0; i < curve.size(); ++i) QCOMPARE(reopened.passesView()->stabilityCurve()[i], curve[i]);
        QVERIFY(!reopened.rankingView()->table()->isColumnHidden(RankingModel::MeanExpression));
        const auto [feature2, shown2] = topRowMean(reopened.rankingView());
        QCOMPARE(feature2, feature);
        QCOMPARE(shown2, shown);
        QVERIFY(reopened.figures().size() > 0);
        bool exported = false;
        for (const NamedPlot& p : reopened.figures()) exported |= p.first == "stability";
        QVERIFY(exported);
    }

    void stabilityCurveIsEmptyBeforeTwoAcceptedPasses() {
        PassesView view;
        RunDocument doc;
        view.setDocument(&doc);
        doc.setDataset(std::make_shared<const Dataset>(generateSynthetic(test::smallDemo()).dataset), "synthetic demo", {});
        doc.beginRun(test::tinyConfig(3, 2));
        QVERIFY(view.stabilityCurve().empty());
        QCOMPARE(view.stabilityPlot()->graph(0)->dataCount(), 0);
    }

    void rankingHidesMeanExpressionWhenTheRecordHasNone() {
        Findings f;
        f.featureNames = {"a", "b"};
        f.selectionFrequency = {1, 0};
        f.medianImportance = {2, 1};
        f.meanRank = {1, 2};
        f.accepted = 1;
        f.tries = 1;
        RankingView view;
        view.setFindings(std::make_shared<const Findings>(f));
        QVERIFY(view.table()->isColumnHidden(RankingModel::MeanExpression));  // an older record
        f.meanExpression = {0.5, 3.25};
        view.setFindings(std::make_shared<const Findings>(f));
        QVERIFY(!view.table()->isColumnHidden(RankingModel::MeanExpression));
        QCOMPARE(view.table()->model()->index(0, RankingModel::MeanExpression).data(Qt::EditRole).toDouble(), 0.5);
        QCOMPARE(view.table()->model()->index(1, RankingModel::MeanExpression).data().toString(), QString("3.250"));
    }
};

QTEST_MAIN(TestPassesStabilityAndExpression)
#include "test_passes_stability_and_expression.moc"
