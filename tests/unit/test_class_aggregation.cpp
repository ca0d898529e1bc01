// The pieces that make the default honest on weak and imbalanced signal, on hand-checked
// numbers: the best-class attribution map ("class_abs" / "class_signed"), balanced class
// weights for the loss, balanced accuracy and the permutation gate (refuses predictions
// that ignore the labels, accepts a minority found at the price of majority accuracy).
#include "analysis/best_class_map.h"
#include "analysis/gate.h"
#include "analysis/label_permutation.h"
#include "common/error.h"
#include "data/random.h"
#include "engine/findings.h"
#include "train/trainer.h"

#include <QTest>

#include <cmath>

using namespace dm;

namespace {
// `n0` cells of class 0 with `right0` predicted right, then `n1` of class 1 with `right1`.
void confusion(int n0, int right0, int n1, int right1, std::vector<int64_t>& y, std::vector<int64_t>& pred) {
    y.clear();
    pred.clear();
    for (int i = 0; i < n0; ++i) {
        y.push_back(0);
        pred.push_back(i < right0 ? 0 : 1);
    }
    for (int i = 0; i < n1; ++i) {
        y.push_back(1);
        pred.push_back(i < right1 ? 1 : 0);
    }
}
}  // namespace

class TestClassAggregation : public QObject {
    Q_OBJECT

private slots:
    void bestClassMapTakesTheLargestClassMean() {
        // Gene 0: best class 2 (2); gene 1: class 2 (1) as class 0 is negative; gene 2: class 0.
        const std::vector<float> best = bestClassMap({{1.0f, -2.0f, 3.0f}, {}, {2.0f, 1.0f, -1.0f}});
        QCOMPARE(best, (std::vector<float>{2.0f, 1.0f, 3.0f}));
        // Negative in every class: the model reads the gene against each class, score 0.
        QCOMPARE(bestClassMap({{-1.0f}, {-0.5f}}), (std::vector<float>{0.0f}));
        QVERIFY(bestClassMap({{}, {}}).empty());
        QVERIFY_THROWS_EXCEPTION(InputError, bestClassMap({{1.0f, 2.0f}, {1.0f}}));
    }

    void balancedWeightsEqualiseTheClasses() {
        const std::vector<int64_t> y = {0, 0, 0, 1, 2};
        // Rows 0..3: three of class 0, one of class 1, none of class 2 (weight 0).
        const std::vector<float> w = balancedClassWeights(y, {0, 1, 2, 3}, 3);
        QCOMPARE(w.size(), size_t(3));
        QVERIFY(std::abs(w[0] - 4.0f / 9.0f) < 1e-6f);  // 4 / (3 x 3)
        QVERIFY(std::abs(w[1] - 4.0f / 3.0f) < 1e-6f);  // 4 / (3 x 1)
        QCOMPARE(w[2], 0.0f);
        // Each present class weighs the same in total: 3 x 4/9 = 1 x 4/3.
        QVERIFY(std::abs(3 * w[0] - w[1]) < 1e-6f);
    }

    void balancedAccuracyIsTheMeanRecall() {
        QVERIFY(std::abs(balancedAccuracy({0, 0, 0, 1}, {0, 0, 1, 1}, 2) - 5.0 / 6.0) < 1e-12);
        // A class without cells does not count: only class 1 here, recall 1/2.
        QVERIFY(std::abs(balancedAccuracy({1, 1}, {1, 0}, 3) - 0.5) < 1e-12);
        QVERIFY(std::isnan(balancedAccuracy({}, {}, 2)));
        QVERIFY_THROWS_EXCEPTION(InputError, balancedAccuracy({0, 2}, {0, 0}, 2));
        QVERIFY_THROWS_EXCEPTION(InputError, balancedAccuracy({0, 1}, {0}, 2));
    }

    void constantPredictionsNeverPass() {
        // Always the majority class: accuracy 10/11, but every shuffle ties, p = 1.
        std::vector<int64_t> y, pred;
        confusion(300, 300, 30, 0, y, pred);
        QCOMPARE(labelPermutationPValue(y, pred, 2, kGatePermutations, 7), 1.0);
    }

