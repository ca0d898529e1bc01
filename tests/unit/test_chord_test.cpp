// The held-out chord test: selections see training cells only (a gene informative only
// in the test cells is never chosen), a chord of genes beats its best single gene, and
// bad input is refused.
#include "analysis/chord_test.h"
#include "analysis/metrics.h"
#include "common/error.h"
#include "data/random.h"

#include <QTest>

#include <algorithm>
#include <set>

using namespace dm;

namespace {

// 200 cells, half positive. Gene 0: weakly informative everywhere. Genes 1..2: an XOR
// pair (informative only jointly, non-linearly). Gene 3: set only
// in the TEST cells of split seed 0 of the positive side (a perfect marker there, zero on
// every training cell). Genes 4..19: noise.
struct Planted {
    CsrMatrix X;
    std::vector<int8_t> side;
    ChordSplit split;
};

Planted planted(double testFraction) {
    Planted p;
    const int n = 200;
    p.side.resize(n);
    for (int i = 0; i < n; ++i) p.side[size_t(i)] = int8_t(i % 2);
    p.split = chordSplit(p.side, testFraction, 0);
    const std::set<int64_t> test(p.split.testRows.begin(), p.split.testRows.end());
    Rng rng(42);
    CsrBuilder b(20);
    for (int i = 0; i < n; ++i) {
        const bool pos = p.side[size_t(i)] == 1;
        b.add(0, float(rng.normal() * 1.0 + (pos ? 0.6 : 0.0) + 5));
        // chord: positives have (a, b) both high or both low; negatives one high one low
        const bool high = rng.uniform() < 0.5;
        const bool secondHigh = pos ? high : !high;
        b.add(1, float((high ? 3 : 1) + 0.3 * rng.normal()));
        b.add(2, float((secondHigh ? 3 : 1) + 0.3 * rng.normal()));
        if (pos && test.count(i)) b.add(3, 10.0f);
        for (int g = 4; g < 20; ++g) b.add(g, float(rng.normal() + 5));
        b.endRow();
    }
    p.X = b.finish();
    return p;
}

}  // namespace

class TestChordTest : public QObject {
    Q_OBJECT
private slots:
    void splitsAreStratifiedAndDisjoint() {
        std::vector<int8_t> side(50, 0);
        for (int i = 0; i < 10; ++i) side[size_t(i)] = 1;
        side[49] = -1;
        const ChordSplit s = chordSplit(side, 0.25, 3);
        QCOMPARE(s.testRows.size() + s.trainRows.size(), size_t{49});
        std::set<int64_t> all(s.testRows.begin(), s.testRows.end());
        for (int64_t r : s.trainRows) QVERIFY(all.insert(r).second);
        QVERIFY(!all.count(49));
        QCOMPARE(std::count(s.testY.begin(), s.testY.end(), 1), std::ptrdiff_t{3});   // round(0.25 x 10)
        QCOMPARE(std::count(s.testY.begin(), s.testY.end(), 0), std::ptrdiff_t{10});  // round(0.25 x 39)
        QCOMPARE(chordSplit(side, 0.25, 3).testRows, s.testRows);  // same seed, same split
        QVERIFY(chordSplit(side, 0.25, 4).testRows != s.testRows);
    }

