// Dataset invariants: CSR well-formed, selections, and the label helper.
#include "common/error.h"
#include "data/dataset.h"

#include <QTest>

using namespace dm;

namespace {
Dataset small() {
    // 4 cells x 3 genes:
    //   [1 0 2]
    //   [0 0 0]
    //   [0 3 0]
    //   [4 0 5]
    Dataset ds;
    CsrBuilder b(3);
    b.add(0, 1); b.add(2, 2); b.endRow();
    b.endRow();
    b.add(1, 3); b.endRow();
    b.add(0, 4); b.add(2, 5); b.endRow();
    ds.X = b.finish();
    ds.geneNames = {"A", "B", "C"};
    ds.cellNames = {"c1", "c2", "c3", "c4"};
    ds.obs.add(Column::categorical("type", {"T", "B"}, {0, 1, -1, 1}));
    ds.obs.add(Column::numeric("n_counts", {3, 0, 3, 9}));
    ds.obs.add(Column::text("donor", {"d2", "d1", "d2", "d1"}));
    ds.source = "test";
    return ds;
}
}  // namespace

class TestDataset : public QObject {
    Q_OBJECT
private slots:
    void csrWellFormed() {
        Dataset ds = small();
        ds.validate();
        QCOMPARE(ds.X.nnz(), 5);
        QCOMPARE(ds.X.at(0, 2), 2.0f);
        QCOMPARE(ds.X.at(1, 1), 0.0f);
        QCOMPARE(ds.X.rowSums(), (std::vector<double>{3, 0, 3, 9}));
        QCOMPARE(ds.X.colSums(), (std::vector<double>{5, 3, 7}));
    }
    void builderDropsZeros() {
        CsrBuilder b(2);
        b.add(0, 0.0f);
        b.add(1, 1.0f);
        b.endRow();
        CsrMatrix m = b.finish();
        QCOMPARE(m.nnz(), 1);
        m.validate();
    }
    void validateRejectsBrokenStructure() {
        Dataset ds = small();
        ds.X.indices[0] = 7;  // out of range
        QVERIFY_THROWS_EXCEPTION(InputError, ds.validate());
        ds = small();
        ds.X.indptr[2] = 0;  // not monotone
        QVERIFY_THROWS_EXCEPTION(InputError, ds.validate());
        ds = small();
        ds.geneNames.pop_back();  // names disagree with the matrix
        QVERIFY_THROWS_EXCEPTION(InputError, ds.validate());
        ds = small();
        std::swap(ds.X.indices[0], ds.X.indices[1]);  // unsorted within a row
        QVERIFY_THROWS_EXCEPTION(InputError, ds.validate());
    }
    void selections() {
        Dataset ds = small();
        Dataset rows = ds.selectCells({3, 0});
        rows.validate();
        QCOMPARE(rows.cells(), 2);
        QCOMPARE(rows.X.at(0, 2), 5.0f);
        QCOMPARE(rows.cellNames[1], std::string("c1"));
        QCOMPARE(rows.obs.find("type")->codes, (std::vector<int32_t>{1, 0}));
        Dataset cols = ds.selectGenes({2, 0});
        cols.validate();
        QCOMPARE(cols.X.at(3, 0), 5.0f);
        QCOMPARE(cols.X.at(3, 1), 4.0f);
        QCOMPARE(cols.geneNames, (std::vector<std::string>{"C", "A"}));
    }
    void labelsFromCategorical() {
        Labels l = labelsFromColumn(small(), "type");
        QCOMPARE(l.classes, (std::vector<std::string>{"T", "B"}));
        QCOMPARE(l.y, (std::vector<int64_t>{0, 1, -1, 1}));
        QCOMPARE(l.counts(), (std::vector<int64_t>{1, 2}));
        QCOMPARE(labelledCells(l), (std::vector<int64_t>{0, 1, 3}));
    }
    void labelsFromStrings() {
        Labels l = labelsFromColumn(small(), "donor");
        QCOMPARE(l.classes, (std::vector<std::string>{"d1", "d2"}));
        QCOMPARE(l.y, (std::vector<int64_t>{1, 0, 1, 0}));
    }
    void labelErrorsSayWhatToDo() {
        try {
            labelsFromColumn(small(), "cell_type");
            QFAIL("missing column accepted");
        } catch (const InputError& e) {
            const QString msg = e.what();
            QVERIFY2(msg.contains("not found") && msg.contains("type (categorical)") && msg.contains("donor"),
                     e.what());
        }
        try {
            labelsFromColumn(small(), "n_counts");
            QFAIL("numeric column accepted");
        } catch (const InputError& e) {
            QVERIFY2(QString(e.what()).contains("astype('category')"), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestDataset)
#include "test_dataset.moc"
