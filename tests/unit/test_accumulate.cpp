// Accumulation statistics on hand-computed cases: ties, NaN, odd/even medians, empty input.
#include "analysis/accumulate.h"
#include "common/error.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace dm;

namespace {
const std::vector<float> kImp = {0.5f, 2.0f, 0.5f, 1.0f};  // features 0 and 2 tie
}

class TestAccumulate : public QObject {
    Q_OBJECT
private slots:
    void gateIsInclusive() {
        QVERIFY(acceptPass(0.8, 0.8));
        QVERIFY(!acceptPass(0.79, 0.8));
        QVERIFY(acceptPass(0.0, 0.0));
    }

    void ranksBreakTiesByIndex() {
        QCOMPARE(ranksFromImportances(kImp), (std::vector<int64_t>{3, 1, 4, 2}));
        QCOMPARE(ranksFromImportances({1.0f, 1.0f, 1.0f}), (std::vector<int64_t>{1, 2, 3}));
        QVERIFY(ranksFromImportances({}).empty());
    }

    void nanRanksLast() {
        const float nan = std::numeric_limits<float>::quiet_NaN();
        QCOMPARE(ranksFromImportances({nan, 1.0f, -5.0f}), (std::vector<int64_t>{3, 1, 2}));
        QCOMPARE(topKSet({nan, 1.0f, -5.0f}, 2), (std::vector<int64_t>{1, 2}));
    }

    void topKDescendingWithTies() {
        QCOMPARE(topKSet(kImp, 3), (std::vector<int64_t>{1, 3, 0}));
        QCOMPARE(topKSet(kImp, 10), (std::vector<int64_t>{1, 3, 0, 2}));
        QVERIFY(topKSet(kImp, 0).empty());
    }

    void selectionFrequencyCounts() {
        QCOMPARE(selectionFrequency({{0, 1}, {1, 2}}, 4), (std::vector<double>{0.5, 1.0, 0.5, 0.0}));
        QCOMPARE(selectionFrequency({}, 3), (std::vector<double>{0, 0, 0}));
        QVERIFY_THROWS_EXCEPTION(Error, selectionFrequency({{5}}, 3));
    }

    void meanRankIsBorda() {
        QCOMPARE(meanRank({{1, 2, 3}, {3, 2, 1}}, 3), (std::vector<double>{2, 2, 2}));
        const auto m = meanRank({{1, 2}, {2, 1}, {1, 2}}, 2);
        QVERIFY(std::abs(m[0] - 4.0 / 3.0) < 1e-12);
        QVERIFY(std::abs(m[1] - 5.0 / 3.0) < 1e-12);
        QCOMPARE(meanRank({}, 2), (std::vector<double>{0, 0}));
        QVERIFY_THROWS_EXCEPTION(Error, meanRank({{1, 2, 3}}, 2));
    }

    void medianOddAndEven() {
        // Odd: feature 0 sees {1, 5, 3} -> 3; feature 1 sees {10, 0, 2} -> 2.
        QCOMPARE(medianImportance({{1, 10}, {5, 0}, {3, 2}}, 2), (std::vector<double>{3, 2}));
        // Even: feature 0 sees {1, 5, 3, 4} -> (3 + 4) / 2; feature 1 sees {10, 0, 2, 7} -> (2 + 7) / 2.
        QCOMPARE(medianImportance({{1, 10}, {5, 0}, {3, 2}, {4, 7}}, 2), (std::vector<double>{3.5, 4.5}));
        QCOMPARE(medianImportance({{0.25f, -1}}, 2), (std::vector<double>{0.25, -1}));
        QCOMPARE(medianImportance({}, 2), (std::vector<double>{0, 0}));
        QVERIFY_THROWS_EXCEPTION(Error, medianImportance({{1, 2}, {1}}, 2));
    }

    void stabilityBound() {
        QCOMPARE(stabilitySelectionBound(0.9, 10, 1000), 100.0 / (0.8 * 1000));
        QCOMPARE(stabilitySelectionBound(1.0, 10, 1000), 0.1);
        QVERIFY_THROWS_EXCEPTION(ConfigError, stabilitySelectionBound(0.5, 10, 1000));
        QVERIFY_THROWS_EXCEPTION(ConfigError, stabilitySelectionBound(1.01, 10, 1000));
        QVERIFY_THROWS_EXCEPTION(ConfigError, stabilitySelectionBound(0.9, 10, 0));
    }
};

QTEST_GUILESS_MAIN(TestAccumulate)
#include "test_accumulate.moc"
