// Differential expression on small matrices with reference values from scipy 1.10
// (mannwhitneyu(method="asymptotic", use_continuity=True) = R's wilcox.test(exact = FALSE);
// ttest_ind(equal_var=False) = R's t.test) and a brute-force rank sum.
#include "analysis/differential.h"
#include "analysis/tail_probability.h"
#include "common/error.h"
#include "data/csr_columns.h"
#include "data/random.h"

#include <QTest>

#include <algorithm>
#include <cmath>

using namespace dm;

namespace {

// One gene: x (class 0) then y (class 1), zeros not stored.
CsrMatrix oneGene(const std::vector<double>& values) {
    CsrBuilder b(1);
    for (double v : values) {
        b.add(0, static_cast<float>(v));
        b.endRow();
    }
    return b.finish();
}

std::vector<int64_t> labels(size_t n0, size_t n1) {
    std::vector<int64_t> y(n0, 0);
    y.insert(y.end(), n1, 1);
    return y;
}

bool rel(double a, double b, double tol) { return std::abs(a - b) <= tol * std::abs(b); }

const GeneDe& geneOf(const DeComparison& c, int64_t gene) {
    return *std::find_if(c.genes.begin(), c.genes.end(), [&](const GeneDe& g) { return g.gene == gene; });
}

CsrMatrix randomMatrix(int64_t rows, int64_t cols, double density, uint64_t seed, bool negatives) {
    Rng rng(seed);
    CsrBuilder b(cols);
    for (int64_t r = 0; r < rows; ++r) {
        for (int64_t c = 0; c < cols; ++c)
            if (rng.uniform() < density) {
                // few distinct values: plenty of ties among the stored values too
                float v = static_cast<float>(1 + rng.below(5)) * 0.5f;
                if (negatives && rng.uniform() < 0.3) v = -v;
                b.add(static_cast<int32_t>(c), v);
            }
        b.endRow();
    }
    return b.finish();
}

// W of group g by ranking every compared cell's value, zeros included (R's rank()).
double bruteForceW(const CsrMatrix& X, int64_t gene, const std::vector<int64_t>& y, int64_t g) {
    std::vector<std::pair<float, int64_t>> all;
    for (int64_t r = 0; r < X.rows; ++r)
        if (y[static_cast<size_t>(r)] >= 0) all.push_back({X.at(r, gene), y[static_cast<size_t>(r)]});
    std::sort(all.begin(), all.end(), [](auto& a, auto& b) { return a.first < b.first; });
    double sum = 0, n1 = 0;
    for (size_t i = 0; i < all.size();) {
        size_t j = i;
        while (j < all.size() && all[j].first == all[i].first) ++j;
        for (size_t k = i; k < j; ++k)
            if (all[k].second == g) sum += (i + 1 + j) / 2.0, ++n1;
        i = j;
    }
    return sum - n1 * (n1 + 1) / 2;
}

}  // namespace

class TestDifferential : public QObject {
    Q_OBJECT
private slots:
    void wilcoxonWithTiesAndNegatives() {
        // ties among stored values, among zeros, and negatives ranking below the zero block
        const std::vector<double> x{0, 0, 1, 2, 2, 3, -1.5}, y{0, 2, 3, 3, 4, 0, 0, -1.5, 5};
        std::vector<double> all(x);
        all.insert(all.end(), y.begin(), y.end());
        const DeResult r = findAllMarkers(oneGene(all), labels(x.size(), y.size()), {"a", "b"}, {"g"});
        QCOMPARE(r.comparisons.size(), size_t{2});
        const GeneDe& a = r.comparisons[0].genes[0];
        QCOMPARE(a.statistic, 24.5);
        QVERIFY2(rel(a.pValue, 0.4819368254289149, 1e-12), qPrintable(QString::number(a.pValue, 'g', 17)));
        QVERIFY(rel(a.log10P, std::log10(0.4819368254289149), 1e-12));
        QVERIFY(rel(a.avgLog2FC, -2.3100673365258837, 1e-12));
        QCOMPARE(a.pct1, 0.571);  // 4 of 7 cells > 0 (negatives are not "expressing")
        QCOMPARE(a.pct2, 0.556);  // 5 of 9
        QCOMPARE(r.comparisons[1].genes[0].statistic, 7.0 * 9 - 24.5);
        QVERIFY(rel(r.comparisons[1].genes[0].pValue, a.pValue, 1e-12));
    }

