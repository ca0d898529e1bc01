// The honest gate (binomial test against the majority-class rate) and the stability
// statistics (split-half top-k Jaccard, Meinshausen-Buhlmann bound), on hand-checked numbers.
#include "analysis/gate.h"
#include "analysis/gate_description.h"
#include "analysis/stability.h"
#include "common/error.h"
#include "engine/findings.h"

#include <QTest>

#include <cmath>

using namespace dm;

namespace {
PassRecord pass(int t, double accuracy, int64_t testCells, double chance, std::vector<float> importance) {
    PassRecord r;
    r.tryIndex = t;
    r.seed = static_cast<uint64_t>(t);
    r.accuracy = accuracy;
    r.testCells = testCells;
    r.chanceRate = chance;
    r.geneImportance = std::move(importance);
    return r;
}
}  // namespace

class TestGateStability : public QObject {
    Q_OBJECT

private slots:
    void binomialTailMatchesHandSums() {
        // P(X >= 8 | 10, 0.5) = (45 + 10 + 1) / 1024
        QVERIFY(std::abs(binomialUpperTail(10, 8, 0.5) - 56.0 / 1024.0) < 1e-12);
        // P(X >= 1 | 3, 0.2) = 1 - 0.8^3
        QVERIFY(std::abs(binomialUpperTail(3, 1, 0.2) - (1 - 0.512)) < 1e-12);
        QCOMPARE(binomialUpperTail(10, 0, 0.3), 1.0);
        QCOMPARE(binomialUpperTail(10, 11, 0.3), 0.0);
        // Large n stays finite and tiny far above the mean (exactly 8.2e-86).
        const double far = binomialUpperTail(1000, 800, 0.5);
        QVERIFY(far > 0 && far < 1e-80);
        // The tail at the mean is about one half.
        const double mid = binomialUpperTail(1000, 500, 0.5);
        QVERIFY(mid > 0.5 && mid < 0.52);
    }

    void gateComparesAgainstTheMajorityClass() {
        GateRule rule;  // binomial, alpha 0.05, no floor
        // 100 test cells, 90% in one class: 0.90 accuracy is what guessing that class scores.
        QVERIFY(!decideGate(rule, 0.90, 100, 0.90).accepted);
        QVERIFY(!decideGate(rule, 0.92, 100, 0.90).accepted);   // P(X >= 92) = 0.32
        QVERIFY(decideGate(rule, 0.97, 100, 0.90).accepted);    // P(X >= 97) = 0.0078
        // Balanced 3 classes: 0.45 of 60 cells (27) beats 1/3 (P = 0.040); 0.40 (24) does not (P = 0.17).
        QVERIFY(decideGate(rule, 0.45, 60, 1.0 / 3).accepted);
        QVERIFY(!decideGate(rule, 0.40, 60, 1.0 / 3).accepted);
        const GateDecision d = decideGate(rule, 0.45, 60, 1.0 / 3);
        QVERIFY(d.pValue > 0.03 && d.pValue < 0.05);
        // The floor still applies on top of the test.
        rule.minAccuracy = 0.99;
        QVERIFY(!decideGate(rule, 0.97, 100, 0.90).accepted);
        // "floor": the seed's gate, no test, no p-value.
        GateRule floor;
        floor.kind = "floor";
        floor.minAccuracy = 0.5;
        QVERIFY(decideGate(floor, 0.5, 100, 0.9).accepted);
        QVERIFY(std::isnan(decideGate(floor, 0.5, 100, 0.9).pValue));
        // Records written before the gate existed carry no test size: the floor alone decides.
        QVERIFY(decideGate(rule, 0.995, 0, 0).accepted);
    }

    void accumulationAppliesTheBinomialGate() {
        std::vector<PassRecord> rs = {pass(0, 0.95, 100, 0.9, {1, 2}), pass(1, 0.99, 100, 0.9, {2, 1}),
                                      pass(2, 1.0, 100, 0.9, {3, 1})};
        GateRule rule;
        const Findings f = accumulateFindings(rs, 3, rule, 0, 1, {"a", "b"});
        QCOMPARE(f.accepted, 2);           // 0.95 of 100 against 0.9: P = 0.058, rejected
        QVERIFY(!f.passes[0].accepted);
        QVERIFY(f.passes[0].pValue > 0.05);
        QCOMPARE(f.gate.kind, std::string("binomial"));
        // Evidence: 2 of 3 tries, mean accuracy 0.995 against 0.9 -> clear.
        QCOMPARE(f.evidence(), std::string("clear"));
        // With a floor gate all three count.
        QCOMPARE(accumulateFindings(rs, 3, 0.0, 0, 1, {"a", "b"}).accepted, 3);
    }

