// Early stopping: Keras EarlyStopping(patience, min_delta, restore_best_weights) semantics
// plus the min_epochs floor that keeps the restored model out of the undertrained zone.
#include "common/error.h"
#include "train/early_stopper.h"

#include <QTest>

#include <limits>

using namespace dm;

class TestEarlyStopper : public QObject {
    Q_OBJECT
private slots:
    void floorNeverChoosesWarmupEpoch() {
        EarlyStopper s(3, 5, 0.0);
        for (int e = 0; e < 5; ++e) {  // the global minimum, but inside the warm-up
            QVERIFY(!s.step(0.1, e));
            QVERIFY(!s.improved());
            QCOMPARE(s.bestEpoch(), -1);
        }
        QVERIFY(!s.step(1.0, 5));
        QVERIFY(s.improved());
        QCOMPARE(s.bestEpoch(), 5);
        QVERIFY(!s.step(0.9, 6));
        QCOMPARE(s.bestEpoch(), 6);
        QVERIFY(!s.step(0.95, 7));
        QVERIFY(!s.step(0.95, 8));
        QVERIFY(s.step(0.95, 9));  // third non-improving epoch: patience 3 exhausted
        QCOMPARE(s.bestEpoch(), 6);
        QCOMPARE(s.best(), 0.9);
    }

    void warmupIgnoresPatienceZero() {
        EarlyStopper s(0, 3, 0.0);
        QVERIFY(!s.step(1.0, 0));
        QVERIFY(!s.step(2.0, 1));
        QVERIFY(!s.step(3.0, 2));
        QCOMPARE(s.bestEpoch(), -1);
        QVERIFY(!s.step(5.0, 3));  // first recorded value always improves
        QCOMPARE(s.bestEpoch(), 3);
    }

    void patienceCountsConsecutiveMisses() {
        EarlyStopper s(2, 0, 0.0);
        QVERIFY(!s.step(1.0, 0));
        QVERIFY(!s.step(1.5, 1));  // wait 1
        QVERIFY(!s.step(0.8, 2));  // improvement resets the wait
        QCOMPARE(s.bestEpoch(), 2);
        QVERIFY(!s.step(0.9, 3));  // wait 1
        QVERIFY(s.step(0.9, 4));   // wait 2
        QVERIFY(s.shouldStop(4));
    }

    void minDeltaTies() {
        // Binary-exact values so "exactly best - min_delta" is really exact.
        EarlyStopper s(2, 0, 0.25);
        QVERIFY(!s.step(4.0, 0));
        QVERIFY(!s.step(3.875, 1));  // better, but not by more than min_delta
        QVERIFY(!s.improved());
        QCOMPARE(s.best(), 4.0);
        QVERIFY(!s.step(3.5, 2));    // 3.5 < 4.0 - 0.25
        QVERIFY(s.improved());
        QVERIFY(!s.step(3.375, 3));
        QVERIFY(s.step(3.25, 4));    // exactly best - min_delta is not an improvement
        QCOMPARE(s.bestEpoch(), 2);
    }

    void maxMode() {
        EarlyStopper s(1, 0, 0.0, EarlyStopper::Mode::Max);
        QVERIFY(!s.step(0.5, 0));
        QVERIFY(!s.step(0.6, 1));
        QVERIFY(s.improved());
        QVERIFY(!s.isImprovement(0.6));
        QVERIFY(s.isImprovement(0.61));
        QVERIFY(s.step(0.6, 2));
        QCOMPARE(s.bestEpoch(), 1);
        QCOMPARE(s.best(), 0.6);
    }

    void patienceZeroStopsOnFirstMiss() {
        EarlyStopper s(0, 0, 0.0);
        QVERIFY(!s.step(1.0, 0));  // Keras: an improving epoch never stops
        QVERIFY(!s.step(0.5, 1));
        QVERIFY(s.step(0.6, 2));
        QCOMPARE(s.bestEpoch(), 1);
    }

    void minEpochsZeroRecordsEpochZero() {
        EarlyStopper s(5, 0, 0.0);
        s.step(3.0, 0);
        QVERIFY(s.improved());
        QCOMPARE(s.bestEpoch(), 0);
    }

    void nanNeverImproves() {
        EarlyStopper s(5, 0, 0.0);
        QVERIFY(!s.step(std::numeric_limits<double>::quiet_NaN(), 0));
        QCOMPARE(s.bestEpoch(), -1);
        s.step(2.0, 1);
        QCOMPARE(s.bestEpoch(), 1);
    }

    void isImprovementIsPure() {
        EarlyStopper s(1, 0, 0.0);
        s.step(1.0, 0);
        QVERIFY(s.isImprovement(0.5));
        QVERIFY(s.isImprovement(0.5));
        QCOMPARE(s.best(), 1.0);
        QCOMPARE(s.bestEpoch(), 0);
    }

    void refusesNegativeSettings() {
        QVERIFY_THROWS_EXCEPTION(ConfigError, EarlyStopper(-1, 0, 0.0));
        QVERIFY_THROWS_EXCEPTION(ConfigError, EarlyStopper(1, -1, 0.0));
        QVERIFY_THROWS_EXCEPTION(ConfigError, EarlyStopper(1, 0, -0.1));
    }
};

QTEST_GUILESS_MAIN(TestEarlyStopper)
#include "test_early_stopper.moc"
