// Confusion matrix, per-class metrics and ARI against hand-computed values (sklearn semantics).
#include "analysis/metrics.h"
#include "common/error.h"

#include <QTest>

#include <cmath>

using namespace dm;

namespace {
bool near(double a, double b, double tol = 1e-12) { return std::abs(a - b) <= tol; }
}  // namespace

class TestMetrics : public QObject {
    Q_OBJECT
private slots:
    // 5 classes: class 3 is predicted once but absent from the test split, class 4 is
    // neither present nor predicted.
    void reportWithAbsentClasses() {
        const std::vector<int64_t> yTrue = {0, 0, 0, 1, 1, 2, 2, 2, 2};
        const std::vector<int64_t> yPred = {0, 0, 1, 1, 2, 2, 2, 0, 3};
        const ClassificationReport r = classificationReport(yTrue, yPred, 5, {"a", "b", "c", "d", "e"});
        QVERIFY(near(r.accuracy, 5.0 / 9.0));
        QCOMPARE(r.perClass.size(), size_t(5));
        QCOMPARE(r.perClass[2].name, std::string("c"));
        QCOMPARE(r.perClass[0].support, int64_t(3));
        QCOMPARE(r.perClass[2].support, int64_t(4));
        QCOMPARE(r.perClass[0].predicted, int64_t(3));
        QVERIFY(near(r.perClass[0].precision, 2.0 / 3.0));
        QVERIFY(near(r.perClass[0].recall, 2.0 / 3.0));
        QVERIFY(near(r.perClass[1].f1, 0.5));
        QVERIFY(near(r.perClass[2].precision, 2.0 / 3.0));
        QVERIFY(near(r.perClass[2].recall, 0.5));
        QVERIFY(near(r.perClass[2].f1, 4.0 / 7.0));
        // Ill-defined values are 0, not NaN, and the classes are listed.
        QCOMPARE(r.perClass[3].precision, 0.0);
        QCOMPARE(r.perClass[3].recall, 0.0);
        QCOMPARE(r.perClass[4].f1, 0.0);
        QCOMPARE(r.absentFromTruth, (std::vector<int64_t>{3, 4}));
        QCOMPARE(r.neverPredicted, (std::vector<int64_t>{4}));
        // Every class takes part in the macro average (labels = all classes).
        QVERIFY(near(r.macroF1, (2.0 / 3.0 + 0.5 + 4.0 / 7.0) / 5.0));
        QVERIFY(near(r.macroRecall, (2.0 / 3.0 + 0.5 + 0.5) / 5.0));
        QVERIFY(near(r.weightedF1, (3 * 2.0 / 3.0 + 2 * 0.5 + 4 * 4.0 / 7.0) / 9.0));
    }
    void confusionCountsAndRows() {
        const ConfusionMatrix cm = confusionMatrix({0, 0, 0, 1, 1, 2, 2, 2, 2}, {0, 0, 1, 1, 2, 2, 2, 0, 3}, 4);
        QCOMPARE(cm.counts[0], (std::vector<int64_t>{2, 1, 0, 0}));
        QCOMPARE(cm.counts[2], (std::vector<int64_t>{1, 0, 2, 1}));
        QCOMPARE(cm.rowNormalized[2], (std::vector<double>{0.25, 0.0, 0.5, 0.25}));
        QCOMPARE(cm.rowNormalized[3], (std::vector<double>{0, 0, 0, 0}));  // no support: no division
    }
    void refusesBadInput() {
        QVERIFY_THROWS_EXCEPTION(InputError, confusionMatrix({0, 1}, {0}, 2));
        QVERIFY_THROWS_EXCEPTION(InputError, confusionMatrix({0, 2}, {0, 1}, 2));
        QVERIFY_THROWS_EXCEPTION(InputError, classificationReport({0, 1}, {0, 1}, 2, {"only one"}));
        QVERIFY_THROWS_EXCEPTION(InputError, adjustedRandIndex({0, 1}, {0}));
    }
    // The examples of sklearn.metrics.adjusted_rand_score's documentation.
    void adjustedRand() {
        QCOMPARE(adjustedRandIndex({0, 0, 1, 1}, {0, 0, 1, 1}), 1.0);
        QCOMPARE(adjustedRandIndex({0, 0, 1, 1}, {1, 1, 0, 0}), 1.0);
        QCOMPARE(adjustedRandIndex({0, 0, 1, 1}, {7, 7, -3, -3}), 1.0);  // any label values
        QVERIFY(near(adjustedRandIndex({0, 0, 1, 2}, {0, 0, 1, 1}), 4.0 / 7.0));
        QVERIFY(near(adjustedRandIndex({0, 0, 1, 1}, {0, 0, 1, 2}), 4.0 / 7.0));
        QCOMPARE(adjustedRandIndex({0, 0, 0, 0}, {0, 1, 2, 3}), 0.0);
        QVERIFY(near(adjustedRandIndex({0, 0, 1, 1}, {0, 1, 0, 1}), -0.5));
        QCOMPARE(adjustedRandIndex({3, 3, 3}, {1, 1, 1}), 1.0);  // both trivial
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "test_metrics.moc"
