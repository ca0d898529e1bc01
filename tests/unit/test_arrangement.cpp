// Arrangements: CPython-exact permutations, inverse, and the CSR -> pseudo-image scatter.
#include "common/error.h"
#include "data/csr_matrix.h"
#include "mapping/arrangement.h"
#include "mapping/mt19937_cpython.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace dm;

namespace {
// 3 cells x 7 features (7 is not a square: side 3, pixels 7 and 8 are padding).
const std::vector<std::vector<float>> kDense = {
    {1, 0, 2, 0, 0, 3, 0},
    {0, 0, 0, 0, 0, 0, 0},
    {4, 5, 0, 6, 7, 0, 8},
};

CsrMatrix denseToCsr(const std::vector<std::vector<float>>& dense) {
    CsrBuilder b(static_cast<int64_t>(dense.front().size()));
    for (const auto& row : dense) {
        for (size_t c = 0; c < row.size(); ++c) b.add(static_cast<int32_t>(c), row[c]);
        b.endRow();
    }
    return b.finish();
}
}  // namespace

class TestArrangement : public QObject {
    Q_OBJECT
private slots:
    void squareDimIsMinimal() {
        QCOMPARE(squareDim(16), int64_t{4});
        QCOMPARE(squareDim(17), int64_t{5});
        QCOMPARE(squareDim(15, 1), int64_t{4});
        QCOMPARE(squareDim(16, 1), int64_t{5});
        QCOMPARE(squareDim(1), int64_t{1});
        // Exact at sizes where a double sqrt alone could be off by one.
        QCOMPARE(squareDim(int64_t{1000000} * 1000000), int64_t{1000000});
        QCOMPARE(squareDim(int64_t{1000000} * 1000000 + 1), int64_t{1000001});
        QVERIFY_THROWS_EXCEPTION(ConfigError, squareDim(-1));
    }

    // Reference values printed by CPython 3.11's random module.
    void getrandbitsMatchesCpython() {
        CpythonMt19937 a(5);
        QCOMPARE(a.getrandbits(40), uint64_t{281848216645ULL});
        QCOMPARE(a.getrandbits(40), uint64_t{394027974809ULL});
        QCOMPARE(a.getrandbits(40), uint64_t{759329574455ULL});
        QCOMPARE(a.getrandbits(64), uint64_t{15523137368101252074ULL});
        QCOMPARE(a.getrandbits(33), uint64_t{7472807465ULL});
        CpythonMt19937 b(UINT64_MAX);  // a two-word key
        QCOMPARE(b.getrandbits(32), uint64_t{93740670});
        QCOMPARE(b.getrandbits(32), uint64_t{1068495656});
        QCOMPARE(b.randbelow(1000000000000000ULL), uint64_t{696649442486848ULL});
        CpythonMt19937 c(0);
        QCOMPARE(c.getrandbits(1), uint64_t{1});
        QCOMPARE(c.getrandbits(0), uint64_t{0});
    }

    void permutationIsSeededPermutation() {
        const auto p = cpythonPermutation(1000, 9);
        std::vector<int64_t> sorted = p;
        std::sort(sorted.begin(), sorted.end());
        std::vector<int64_t> iota(1000);
        std::iota(iota.begin(), iota.end(), int64_t{0});
        QCOMPARE(sorted, iota);
        QVERIFY(p != iota);
        QCOMPARE(cpythonPermutation(1000, 9), p);
        QVERIFY(cpythonPermutation(1000, 10) != p);
        QVERIFY(cpythonPermutation(0, 1).empty());
    }

    void inverseProperty() {
        const auto p = cpythonPermutation(257, 42);
        const auto inv = inversePermutation(p);
        for (int64_t i = 0; i < 257; ++i) {
            QCOMPARE(inv[p[i]], i);
            QCOMPARE(p[inv[i]], i);
        }
        QVERIFY_THROWS_EXCEPTION(Error, inversePermutation({0, 0, 1}));
        QVERIFY_THROWS_EXCEPTION(Error, inversePermutation({0, 3, 1}));
    }

    void imagesRoundTrip() {
        const CsrMatrix X = denseToCsr(kDense);
        const int64_t side = squareDim(7);
        QCOMPARE(side, int64_t{3});
        const auto perm = cpythonPermutation(7, 3);
        const auto pixelOf = inversePermutation(perm);
        const std::vector<int64_t> rows = {2, 0, 1};
        std::vector<float> images(rows.size() * 9, 99.0f);  // garbage: the scatter must zero it
        imagesFromCsr(X, rows.data(), 3, pixelOf, side, images.data());
        for (size_t i = 0; i < rows.size(); ++i) {
            const float* image = images.data() + i * 9;
            const auto& dense = kDense[static_cast<size_t>(rows[i])];
            for (int64_t j = 0; j < 7; ++j) QCOMPARE(image[j], dense[static_cast<size_t>(perm[j])]);
            QCOMPARE(image[7], 0.0f);  // padding
            QCOMPARE(image[8], 0.0f);
            QCOMPARE(pixelsToFeatures(image, perm), dense);
        }
    }

    void identityLayoutIsRowMajor() {
        const CsrMatrix X = denseToCsr(kDense);
        std::vector<int64_t> identity(7);
        std::iota(identity.begin(), identity.end(), int64_t{0});
        const int64_t row = 2;
        std::vector<float> image(9);
        imagesFromCsr(X, &row, 1, identity, 3, image.data());
        QCOMPARE(image, (std::vector<float>{4, 5, 0, 6, 7, 0, 8, 0, 0}));
    }

    void scatterRefusesMismatch() {
        const CsrMatrix X = denseToCsr(kDense);
        const int64_t row = 0;
        std::vector<float> image(9);
        const auto pixelOf = inversePermutation(cpythonPermutation(6, 1));  // one feature short
        QVERIFY_THROWS_EXCEPTION(Error, imagesFromCsr(X, &row, 1, pixelOf, 3, image.data()));
        const auto ok = inversePermutation(cpythonPermutation(7, 1));
        QVERIFY_THROWS_EXCEPTION(Error, imagesFromCsr(X, &row, 1, ok, 2, image.data()));  // 4 pixels < 7
        const int64_t badRow = 3;
        QVERIFY_THROWS_EXCEPTION(Error, imagesFromCsr(X, &badRow, 1, ok, 3, image.data()));
    }
};

QTEST_GUILESS_MAIN(TestArrangement)
#include "test_arrangement.moc"
