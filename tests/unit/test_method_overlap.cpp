// Per-class top-K comparison between DeepMapper, the Wilcoxon test and the linear
// baseline; the marker panel and heatmap data behind the dot plot and heatmap; overlap.csv.
#include "analysis/linear_baseline.h"
#include "analysis/marker_heatmap.h"
#include "analysis/method_overlap.h"
#include "common/error.h"
#include "engine/findings.h"
#include "engine/method_comparison.h"
#include "report/class_tables.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <fstream>
#include <sstream>

using namespace dm;

class TestMethodOverlap : public QObject {
    Q_OBJECT
private slots:
    void jaccardOfSets() {
        QCOMPARE(jaccard({1, 2, 3}, {2, 3, 4}), 0.5);
        QCOMPARE(jaccard({1, 1, 2}, {1, 2}), 1.0);  // duplicates ignored
        QVERIFY(std::isnan(jaccard({}, {1})));       // a method not run is not a disagreement
    }

    void onlyDeepMapperAndShared() {
        const TopSetOverlap o = compareTopSets("A", 3, {5, 1, 9, 7}, {1, 2, 3}, {9, 1, 4});
        QCOMPARE(o.deepmapper, (std::vector<int64_t>{5, 1, 9}));  // truncated to k
        QCOMPARE(o.onlyDeepMapper, (std::vector<int64_t>{5}));
        QCOMPARE(o.shared, (std::vector<int64_t>{1}));
        QCOMPARE(o.jaccardDeepMapperWilcoxon, 1.0 / 5.0);
        QCOMPARE(o.jaccardDeepMapperLinear, 2.0 / 4.0);
        // With no other method run, nothing counts as "found only by DeepMapper".
        const TopSetOverlap alone = compareTopSets("A", 3, {5, 1, 9}, {}, {});
        QVERIFY(alone.onlyDeepMapper.empty());
        QVERIFY(std::isnan(alone.jaccardDeepMapperWilcoxon));
    }

    void topByMagnitudeRanksNegativeCoefficientsToo() {
        QCOMPARE(topByMagnitude({0.1, -3.0, 2.0, NAN, 2.0}, 3), (std::vector<int64_t>{1, 2, 4}));
        QCOMPARE(topByMagnitude({1.0}, 5), (std::vector<int64_t>{0}));
    }

    void linearOrdersFollowEachClassRow() {
        LinearBaselineResult fit;
        fit.classLabels = {0, 2};  // class 1 had no cell
        fit.coefficients.resize(2, 3);
        fit.coefficients << 0.1, -5.0, 1.0,  //
            3.0, 0.0, -0.5;
        const auto orders = linearClassOrders(fit, 3, 2);
        QCOMPARE(orders[0], (std::vector<int64_t>{1, 2}));
        QVERIFY(orders[1].empty());
        QCOMPARE(orders[2], (std::vector<int64_t>{0, 2}));
    }

    void classOverlapsAndPanelFromFindings() {
        Findings f;
        f.featureNames = {"a", "b", "c", "d"};
        f.classNames = {"A", "B", "C"};
        f.byClass.resize(3);
        f.byClass[0] = {1, 3, {1, 1, 0, 0}, {2, 1, 0, 0}, {1, 2, 3, 4}, {}, {}};
        f.byClass[1] = {1, 3, {1, 0, 1, 0}, {3, 0, 2, 0}, {1, 3, 2, 4}, {}, {}};
        f.byClass[2].passes = 0;  // never attributed: left out
        f.byClass[2].selectionFrequency.assign(4, 0);
        f.byClass[2].medianImportance.assign(4, 0);
        f.byClass[2].meanRank.assign(4, 0);
        const auto overlaps = classTopSetOverlaps(f, 2, {{0, 3}, {2, 0}, {}}, {});
        QCOMPARE(overlaps.size(), size_t(2));
        QCOMPARE(overlaps[0].className, std::string("A"));
        QCOMPARE(overlaps[0].deepmapper, (std::vector<int64_t>{0, 1}));
        QCOMPARE(overlaps[0].onlyDeepMapper, (std::vector<int64_t>{1}));
        QCOMPARE(overlaps[1].jaccardDeepMapperWilcoxon, 1.0);

        // Class B's top gene a is already in the panel under A: B contributes c, then d... (2 each).
        const MarkerPanel panel = classMarkerPanel(f, 2);
        QCOMPARE(panel.genes, (std::vector<int64_t>{0, 1, 2, 3}));
        QCOMPARE(panel.owner, (std::vector<size_t>{0, 0, 1, 1}));

        QTemporaryDir dir;
        const QString path = dir.filePath("overlap.csv");
        writeOverlapCsv(overlaps, f.featureNames, path.toStdString());
        std::ifstream in(path.toStdString());
        std::string header, row;
        std::getline(in, header);
        std::getline(in, row);
        QCOMPARE(header, std::string("class,k,jaccard_deepmapper_wilcoxon,jaccard_deepmapper_linear,"
                                     "jaccard_wilcoxon_linear,n_only_deepmapper,only_deepmapper,shared,"
                                     "deepmapper_top,wilcoxon_top,linear_top"));
        QCOMPARE(row, std::string("A,2,0.3333333333333333,,,1,b,a,a;b,a;d,"));
    }

    void heatmapZScoresAndGroupsCells() {
        // 5 cells, 2 genes; gene 1 zero everywhere (z = 0, no division by zero).
        CsrMatrix X;
        X.rows = 5;
        X.cols = 2;
        X.indptr = {0, 1, 2, 3, 4, 4};
        X.indices = {0, 0, 0, 0};
        X.values = {1, 2, 3, 4};
        const MarkerHeatmap h = markerHeatmap(X, {1, 0, 1, -1, 0}, 2, {0, 1}, 1);
        // One cell per class (evenly spaced, the first): class 0 -> row 1, class 1 -> row 0.
        QCOMPARE(h.cells, (std::vector<int64_t>{1, 0}));
        QCOMPARE(h.classStart, (std::vector<int64_t>{0, 1, 2}));
        // Gene 0 over labelled cells {1, 2, 3, 0}: mean 1.5, sd sqrt(5/3).
        const double sd = std::sqrt(5.0 / 3.0);
        QVERIFY(std::abs(h.z[0][0] - (2 - 1.5) / sd) < 1e-6);
        QVERIFY(std::abs(h.z[0][1] - (1 - 1.5) / sd) < 1e-6);
        QCOMPARE(h.z[1], (std::vector<float>{0, 0}));
        QVERIFY_THROWS_EXCEPTION(InputError, markerHeatmap(X, {0, 0}, 2, {0}));
        QVERIFY_THROWS_EXCEPTION(InputError, markerHeatmap(X, {0, 0, 0, 0, 0}, 2, {7}));
        QVERIFY_THROWS_EXCEPTION(InputError, markerHeatmap(X, {0, 0, 0, 0, 5}, 2, {0}));
    }
};

QTEST_APPLESS_MAIN(TestMethodOverlap)
#include "test_method_overlap.moc"
