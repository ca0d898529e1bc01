// Broken inputs give one specific message naming the file and the problem.
#include "common/error.h"
#include "data/h5ad_writer.h"
#include "data/hdf5_file.h"
#include "data/readers.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

namespace h5 = dm::h5;

namespace {

// obs/var dataframes of the given lengths and an X csr group from the given arrays.
void writeCsrFile(const std::string& path, int64_t cells, int64_t genes, const std::vector<int64_t>& shape,
                  const std::vector<float>& data, const std::vector<int32_t>& indices,
                  const std::vector<int64_t>& indptr, bool withObs = true) {
    h5::File f = h5::File::create(path);
    for (const char* name : {"obs", "var"}) {
        if (name[0] == 'o' && !withObs) continue;
        h5::Handle g = h5::createGroup(f.id(), name);
        h5::writeStringAttr(g.id(), "_index", "_index");
        std::vector<std::string> idx;
        for (int64_t i = 0; i < (name[0] == 'o' ? cells : genes); ++i) idx.push_back(std::to_string(i));
        h5::writeStringDataset(g.id(), "_index", idx);
    }
    h5::Handle x = h5::createGroup(f.id(), "X");
    h5::writeStringAttr(x.id(), "encoding-type", "csr_matrix");
    h5::writeInt64ArrayAttr(x.id(), "shape", shape);
    h5::writeDataset(x.id(), "data", data.data(), static_cast<int64_t>(data.size()));
    h5::writeDataset(x.id(), "indices", indices.data(), static_cast<int64_t>(indices.size()));
    h5::writeDataset(x.id(), "indptr", indptr.data(), static_cast<int64_t>(indptr.size()));
}

// Runs `read` and checks it throws InputError whose message holds every fragment.
template <typename F>
void expectError(F read, const std::vector<QString>& fragments) {
    try {
        read();
        QFAIL("expected a dm::InputError");
    } catch (const dm::InputError& e) {
        const QString msg = QString::fromUtf8(e.what());
        for (const auto& f : fragments) QVERIFY2(msg.contains(f), qPrintable("'" + f + "' not in: " + msg));
    }
}

}  // namespace

class TestH5adBadInput : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::string file(const char* name) { return dir_.filePath(name).toStdString(); }

private slots:
    void notHdf5() {
        const std::string path = file("notes.h5ad");
        std::ofstream(path) << "cell,gene,count\nc1,CD3E,4\n";
        expectError([&] { dm::readH5ad(path); }, {"notes.h5ad", "not an HDF5 file"});
        expectError([&] { dm::read10xH5(path); }, {"notes.h5ad", "not an HDF5 file"});
    }

    void missingFile() {
        expectError([&] { dm::readH5ad(file("nope.h5ad")); }, {"nope.h5ad", "not found"});
    }

    void truncated() {
        // A valid file from the writer, cut in half as an interrupted copy would leave it.
        const std::string path = file("cut.h5ad");
        dm::Dataset ds;
        dm::CsrBuilder b(200);
        for (int r = 0; r < 300; ++r) {
            for (int c = r % 7; c < 200; c += 7) b.add(c, static_cast<float>(r + c));
            b.endRow();
        }
        ds.X = b.finish();
        for (int r = 0; r < 300; ++r) ds.cellNames.push_back("cell" + std::to_string(r));
        for (int c = 0; c < 200; ++c) ds.geneNames.push_back("gene" + std::to_string(c));
        dm::writeH5ad(ds, path);
        QCOMPARE(dm::readH5ad(path).X.nnz(), ds.X.nnz());
        std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
        expectError([&] { dm::readH5ad(path); }, {"cut.h5ad", "truncated"});
    }

    void noObs() {
        const std::string path = file("noobs.h5ad");
        writeCsrFile(path, 2, 2, {2, 2}, {1}, {0}, {0, 1, 1}, false);
        expectError([&] { dm::readH5ad(path); }, {"noobs.h5ad", "no 'obs'", "X, var"});
    }

    void shapeDisagreesWithObs() {
        const std::string path = file("shape.h5ad");
        writeCsrFile(path, 3, 2, {2, 2}, {1}, {0}, {0, 1, 1});
        expectError([&] { dm::readH5ad(path); }, {"shape.h5ad", "matrix X has 2 rows but obs has 3 cells"});
        const std::string path2 = file("shape2.h5ad");
        writeCsrFile(path2, 2, 5, {2, 2}, {1}, {0}, {0, 1, 1});
        expectError([&] { dm::readH5ad(path2); }, {"shape2.h5ad", "2 columns but var has 5 genes"});
    }

    void indicesOutOfRange() {
        const std::string path = file("range.h5ad");
        writeCsrFile(path, 2, 3, {2, 3}, {1, 2}, {0, 7}, {0, 1, 2});
        expectError([&] { dm::readH5ad(path); }, {"range.h5ad", "matrix X", "column index 7", "outside 0..2"});
    }

    void indptrNotMonotone() {
        const std::string path = file("indptr.h5ad");
        writeCsrFile(path, 3, 3, {3, 3}, {1, 2}, {0, 1}, {0, 2, 1, 2});
        expectError([&] { dm::readH5ad(path); }, {"indptr.h5ad", "matrix X", "indptr is not monotone"});
        const std::string path2 = file("indptr2.h5ad");
        writeCsrFile(path2, 2, 3, {2, 3}, {1, 2}, {0, 1}, {0, 1, 5});
        expectError([&] { dm::readH5ad(path2); }, {"indptr2.h5ad", "indptr ends at 5 but there are 2 stored values"});
    }

    void nanAndInf_data() {
        QTest::addColumn<float>("bad");
        QTest::addColumn<QString>("word");
        QTest::newRow("NaN") << std::numeric_limits<float>::quiet_NaN() << "NaN";
        QTest::newRow("Inf") << std::numeric_limits<float>::infinity() << "infinite";
    }
    void nanAndInf() {
        QFETCH(float, bad);
        QFETCH(QString, word);
        const std::string path = file("nan.h5ad");
        writeCsrFile(path, 2, 3, {2, 3}, {1, bad}, {0, 2}, {0, 1, 2});
        expectError([&] { dm::readH5ad(path); }, {"nan.h5ad", "matrix X holds " + word, "cell 1, gene 2"});
    }

    void emptyMatrix() {
        const std::string path = file("empty.h5ad");
        writeCsrFile(path, 0, 3, {0, 3}, {}, {}, {0});
        expectError([&] { dm::readH5ad(path); }, {"empty.h5ad", "empty (0 cells x 3 genes)"});
        const std::string path2 = file("empty2.h5ad");
        writeCsrFile(path2, 2, 0, {2, 0}, {}, {}, {0, 0, 0});
        expectError([&] { dm::readH5ad(path2); }, {"empty2.h5ad", "empty (2 cells x 0 genes)"});
    }

    void unknownMatrixChoice() {
        const std::string path = file("choice.h5ad");
        writeCsrFile(path, 2, 3, {2, 3}, {1, 2}, {0, 1}, {0, 1, 2});
        expectError([&] { dm::readH5ad(path, {"layer:counts"}); },
                    {"choice.h5ad", "no matrix 'layer:counts'", "available: X (2 x 3, csr)"});
    }

    void tenxWithoutMatrix() {
        const std::string path = file("other.h5");
        {
            h5::File f = h5::File::create(path);
            h5::createGroup(f.id(), "something");
        }
        expectError([&] { dm::read10xH5(path); }, {"other.h5", "no CellRanger matrix"});
    }
};

QTEST_GUILESS_MAIN(TestH5adBadInput)
#include "test_h5ad_bad_input.moc"
