// The stratified test / validation / train split.
#include "train/split.h"

#include <QTest>

#include <algorithm>
#include <set>

using namespace dm;

class TestSplit : public QObject {
    Q_OBJECT
private slots:
    void partitionsEveryCellOnce() {
        std::vector<int64_t> y;
        for (int i = 0; i < 100; ++i) y.push_back(i % 3 == 0 ? 0 : (i % 3 == 1 ? 1 : 2));
        y.push_back(-1);  // unlabelled cells are left out
        const Split s = splitCells(y, 3, 0.25, 0.15, 42);
        std::set<int64_t> all(s.train.begin(), s.train.end());
        all.insert(s.val.begin(), s.val.end());
        all.insert(s.test.begin(), s.test.end());
        QCOMPARE(all.size(), s.train.size() + s.val.size() + s.test.size());  // disjoint
        QCOMPARE(all.size(), size_t(100));
        QVERIFY(!all.count(100));
        QVERIFY(std::is_sorted(s.test.begin(), s.test.end()));
    }
    void stratified() {
        std::vector<int64_t> y(80, 0);
        y.resize(100, 1);  // 80 / 20
        const Split s = splitCells(y, 2, 0.25, 0.0, 1);
        int64_t minority = std::count_if(s.test.begin(), s.test.end(), [&](int64_t i) { return y[i] == 1; });
        QCOMPARE(static_cast<int64_t>(s.test.size()), 25);
        QCOMPARE(minority, 5);
        QVERIFY(s.val.empty());
    }
    void seeded() {
        std::vector<int64_t> y(50, 0);
        y.resize(100, 1);
        QCOMPARE(splitCells(y, 2, 0.3, 0.2, 7).test, splitCells(y, 2, 0.3, 0.2, 7).test);
        QVERIFY(splitCells(y, 2, 0.3, 0.2, 7).test != splitCells(y, 2, 0.3, 0.2, 8).test);
    }
    void tinyClassesKeepTrainAndTest() {
        std::vector<int64_t> y = {0, 0, 0, 1, 1, 1, 1, 1, 1, 1};
        const Split s = splitCells(y, 2, 0.1, 0.1, 3);
        for (int64_t cls : {0, 1}) {
            QVERIFY(std::any_of(s.train.begin(), s.train.end(), [&](int64_t i) { return y[i] == cls; }));
            QVERIFY(std::any_of(s.test.begin(), s.test.end(), [&](int64_t i) { return y[i] == cls; }));
        }
    }
};

QTEST_GUILESS_MAIN(TestSplit)
#include "test_split.moc"