    void perfectPredictionsGetTheSmallestPValue() {
        std::vector<int64_t> y, pred;
        confusion(10, 10, 10, 10, y, pred);
        // A shuffle that is perfect too has probability 1 / C(20, 10) = 5.4e-6: none of
        // 1,999 with this seed, so p = 1 / 2,000.
        QCOMPARE(labelPermutationPValue(y, pred, 2, kGatePermutations, 7), 1.0 / 2000.0);
    }

    void aMinorityFoundAtTheMajoritysExpenseIsAccepted() {
        // 1:10; 40 of 300 majority cells called minority, 20 of 30 minority cells found:
        // accuracy 280 / 330 = 0.848, below the majority rate 0.909, so the binomial gate
        // refuses; the predictions plainly depend on the labels (balanced accuracy 0.767).
        std::vector<int64_t> y, pred;
        confusion(300, 260, 30, 20, y, pred);
        const double accuracy = 280.0 / 330.0;
        GateRule binomial;
        QVERIFY(!decideGate(binomial, accuracy, 330, 300.0 / 330.0).accepted);
        const double p = labelPermutationPValue(y, pred, 2, kGatePermutations, 3);
        QCOMPARE(p, 1.0 / 2000.0);
        GateRule perm;
        perm.kind = "permutation";
        QVERIFY(decidePermutationGate(perm, accuracy, p).accepted);
        perm.minAccuracy = 0.9;  // the floor still applies
        QVERIFY(!decidePermutationGate(perm, accuracy, p).accepted);
    }

    void noiseIsRefusedAtTheGatesLevel() {
        // Predictions drawn independently of the labels (1:10 classes, predictions 30%
        // minority): the test must pass about alpha = 5% of them, not more.
        Rng rng(11);
        int passed = 0;
        const int sets = 100;
        for (int s = 0; s < sets; ++s) {
            std::vector<int64_t> y, pred;
            for (int i = 0; i < 220; ++i) {
                y.push_back(i < 20 ? 1 : 0);
                pred.push_back(rng.uniform() < 0.3 ? 1 : 0);
            }
            passed += labelPermutationPValue(y, pred, 2, 499, static_cast<uint64_t>(s)) < 0.05;
        }
        // Binomial(100, 0.05): P(X > 12) < 0.001.
        QVERIFY2(passed <= 12, qPrintable(QString("%1 of %2 noise sets passed").arg(passed).arg(sets)));
    }

    void recordsWithoutPValueFallBackToTheFloor() {
        GateRule perm;
        perm.kind = "permutation";
        perm.minAccuracy = 0.5;
        QVERIFY(decidePermutationGate(perm, 0.6, std::nan("")).accepted);
        QVERIFY(!decidePermutationGate(perm, 0.4, std::nan("")).accepted);
        QVERIFY(!decidePermutationGate(perm, 0.6, 0.2).accepted);
    }

    void accumulationKeepsThePassesPValue() {
        // Merging records decides again from the recorded p-value, not from a chance rate.
        auto pass = [](int t, double p) {
            PassRecord r;
            r.tryIndex = t;
            r.accuracy = 0.8;
            r.testCells = 100;
            r.chanceRate = 0.9;  // the binomial gate would refuse both
            r.pValue = p;
            r.geneImportance = {1.0f, 0.0f};
            return r;
        };
        GateRule perm;
        perm.kind = "permutation";
        const Findings f = accumulateFindings({pass(0, 0.001), pass(1, 0.5)}, 2, perm, 2, 1, {"a", "b"});
        QCOMPARE(f.accepted, 1);
        QVERIFY(f.passes[0].accepted);
        QVERIFY(!f.passes[1].accepted);
        QCOMPARE(f.passes[0].pValue, 0.001);
    }
};

QTEST_APPLESS_MAIN(TestClassAggregation)
#include "test_class_aggregation.moc"
