// writeH5ad -> readH5ad keeps the matrix, names and every obs column kind; the reader's
// matrix layouts (CSR, CSC, dense, int64 indices, integer values, unsorted rows, stored
// zeros) all give the same CSR; makeNamesUnique follows anndata.
#include "common/error.h"
#include "data/h5ad_inspect.h"
#include "data/h5ad_writer.h"
#include "data/hdf5_file.h"
#include "data/readers.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <filesystem>

namespace h5 = dm::h5;

namespace {

// 4 cells x 5 genes with a repeated gene name.
dm::Dataset smallDataset() {
    dm::CsrBuilder b(5);
    const float rows[4][5] = {{1, 0, 2, 0, 0}, {0, 0, 0, 0, 3}, {4, 5, 0, 0, 6}, {0, 7, 0, 8, 0}};
    for (const auto& r : rows) {
        for (int c = 0; c < 5; ++c) b.add(c, r[c]);
        b.endRow();
    }
    dm::Dataset ds;
    ds.X = b.finish();
    ds.geneNames = {"CD3E", "MS4A1", "NKG7", "LYZ", "GNLY"};
    ds.geneIds = {"ENSG1", "ENSG2", "ENSG3", "ENSG4", "ENSG5"};
    ds.cellNames = {"c0", "c1", "c2", "c3"};
    ds.obs.add(dm::Column::categorical("cell_type", {"T", "B", "NK"}, {0, 2, -1, 1}));
    ds.obs.add(dm::Column::categorical("stage", {"early", "late"}, {1, 0, 0, 1}, true));
    ds.obs.add(dm::Column::numeric("n_counts", {3, 3, std::nan(""), 15}));
    ds.obs.add(dm::Column::boolean("doublet", {0, 1, 0, 0}));
    ds.obs.add(dm::Column::boolean("qc_pass", {1, std::nan(""), 0, 1}));
    ds.obs.add(dm::Column::text("batch", {"a", "b", "a", "ü"}));
    ds.source = "memory";
    ds.matrix = "X";
    return ds;
}

bool sameMatrix(const dm::CsrMatrix& a, const dm::CsrMatrix& b) {
    return a.rows == b.rows && a.cols == b.cols && a.indptr == b.indptr && a.indices == b.indices &&
           a.values == b.values;
}

// A minimal anndata-0.8-style file around a matrix written by `writeMatrix`.
template <typename F>
void writeFile(const std::string& path, int64_t cells, int64_t genes, F writeMatrix) {
    h5::File f = h5::File::create(path);
    for (const char* name : {"obs", "var"}) {
        h5::Handle g = h5::createGroup(f.id(), name);
        h5::writeStringAttr(g.id(), "_index", "_index");
        h5::writeStringAttr(g.id(), "encoding-type", "dataframe");
        std::vector<std::string> idx;
        for (int64_t i = 0; i < (name[0] == 'o' ? cells : genes); ++i) idx.push_back(std::string(name) + std::to_string(i));
        h5::writeStringDataset(g.id(), "_index", idx);
    }
    writeMatrix(f.id());
}

void csrGroup(h5::Id file, const char* format, const std::vector<int64_t>& shape, const std::vector<double>& data,
              const std::vector<int64_t>& indices, const std::vector<int64_t>& indptr, bool oldStyle = false) {
    h5::Handle g = h5::createGroup(file, "X");
    if (oldStyle) {
        h5::writeStringAttr(g.id(), "h5sparse_format", format);
        h5::writeInt64ArrayAttr(g.id(), "h5sparse_shape", shape);
    } else {
        h5::writeStringAttr(g.id(), "encoding-type", std::string(format) + "_matrix");
        h5::writeInt64ArrayAttr(g.id(), "shape", shape);
    }
    h5::writeDataset(g.id(), "data", data.data(), static_cast<int64_t>(data.size()));
    h5::writeDataset(g.id(), "indices", indices.data(), static_cast<int64_t>(indices.size()));
    h5::writeDataset(g.id(), "indptr", indptr.data(), static_cast<int64_t>(indptr.size()));
}

}  // namespace