    void selectionSeesTrainingCellsOnly() {
        const Planted p = planted(0.25);
        // A recording method: the cells it is given must be exactly the training cells.
        int64_t seenRows = -1, seenLabels = -1, seenK = -1;
        float leakSeen = 0;
        GeneSelector recorder{"recorder", [&](const CsrMatrix& X, const std::vector<int64_t>& y, int64_t k,
                                              uint64_t) -> std::vector<int64_t> {
                                  seenRows = X.rows;
                                  seenLabels = int64_t(y.size());
                                  seenK = k;
                                  for (int64_t r = 0; r < X.rows; ++r) leakSeen = std::max(leakSeen, X.at(r, 3));
                                  return {0, 1, 2};
                              }};
        ChordOptions o;
        o.k = 3;
        o.seeds = 1;
        o.threads = 2;
        const ChordResult r = chordTest(p.X, p.side, "pos", "rest", {wilcoxonSelector(2), linearSelector(), recorder}, o);
        QCOMPARE(seenRows, int64_t(p.split.trainRows.size()));
        QCOMPARE(seenLabels, seenRows);
        QCOMPARE(seenK, int64_t{3});
        QCOMPARE(leakSeen, 0.0f);  // the test-only marker is invisible to selection
        for (const ChordMethodResult& m : r.methods) {
            QVERIFY(int64_t(m.genes[0].size()) <= 3);
            QVERIFY2(std::find(m.genes[0].begin(), m.genes[0].end(), int64_t{3}) == m.genes[0].end(),
                     qPrintable(QString::fromStdString(m.method) + " selected the test-only gene"));
            QVERIFY(m.bestGene[0] != 3);
        }
        QVERIFY(r.overallBestGene[0] != 3);
        // Had it been chosen, it would have looked perfect on the held-out cells.
        std::vector<int64_t> y;
        std::vector<double> v;
        for (int64_t row : p.split.testRows) y.push_back(p.side[size_t(row)]), v.push_back(p.X.at(row, 3));
        QCOMPARE(rocAucScore(y, v), 1.0);
    }

    void additiveSetBeatsSingleGene() {
        // Ten weak markers: together far better than any one of them.
        Rng rng(5);
        CsrBuilder b(12);
        std::vector<int8_t> side(300);
        for (int i = 0; i < 300; ++i) {
            side[size_t(i)] = int8_t(i % 2);
            for (int g = 0; g < 12; ++g) b.add(g, float(rng.normal() + 4 + (side[size_t(i)] && g < 10 ? 0.5 : 0.0)));
            b.endRow();
        }
        ChordOptions o;
        o.k = 10;
        o.seeds = 3;
        const ChordResult r = chordTest(b.finish(), side, "pos", "rest", {wilcoxonSelector(1)}, o);
        const ChordMethodResult& m = r.methods[0];
        QVERIFY2(m.set.mean > m.single.mean + 0.1, qPrintable(QString("set %1 vs single %2").arg(m.set.mean).arg(m.single.mean)));
        QVERIFY(m.gain.mean > 0.1);
        QVERIFY(r.overallBest.mean < 0.75);
    }

    void badInput() {
        const Planted p = planted(0.25);
        ChordOptions o;
        QVERIFY_THROWS_EXCEPTION(InputError, chordTest(p.X, p.side, "a", "b", {}, o));
        std::vector<int8_t> few(p.side.size(), 0);
        few[0] = few[1] = few[2] = 1;  // 3 positives
        QVERIFY_THROWS_EXCEPTION(InputError, chordTest(p.X, few, "a", "b", {wilcoxonSelector()}, o));
        o.k = 0;
        QVERIFY_THROWS_EXCEPTION(InputError, chordTest(p.X, p.side, "a", "b", {wilcoxonSelector()}, o));
        const std::vector<int64_t> y{0, 1, 2, 1, -1};
        QVERIFY_THROWS_EXCEPTION(InputError, chordSides(y, {"a", "b", "c"}, "zzz"));
        QVERIFY_THROWS_EXCEPTION(InputError, chordSides(y, {"a", "b", "c"}, "a", "a"));
        QCOMPARE(chordSides(y, {"a", "b", "c"}, "b"), (std::vector<int8_t>{0, 1, 0, 1, -1}));
        QCOMPARE(chordSides(y, {"a", "b", "c"}, "b", "c"), (std::vector<int8_t>{-1, 1, 0, 1, -1}));
        GeneSelector broken{"broken", [](const CsrMatrix&, const std::vector<int64_t>&, int64_t, uint64_t) {
                                return std::vector<int64_t>{0, 0};
                            }};
        o.k = 2;
        QVERIFY_THROWS_EXCEPTION(Error, chordTest(p.X, p.side, "a", "b", {broken}, o));
    }
};

QTEST_GUILESS_MAIN(TestChordTest)
#include "test_chord_test.moc"
