// Per-class and all-cells mean expression per gene from a CSR matrix, and each class's
// contrast against all cells, against hand-computed values.
#include "analysis/class_means.h"
#include "common/error.h"

#include <QTest>

using namespace dm;

namespace {

// Rows as dense vectors, stored sparse (zeros dropped).
CsrMatrix sparse(const std::vector<std::vector<float>>& dense) {
    CsrBuilder b(static_cast<int64_t>(dense.front().size()));
    for (const auto& row : dense) {
        for (size_t c = 0; c < row.size(); ++c) b.add(static_cast<int32_t>(c), row[c]);
        b.endRow();
    }
    return b.finish();
}

}  // namespace

class TestClassMeans : public QObject {
    Q_OBJECT
private slots:
    void meansCountImplicitZeros() {
        // 5 cells x 3 genes; class 0 = rows 0, 2; class 1 = rows 1, 3, 4.
        const CsrMatrix X = sparse({{1, 0, 4}, {0, 3, 0}, {3, 0, 0}, {0, 6, 1}, {0, 0, 2}});
        const ClassMeans m = classMeans(X, {0, 1, 0, 1, 1}, {"A", "B"});
        QCOMPARE(m.classes, (std::vector<std::string>{"A", "B"}));
        QCOMPARE(m.cells, (std::vector<int64_t>{2, 3}));
        QCOMPARE(m.mean.size(), size_t(2));
        QCOMPARE(m.mean[0], (std::vector<float>{2.f, 0.f, 2.f}));
        QCOMPARE(m.mean[1], (std::vector<float>{0.f, 3.f, 1.f}));
        QCOMPARE(m.minimum(), 0.f);
        QCOMPARE(m.maximum(), 3.f);
        // Over all 5 cells: (4, 9, 7) / 5; class B against them: -0.8, +1.2, -0.4.
        QCOMPARE(m.overall, (std::vector<float>{0.8f, 1.8f, 1.4f}));
        QCOMPARE(m.contrast(1, 1), 3.f - 1.8f);
        QCOMPARE(m.contrast(0, 1), -1.8f);
        QCOMPARE(m.maxAbsContrast(), 1.8f);
    }

    void unlabelledCellsAreSkippedAndEmptyClassIsZero() {
        const CsrMatrix X = sparse({{2, 8}, {100, 100}, {4, 0}});
        const ClassMeans m = classMeans(X, {0, -1, 0}, {"A", "never seen"});
        QCOMPARE(m.cells, (std::vector<int64_t>{2, 0}));
        QCOMPARE(m.mean[0], (std::vector<float>{3.f, 4.f}));
        QCOMPARE(m.mean[1], (std::vector<float>{0.f, 0.f}));
        QCOMPARE(m.overall, (std::vector<float>{3.f, 4.f}));  // the unlabelled cell counts nowhere
    }

    void badLabelsAreRefused() {
        const CsrMatrix X = sparse({{1, 0}, {0, 1}});
        QVERIFY_THROWS_EXCEPTION(InputError, classMeans(X, {0}, {"A"}));         // too few labels
        QVERIFY_THROWS_EXCEPTION(InputError, classMeans(X, {0, 2}, {"A", "B"}));  // out of range
    }

    void emptyResultHasZeroRange() {
        const ClassMeans m;
        QCOMPARE(m.minimum(), 0.f);
        QCOMPARE(m.maximum(), 0.f);
        QCOMPARE(m.maxAbsContrast(), 0.f);
    }
};

QTEST_GUILESS_MAIN(TestClassMeans)
#include "test_class_means.moc"