    void explicitZerosJoinTheZeroBlock() {
        CsrMatrix X = oneGene({0, 0, 1, 2, 2, 3, -1.5, 0, 2, 3, 3, 4, 0, 0, -1.5, 5});
        // store two of the zeros explicitly
        CsrMatrix Y;
        Y.rows = X.rows, Y.cols = 1;
        Y.indptr = {0};
        for (int64_t r = 0; r < X.rows; ++r) {
            const float v = X.at(r, 0);
            if (v != 0 || r < 2) Y.indices.push_back(0), Y.values.push_back(v);
            Y.indptr.push_back(static_cast<int64_t>(Y.values.size()));
        }
        const DeResult a = findAllMarkers(X, labels(7, 9), {"a", "b"}, {"g"});
        const DeResult b = findAllMarkers(Y, labels(7, 9), {"a", "b"}, {"g"});
        QCOMPARE(b.comparisons[0].genes[0].statistic, a.comparisons[0].genes[0].statistic);
        QCOMPARE(b.comparisons[0].genes[0].pValue, a.comparisons[0].genes[0].pValue);
    }

    void welchT() {
        const std::vector<double> all{0, 0, 1, 2, 2, 3, -1.5, 0, 2, 3, 3, 4, 0, 0, -1.5, 5};
        DeOptions o;
        o.test = DeTest::WelchT;
        const DeResult r = findAllMarkers(oneGene(all), labels(7, 9), {"a", "b"}, {"g"}, o);
        const GeneDe& a = r.comparisons[0].genes[0];
        QVERIFY2(rel(a.statistic, -0.8489680168148522, 1e-12), qPrintable(QString::number(a.statistic, 'g', 17)));
        QVERIFY2(rel(a.pValue, 0.4102792224822136, 1e-10), qPrintable(QString::number(a.pValue, 'g', 17)));
        QVERIFY(r.comparisons[0].note.empty());
    }

    void farTails() {
        // p far below a double's range: the log stays exact (scipy log_ndtr, t.logsf)
        const TailProbability n = normalTwoSided(-40);
        QCOMPARE(n.p, 0.0);
        QVERIFY2(rel(n.logP, -803.915294833194, 1e-12), qPrintable(QString::number(n.logP, 'g', 17)));
        QVERIFY(rel(normalTwoSided(5).p, 5.733031437583866e-07, 1e-13));
        const TailProbability t = studentTwoSided(60, 300.5);
        QVERIFY2(rel(t.logP, -388.1922318019142, 1e-11), qPrintable(QString::number(t.logP, 'g', 17)));
        QVERIFY(rel(studentTwoSided(3.1, 7.5).p, 0.01588415189085971, 1e-10));
        QVERIFY(rel(studentTwoSided(-0.2, 12.3).p, 0.8447491684292814, 1e-10));
        QCOMPARE(normalTwoSided(0).p, 1.0);
    }

    void classWithOneCell() {
        const std::vector<double> all{5, 0, 0, 1, 2, 0, 3};
        const DeResult r = findAllMarkers(oneGene(all), labels(1, 6), {"single", "many"}, {"g"});
        const GeneDe& a = r.comparisons[0].genes[0];
        QCOMPARE(a.statistic, 6.0);
        QVERIFY(rel(a.pValue, 0.19456709195475264, 1e-12));
        QCOMPARE(a.pct1, 1.0);
        DeOptions o;
        o.test = DeTest::WelchT;
        const DeResult t = findAllMarkers(oneGene(all), labels(1, 6), {"single", "many"}, {"g"}, o);
        QVERIFY(std::isnan(t.comparisons[0].genes[0].pValue));
        QVERIFY(std::isnan(t.comparisons[0].genes[0].pAdjBH));
        QVERIFY(t.comparisons[0].note.find("at least 2 cells") != std::string::npos);
    }