class TestH5adRoundtrip : public QObject {
    Q_OBJECT
private slots:
    void writeThenRead() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("out.h5ad").toStdString();
        const dm::Dataset ds = smallDataset();
        dm::H5adWriteOptions opt;
        opt.varColumns.push_back(dm::Column::numeric("deepmapper_frequency", {1, 0.5, 0, 0.25, 0.75}));
        opt.unsStrings.push_back({"deepmapper", R"({"seed": 7})"});
        dm::writeH5ad(ds, path, opt);
        QVERIFY(std::filesystem::exists(path));
        // Nothing left behind but the file itself (the temporary was renamed).
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1);

        const dm::Dataset back = dm::readH5ad(path);
        QCOMPARE(back.matrix, std::string("X"));
        QVERIFY(sameMatrix(back.X, ds.X));
        QCOMPARE(back.geneNames, ds.geneNames);
        QCOMPARE(back.geneIds, ds.geneIds);
        QCOMPARE(back.cellNames, ds.cellNames);
        QCOMPARE(back.obs.names(), ds.obs.names());
        for (const auto& c : ds.obs.columns()) {
            const dm::Column* r = back.obs.find(c.name);
            QVERIFY(r);
            QCOMPARE(r->kind, c.kind);
            QCOMPARE(r->categories, c.categories);
            QCOMPARE(r->codes, c.codes);
            QCOMPARE(r->ordered, c.ordered);
            QCOMPARE(r->strings, c.strings);
            QCOMPARE(r->numbers.size(), c.numbers.size());
            for (size_t i = 0; i < c.numbers.size(); ++i)
                QVERIFY(std::isnan(c.numbers[i]) ? std::isnan(r->numbers[i]) : r->numbers[i] == c.numbers[i]);
        }
        const dm::ObsTable var = dm::readH5adVarTable(path);
        QCOMPARE(var.names(), (std::vector<std::string>{"gene_ids", "deepmapper_frequency"}));
        QCOMPARE(var.find("deepmapper_frequency")->numbers, (std::vector<double>{1, 0.5, 0, 0.25, 0.75}));

        h5::File f = h5::File::openRead(path);
        h5::Handle uns = h5::openDataset(f.id(), "uns/deepmapper");
        QCOMPARE(h5::readStrings(uns.id()), std::vector<std::string>{R"({"seed": 7})"});
        h5::Handle x = h5::openGroup(f.id(), "X");
        QCOMPARE(h5::readStringAttr(x.id(), "encoding-type"), std::string("csr_matrix"));
        QCOMPARE(h5::readIntArrayAttr(x.id(), "shape"), (std::vector<int64_t>{4, 5}));
    }

    void writerRejectsBadVarColumn() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("bad.h5ad").toStdString();
        dm::H5adWriteOptions opt;
        opt.varColumns.push_back(dm::Column::numeric("deepmapper_rank", {1, 2}));
        QVERIFY_THROWS_EXCEPTION(dm::InputError, dm::writeH5ad(smallDataset(), path, opt));
        QVERIFY(!std::filesystem::exists(path));
    }

    // The same 3 x 4 matrix in every layout the reader accepts.
    void layouts_data() {
        QTest::addColumn<int>("layout");
        QTest::newRow("csr int64 indices float64 values") << 0;
        QTest::newRow("csc") << 1;
        QTest::newRow("dense int") << 2;
        QTest::newRow("csr unsorted rows with stored zeros") << 3;
        QTest::newRow("0.7 h5sparse csc") << 4;
    }
    void layouts() {
        QFETCH(int, layout);
        // [[1 0 2 0] [0 0 0 0] [3 4 0 5]]
        QTemporaryDir dir;
        const std::string path = dir.filePath("m.h5ad").toStdString();
        writeFile(path, 3, 4, [layout](h5::Id file) {
            switch (layout) {
                case 0: csrGroup(file, "csr", {3, 4}, {1, 2, 3, 4, 5}, {0, 2, 0, 1, 3}, {0, 2, 2, 5}); break;
                case 1: csrGroup(file, "csc", {3, 4}, {1, 3, 4, 2, 5}, {0, 2, 2, 0, 2}, {0, 2, 3, 4, 5}); break;
                case 2: {
                    const int64_t dense[12] = {1, 0, 2, 0, 0, 0, 0, 0, 3, 4, 0, 5};
                    h5::writeDataset2D(file, "X", dense, 3, 4);
                    break;
                }
                case 3: csrGroup(file, "csr", {3, 4}, {2, 1, 0, 5, 3, 4}, {2, 0, 1, 3, 0, 1}, {0, 3, 3, 6}); break;
                case 4: csrGroup(file, "csc", {3, 4}, {1, 3, 4, 2, 5}, {0, 2, 2, 0, 2}, {0, 2, 3, 4, 5}, true); break;
            }
        });
        const dm::Dataset ds = dm::readH5ad(path);
        QCOMPARE(ds.X.rows, int64_t(3));
        QCOMPARE(ds.X.cols, int64_t(4));
        QCOMPARE(ds.X.indptr, (std::vector<int64_t>{0, 2, 2, 5}));
        QCOMPARE(ds.X.indices, (std::vector<int32_t>{0, 2, 0, 1, 3}));
        QCOMPARE(ds.X.values, (std::vector<float>{1, 2, 3, 4, 5}));
        QCOMPARE(ds.geneNames.front(), std::string("var0"));
    }

    void readsLargeDenseInBlocks() {
        // 2,500 cells: more than one 1024-row block.
        QTemporaryDir dir;
        const int64_t cells = 2500, genes = 7;
        dm::Dataset ds;
        dm::CsrBuilder b(genes);
        for (int64_t r = 0; r < cells; ++r) {
            for (int64_t c = 0; c < genes; ++c)
                if ((r + c) % 3 == 0) b.add(static_cast<int32_t>(c), static_cast<float>(r % 11 + c));
            b.endRow();
        }
        ds.X = b.finish();
        for (int64_t r = 0; r < cells; ++r) ds.cellNames.push_back("c" + std::to_string(r));
        for (int64_t c = 0; c < genes; ++c) ds.geneNames.push_back("g" + std::to_string(c));
        std::vector<float> dense(static_cast<size_t>(cells * genes), 0.0f);
        for (int64_t r = 0; r < cells; ++r)
            for (int64_t k = ds.X.indptr[r]; k < ds.X.indptr[r + 1]; ++k) dense[r * genes + ds.X.indices[k]] = ds.X.values[k];
        const std::string densePath = dir.filePath("dense.h5ad").toStdString();
        writeFile(densePath, cells, genes,
                  [&](h5::Id file) { h5::writeDataset2D(file, "X", dense.data(), cells, genes); });
        const dm::Dataset back = dm::readH5ad(densePath);
        QVERIFY(sameMatrix(back.X, ds.X));
        const auto infos = dm::listH5adMatrices(densePath);
        QCOMPARE(infos.front().storage, std::string("dense"));
        QCOMPARE(infos.front().dtype, std::string("float32"));
    }

    void makeNamesUniqueLikeAnndata() {
        std::vector<std::string> names = {"A", "A", "A-1", "B", "A", "B"};
        dm::makeNamesUnique(names);
        QCOMPARE(names, (std::vector<std::string>{"A", "A-2", "A-1", "B", "A-3", "B-1"}));
        std::vector<std::string> unique = {"x", "y"};
        dm::makeNamesUnique(unique);
        QCOMPARE(unique, (std::vector<std::string>{"x", "y"}));
    }
};

QTEST_GUILESS_MAIN(TestH5adRoundtrip)
#include "test_h5ad_roundtrip.moc"