    // Every kind of gate is named as it decides (the chord test's message used to call the
    // permutation gate "min_accuracy 0").
    void gateIsDescribedByItsKind() {
        GateRule r;
        r.kind = "permutation";
        r.alpha = 0.05;
        QVERIFY(QString::fromStdString(describeGate(r)).contains("label shuffles, alpha 0.05"));
        r.kind = "binomial";
        r.minAccuracy = 0.5;
        const QString binomial = QString::fromStdString(describeGate(r));
        QVERIFY(binomial.contains("binomial test") && binomial.contains("at least 0.5"));
        r.kind = "floor";
        QCOMPARE(QString::fromStdString(describeGate(r)), QString("held-out accuracy at least 0.5"));
    }

    void evidenceSaysWeakOrNone() {
        GateRule rule;
        rule.kind = "floor";
        // Accepted, but 0.55 against 0.5 gains a tenth of what was left: weak.
        const Findings weak = accumulateFindings({pass(0, 0.55, 100, 0.5, {1, 2})}, 1, rule, 0, 1, {"a", "b"});
        QCOMPARE(weak.evidence(), std::string("weak"));
        rule.minAccuracy = 0.9;
        const Findings none = accumulateFindings({pass(0, 0.55, 100, 0.5, {1, 2})}, 1, rule, 0, 1, {"a", "b"});
        QCOMPARE(none.evidence(), std::string("none"));
    }

    // Under a 1:10 imbalance plain accuracy can sit below the majority rate while the
    // predictions carry the labels: the evidence reads balanced accuracy when passes kept it.
    void evidenceReadsBalancedAccuracy() {
        GateRule rule;
        rule.kind = "floor";
        PassRecord r = pass(0, 0.87, 100, 0.91, {1, 2});
        Findings old = accumulateFindings({r}, 1, rule, 0, 1, {"a", "b"});
        old.classNames = {"major", "minor"};
        QCOMPARE(old.evidence(), std::string("weak"));  // no balanced accuracy: 0.87 vs 0.91
        r.balancedAccuracy = 0.75;                       // gains half of what lies above 0.5
        Findings f = accumulateFindings({r}, 1, rule, 0, 1, {"a", "b"});
        f.classNames = {"major", "minor"};
        QCOMPARE(f.evidence(), std::string("clear"));
        QCOMPARE(f.meanBalancedAccuracy(), 0.75);
        const QString summary = QString::fromStdString(f.accuracySummary());
        QVERIFY2(summary.contains("majority-class rate of 0.910") && summary.contains("balanced accuracy 0.750") &&
                     summary.contains("against 0.500 by chance"),
                 qPrintable(summary));
        r.balancedAccuracy = 0.55;                       // a tenth: weak
        Findings weak = accumulateFindings({r}, 1, rule, 0, 1, {"a", "b"});
        weak.classNames = {"major", "minor"};
        QCOMPARE(weak.evidence(), std::string("weak"));
        // The pass record keeps it through run.json and shard files; older records read NaN.
        QCOMPARE(passRecordFromJson(toJson(r)).balancedAccuracy, 0.55);
        nlohmann::json legacy = toJson(r);
        legacy.erase("balanced_accuracy");
        QVERIFY(std::isnan(passRecordFromJson(legacy).balancedAccuracy));
    }