    void geneZeroEverywhere() {
        CsrBuilder b(2);
        for (int r = 0; r < 10; ++r) {
            if (r < 4) b.add(1, 1.0f + r);  // "some": expressed in class a only
            b.endRow();
        }
        const CsrMatrix X = b.finish();
        const std::vector<int64_t> y{0, 0, 0, 0, 1, 1, 1, 1, 1, 1};
        for (DeTest test : {DeTest::Wilcoxon, DeTest::WelchT}) {
            DeOptions o;
            o.test = test;
            const DeResult r = findAllMarkers(X, y, {"a", "b"}, {"zero", "some"}, o);
            const GeneDe& z = geneOf(r.comparisons[0], 0);
            QCOMPARE(z.pValue, 1.0);
            QCOMPARE(z.pAdjBonferroni, 1.0);
            QCOMPARE(z.avgLog2FC, 0.0);
            QCOMPARE(z.pct1, 0.0);
            QCOMPARE(z.pct2, 0.0);
            QCOMPARE(z.statistic, test == DeTest::Wilcoxon ? 4.0 * 6 / 2 : 0.0);
            // ...and it sorts after the informative gene
            QCOMPARE(r.comparisons[0].genes.back().gene, int64_t{0});
        }
    }

    void sparseRanksMatchBruteForce() {
        const CsrMatrix X = randomMatrix(120, 30, 0.3, 7, true);
        std::vector<int64_t> y(120);
        for (size_t i = 0; i < y.size(); ++i) y[i] = static_cast<int64_t>(i % 4) - (i % 11 == 0 ? 1 + static_cast<int64_t>(i % 4) : 0);
        std::vector<std::string> genes;
        for (int c = 0; c < 30; ++c) genes.push_back("g" + std::to_string(c));
        const DeResult r = findAllMarkers(X, y, {"a", "b", "c", "d"}, genes);
        const std::vector<std::string> names{"a", "b", "c", "d"};
        for (const DeComparison& c : r.comparisons) {
            const int64_t k = std::find(names.begin(), names.end(), c.group) - names.begin();
            for (const GeneDe& gene : c.genes)
                QVERIFY2(std::abs(gene.statistic - bruteForceW(X, gene.gene, y, k)) < 1e-9,
                         qPrintable(QString("%1 gene %2").arg(c.group.c_str()).arg(gene.gene)));
        }
    }

    void threadsGiveIdenticalResults() {
        const CsrMatrix X = randomMatrix(300, 200, 0.1, 11, false);
        std::vector<int64_t> y(300);
        for (size_t i = 0; i < y.size(); ++i) y[i] = static_cast<int64_t>((i * 7) % 3);
        std::vector<std::string> genes;
        for (int c = 0; c < 200; ++c) genes.push_back("g" + std::to_string(c));
        for (DeTest test : {DeTest::Wilcoxon, DeTest::WelchT}) {
            DeOptions one, two;
            one.threads = 1, two.threads = 2, one.test = two.test = test;
            const DeResult a = findAllMarkers(X, y, {"x", "y", "z"}, genes, one);
            const DeResult b = findAllMarkers(X, y, {"x", "y", "z"}, genes, two);
            for (size_t c = 0; c < 3; ++c)
                for (size_t i = 0; i < 200; ++i) {
                    QCOMPARE(a.comparisons[c].genes[i].gene, b.comparisons[c].genes[i].gene);
                    QCOMPARE(a.comparisons[c].genes[i].pValue, b.comparisons[c].genes[i].pValue);
                }
        }
        // blocks cover every column exactly once, also when some are small
        const auto blocks = planColumnBlocks(X, 50, 4);
        QVERIFY(blocks.size() >= 4);
        int64_t expect = 0;
        for (const auto& b : blocks) {
            QCOMPARE(b.first, expect);
            expect = b.last;
        }
        QCOMPARE(expect, X.cols);
    }

    void twoGroupMode() {
        const CsrMatrix X = randomMatrix(90, 12, 0.4, 3, false);
        std::vector<int64_t> y(90);
        for (size_t i = 0; i < y.size(); ++i) y[i] = static_cast<int64_t>(i % 3);
        std::vector<std::string> genes;
        for (int c = 0; c < 12; ++c) genes.push_back("g" + std::to_string(c));
        const DeResult r = findMarkersBetween(X, y, {"a", "b", "c"}, genes, "c", "a");
        QCOMPARE(r.comparisons.size(), size_t{1});
        QCOMPARE(r.comparisons[0].group, std::string("c"));
        QCOMPARE(r.comparisons[0].reference, std::string("a"));
        QCOMPARE(r.comparisons[0].cells1, int64_t{30});
        QCOMPARE(r.comparisons[0].cells2, int64_t{30});
        // the same as one-vs-rest on the cells of c and a only (b left out)
        std::vector<int64_t> rows, y2;
        for (int64_t i = 0; i < 90; ++i)
            if (y[static_cast<size_t>(i)] != 1) rows.push_back(i), y2.push_back(y[static_cast<size_t>(i)] == 2 ? 0 : 1);
        const DeResult ref = findAllMarkers(X.selectRows(rows), y2, {"c", "a"}, genes);
        for (size_t i = 0; i < 12; ++i) {
            QCOMPARE(r.comparisons[0].genes[i].gene, ref.comparisons[0].genes[i].gene);
            QCOMPARE(r.comparisons[0].genes[i].pValue, ref.comparisons[0].genes[i].pValue);
            QCOMPARE(r.comparisons[0].genes[i].avgLog2FC, ref.comparisons[0].genes[i].avgLog2FC);
        }
        QVERIFY_THROWS_EXCEPTION(InputError, findMarkersBetween(X, y, {"a", "b", "c"}, genes, "c", "nope"));
        QVERIFY_THROWS_EXCEPTION(InputError, findMarkersBetween(X, y, {"a", "b", "c"}, genes, "a", "a"));
        std::vector<int64_t> noB(y);
        for (auto& v : noB)
            if (v == 1) v = 0;
        QVERIFY_THROWS_EXCEPTION(InputError, findMarkersBetween(X, noB, {"a", "b", "c"}, genes, "b", "c"));
    }

