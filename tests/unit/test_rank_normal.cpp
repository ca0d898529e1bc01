// The rank-based inverse normal transform (data/rank_normal.h): Blom scores of mid-ranks,
// zeros kept at zero, the same scores whatever monotone transform the values went through.
#include "data/rank_normal.h"

#include <QTest>

#include <cmath>

using namespace dm;

namespace {

// Columns as given, one row per cell; CsrBuilder stores no zeros.
CsrMatrix byColumns(const std::vector<std::vector<float>>& columns) {
    const size_t cells = columns[0].size();
    CsrBuilder b(static_cast<int64_t>(columns.size()));
    for (size_t r = 0; r < cells; ++r) {
        for (size_t c = 0; c < columns.size(); ++c) b.add(static_cast<int32_t>(c), columns[c][r]);
        b.endRow();
    }
    return b.finish();
}

// Gene c's transformed value in cell r (0 where nothing is stored).
double at(const CsrMatrix& X, int64_t r, int32_t c) {
    for (int64_t k = X.indptr[r]; k < X.indptr[r + 1]; ++k)
        if (X.indices[k] == c) return X.values[k];
    return 0.0;
}

double blom(double midRank, double n) { return normalQuantile((midRank - 0.375) / (n + 0.25)); }

}  // namespace

class TestRankNormal : public QObject {
    Q_OBJECT
private slots:
    // Values of R's qnorm.
    void normalQuantileMatchesR() {
        QVERIFY(std::abs(normalQuantile(0.5)) < 1e-12);
        QVERIFY(std::abs(normalQuantile(0.975) - 1.959963984540054) < 1e-8);
        QVERIFY(std::abs(normalQuantile(0.001) + 3.090232306167813) < 1e-8);
        QVERIFY(std::abs(normalQuantile(1e-10) + 6.361340902404056) < 1e-7);
        QVERIFY(std::abs(normalQuantile(0.3) + 0.5244005127080407) < 1e-8);
    }

    // Gene 0 over 5 cells: 0, 1, 1, 3, 0 -> zeros share mid-rank 1.5, the ones 3.5, the 3
    // rank 5; every score is taken relative to the zeros'.
    void midRanksAndZeros() {
        const CsrMatrix X = byColumns({{0, 1, 1, 3, 0}, {2, 0, -1, 0, 0}});
        const CsrMatrix R = rankNormalScores(X);
        QCOMPARE(R.indptr, X.indptr);
        QCOMPARE(R.indices, X.indices);
        const double zero0 = blom(1.5, 5);
        QVERIFY(std::abs(at(R, 1, 0) - (blom(3.5, 5) - zero0)) < 1e-6);
        QCOMPARE(at(R, 1, 0), at(R, 2, 0));
        QVERIFY(std::abs(at(R, 3, 0) - (blom(5, 5) - zero0)) < 1e-6);
        // Gene 1: -1 ranks below its three zeros (mid-rank 3), 2 above them.
        const double zero1 = blom(3, 5);
        QVERIFY(std::abs(at(R, 2, 1) - (blom(1, 5) - zero1)) < 1e-6);
        QVERIFY(at(R, 2, 1) < 0);
        QVERIFY(std::abs(at(R, 0, 1) - (blom(5, 5) - zero1)) < 1e-6);
    }

    // Only the order of a gene's values counts: counts, log1p(counts) and 10 x counts give
    // the same scores, and a larger value never scores lower.
    void onlyTheOrderCounts() {
        const std::vector<float> counts{0, 3, 1, 0, 7, 2, 2, 0, 15, 1};
        std::vector<float> logged, scaled;
        for (float v : counts) {
            logged.push_back(static_cast<float>(std::log1p(v)));
            scaled.push_back(10 * v);
        }
        const CsrMatrix R = rankNormalScores(byColumns({counts, logged, scaled}));
        for (int64_t r = 0; r < R.rows; ++r) {
            QVERIFY(std::abs(at(R, r, 0) - at(R, r, 1)) < 1e-6);
            QVERIFY(std::abs(at(R, r, 0) - at(R, r, 2)) < 1e-6);
            for (int64_t s = 0; s < R.rows; ++s)
                if (counts[static_cast<size_t>(r)] > counts[static_cast<size_t>(s)])
                    QVERIFY(at(R, r, 0) > at(R, s, 0));
        }
    }

    // A gene with no zeros keeps its plain Blom scores; an empty gene stays empty.
    void denseAndEmptyGenes() {
        const CsrMatrix R = rankNormalScores(byColumns({{4, 1, 2, 3}, {0, 0, 0, 0}}));
        QCOMPARE(R.nnz(), int64_t(4));
        QVERIFY(std::abs(at(R, 1, 0) - blom(1, 4)) < 1e-6);
        QVERIFY(std::abs(at(R, 0, 0) - blom(4, 4)) < 1e-6);
    }
};

QTEST_GUILESS_MAIN(TestRankNormal)
#include "test_rank_normal.moc"