    // Selection frequency sees only each pass's top k: d, third in every pass, falls behind c,
    // which reached one pass's top 2 and is last or next to last elsewhere. Median importance
    // and mean rank read every pass's whole vector.
    void rankingOrdersReadTheWholeVector() {
        const std::vector<std::vector<float>> imps = {
            {9, 8, 1, 7, 6}, {9, 8, 1, 7, 0.5f}, {9, 8, 1, 7, 0.5f}, {9, 1, 8, 7, 0.5f}};
        std::vector<PassRecord> rs;
        for (int t = 0; t < 4; ++t) rs.push_back(pass(t, 0.9, 0, 0, imps[size_t(t)]));
        QCOMPARE(accumulateFindings(rs, 4, 0.0, 0, 2, {"a", "b", "c", "d", "e"}).rankingOrder, std::string("frequency"));
        auto order = [&](const std::string& o) {
            Findings g = accumulateFindings(rs, 4, GateRule{"floor", 0.05, 0.0}, 0, 2, {"a", "b", "c", "d", "e"}, {}, o);
            std::string names;
            for (const RankedFeature& r : g.ranking()) names += r.name;
            return names;
        };
        QCOMPARE(order("frequency"), std::string("abcde"));  // c: 1 of 4 top sets (pass 3); d and e none
        QCOMPARE(order("median_importance"), std::string("abdce"));
        QCOMPARE(order("mean_rank"), std::string("abdce"));
        QVERIFY_THROWS_EXCEPTION(ConfigError, order("borda"));
        // The split-half agreement accumulates each half in the run's order.
        const std::vector<std::vector<float>> halves = {{9, 8, 7, 6.5f}, {9, 8, 7, 0}, {9, 7, 8, 6.5f}, {9, 0, 7, 8}};
        QCOMPARE(accumulatedTopK({&halves[0], &halves[2]}, 4, 2, "median_importance"), (std::vector<int64_t>{0, 1}));
        QCOMPARE(accumulatedTopK({&halves[1], &halves[3]}, 4, 2, "median_importance"), (std::vector<int64_t>{0, 2}));
        QCOMPARE(splitHalfAgreement(halves, 4, 2, "median_importance"), 1.0 / 3);
        QCOMPARE(splitHalfAgreement(halves, 4, 2, "frequency"), 1.0);  // both halves: {0, 1}
    }

    void jaccardOfTopSets() {
        QCOMPARE(splitJaccard({1, 2, 3}, {2, 3, 4}), 0.5);
        QCOMPARE(splitJaccard({}, {}), 1.0);
        QCOMPARE(splitJaccard({1}, {2}), 0.0);
    }

    void splitHalfComparesOddAndEvenPasses() {
        // Passes 0 and 2 put features {0,1} on top; passes 1 and 3 put {0,2} on top (k = 2).
        const std::vector<std::vector<float>> passes = {
            {9, 8, 0, 0}, {9, 0, 8, 0}, {9, 8, 0, 0}, {9, 0, 8, 0}};
        // Halves {0,1} and {0,2}: Jaccard 1/3.
        QVERIFY(std::abs(splitHalfAgreement(passes, 4, 2) - 1.0 / 3) < 1e-12);
        QVERIFY(std::isnan(splitHalfAgreement(passes, 1, 2)));
        const auto curve = splitHalfCurve(passes, 2);
        QCOMPARE(curve.size(), size_t(3));  // after 2, 3, 4 passes
        QVERIFY(std::abs(curve[0] - 1.0 / 3) < 1e-12);
        // Identical passes agree fully.
        const std::vector<std::vector<float>> same = {{1, 5, 3}, {1, 5, 3}, {1, 5, 3}};
        QCOMPARE(splitHalfAgreement(same, 3, 2), 1.0);
        // Accumulation: the ties in selection frequency are broken by the median importance.
        QCOMPARE(accumulatedTopK({&passes[0], &passes[1]}, 4, 1), (std::vector<int64_t>{0}));
    }

    void meinshausenBuhlmannBound() {
        // q = 2 of F = 10 at pi = 0.75: 4 / (0.5 * 10) = 0.8
        const auto b = mbBounds({1.0, 0.8, 0.75, 0.5, 0, 0, 0, 0, 0, 0}, 2, {0.6, 0.75, 0.9});
        QCOMPARE(b.size(), size_t(3));
        QVERIFY(std::abs(b[1].bound - 0.8) < 1e-12);
        QCOMPARE(b[1].selected, int64_t(3));
        QCOMPARE(b[2].selected, int64_t(1));
        QVERIFY(std::abs(b[0].bound - 4.0 / (0.2 * 10)) < 1e-12);
        QVERIFY_THROWS_EXCEPTION(ConfigError, mbBounds({1.0}, 1, {0.5}));
    }

    void findingsCarryStability() {
        std::vector<PassRecord> rs;
        for (int t = 0; t < 4; ++t) rs.push_back(pass(t, 1.0, 50, 0.5, {4, 3, 2, 1}));
        const Findings f = accumulateFindings(rs, 4, GateRule{}, 0, 2, {"a", "b", "c", "d"});
        QCOMPARE(f.splitHalfCurve.size(), size_t(3));
        QCOMPARE(f.splitHalf(), 1.0);
        QCOMPARE(f.mbBounds.size(), size_t(3));
        QCOMPARE(f.mbBounds[1].selected, int64_t(2));
    }
};

QTEST_APPLESS_MAIN(TestGateStability)
#include "test_gate_stability.moc"