    void unusedClassIsSkippedAndOneClassRefused() {
        const CsrMatrix X = randomMatrix(20, 3, 0.5, 5, false);
        std::vector<int64_t> y(20, 0);
        for (size_t i = 10; i < 20; ++i) y[i] = 2;
        const DeResult r = findAllMarkers(X, y, {"a", "empty", "c"}, {"g0", "g1", "g2"});
        QCOMPARE(r.comparisons.size(), size_t{2});
        QCOMPARE(r.skippedClasses, std::vector<std::string>{"empty"});
        std::vector<int64_t> one(20, 0);
        QVERIFY_THROWS_EXCEPTION(InputError, findAllMarkers(X, one, {"a", "b"}, {"g0", "g1", "g2"}));
        QVERIFY_THROWS_EXCEPTION(InputError, findAllMarkers(X, std::vector<int64_t>(5, 0), {"a", "b"}, {"g0", "g1", "g2"}));
        QVERIFY_THROWS_EXCEPTION(InputError, deTestFromName("anova"));
    }

    void orderAndAdjustments() {
        // R: p.adjust(c(0.01, 0.04, 0.03, 0.005, NA), "BH")
        const auto bh = adjustBenjaminiHochberg({0.01, 0.04, 0.03, 0.005, std::nan("")});
        QVERIFY(rel(bh[0], 0.025, 1e-15) && rel(bh[1], 0.05, 1e-15) && rel(bh[2], 0.05, 1e-15) && rel(bh[3], 0.025, 1e-15));
        QVERIFY(std::isnan(bh[4]));
        const CsrMatrix X = randomMatrix(200, 40, 0.3, 9, false);
        std::vector<int64_t> y(200);
        for (size_t i = 0; i < y.size(); ++i) y[i] = static_cast<int64_t>(i % 2);
        std::vector<std::string> genes;
        for (int c = 0; c < 40; ++c) genes.push_back("g" + std::to_string(c));
        const DeResult r = findAllMarkers(X, y, {"a", "b"}, genes);
        const auto& g = r.comparisons[0].genes;
        for (size_t i = 1; i < g.size(); ++i) {
            QVERIFY(g[i - 1].pValue <= g[i].pValue);
            if (g[i - 1].pValue == g[i].pValue) QVERIFY(g[i - 1].avgLog2FC >= g[i].avgLog2FC);
            QCOMPARE(g[i].pAdjBonferroni, std::min(1.0, g[i].pValue * 40));
            QVERIFY(g[i].pAdjBH >= g[i].pValue && g[i].pAdjBH <= g[i].pAdjBonferroni);
        }
        QCOMPARE(topGenes(r.comparisons[0], 3), (std::vector<int64_t>{g[0].gene, g[1].gene, g[2].gene}));
    }

    void roundsLikeR() {
        QCOMPARE(roundLikeR(0.96107, 3), 0.961);
        QCOMPARE(roundLikeR(2.0 / 3.0, 3), 0.667);
        QCOMPARE(roundLikeR(0.15, 1), 0.1);  // R >= 4.0.0: 0.15 is 0.1499999... as a double
        QCOMPARE(roundLikeR(1.0, 3), 1.0);
    }
};

QTEST_GUILESS_MAIN(TestDifferential)
#include "test_differential.moc"
