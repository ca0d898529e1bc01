// Sorted populations: one 10x folder per label, inner-joined on gene id in the first
// source's order, labelled in a categorical obs column, optionally capped per label.
// Also loadDataset's dispatch by path.
#include "common/error.h"
#include "data/readers.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <set>

using namespace dm;

namespace {

void writeText(const QString& path, const std::string& text) {
    std::ofstream os(path.toStdString(), std::ios::binary);
    os << text;
}

// A CellRanger 1-2 folder `name` under tmp with the given genes (id<TAB>name lines),
// barcodes and MatrixMarket entries ("gene cell value" lines, 1-based).
std::string population(const QTemporaryDir& tmp, const QString& name, const std::vector<std::string>& geneIds,
                       const std::vector<std::string>& barcodes, const std::vector<std::string>& entries) {
    QDir(tmp.path()).mkdir(name);
    const QString dir = tmp.filePath(name);
    std::string genes, cells, matrix = "%%MatrixMarket matrix coordinate integer general\n";
    for (const auto& g : geneIds) genes += g + "\tname_" + g + "\n";
    for (const auto& b : barcodes) cells += b + "\n";
    matrix += std::to_string(geneIds.size()) + " " + std::to_string(barcodes.size()) + " " +
              std::to_string(entries.size()) + "\n";
    for (const auto& e : entries) matrix += e + "\n";
    writeText(dir + "/genes.tsv", genes);
    writeText(dir + "/barcodes.tsv", cells);
    writeText(dir + "/matrix.mtx", matrix);
    return dir.toStdString();
}

// Population A: genes G1 G2 G3 G4, cells a1 a2 a3 (dense cells x genes):
//   a1 [1 2 0 0]   a2 [0 3 4 0]   a3 [0 0 5 6]
// Population B: genes G3 G5 G2 (another order, G5 not in A), cells b1 b2:
//   b1 [7 8 0]     b2 [0 0 9]
struct Fixture {
    QTemporaryDir tmp;
    std::string a, b;
    Fixture() {
        a = population(tmp, "A", {"G1", "G2", "G3", "G4"}, {"a1", "a2", "a3"},
                       {"1 1 1", "2 1 2", "2 2 3", "3 2 4", "3 3 5", "4 3 6"});
        b = population(tmp, "B", {"G3", "G5", "G2"}, {"b1", "b2"}, {"1 1 7", "2 1 8", "3 2 9"});
    }
};

}  // namespace

class TestPopulations : public QObject {
    Q_OBJECT
private slots:
    void innerJoinInFirstSourceOrder() {
        Fixture f;
        const Dataset ds = loadPopulations({{f.a, "CD4"}, {f.b, "CD8"}});
        // Shared genes G2, G3, in A's order.
        QCOMPARE(ds.geneIds, (std::vector<std::string>{"G2", "G3"}));
        QCOMPARE(ds.geneNames, (std::vector<std::string>{"name_G2", "name_G3"}));
        QCOMPARE(ds.cells(), 5);
        QCOMPARE(ds.cellNames, (std::vector<std::string>{"a1", "a2", "a3", "b1", "b2"}));
        // Rows: a1 [2 0]  a2 [3 4]  a3 [0 5]  b1 [0 7]  b2 [9 0]
        QCOMPARE(ds.X.rowSums(), (std::vector<double>{2, 7, 5, 7, 9}));
        QCOMPARE(ds.X.at(1, 1), 4.0f);
        QCOMPARE(ds.X.at(3, 1), 7.0f);
        QCOMPARE(ds.X.at(4, 0), 9.0f);
        const Column* c = ds.obs.find("population");
        QVERIFY(c != nullptr);
        QCOMPARE(c->kind, Column::Kind::Categorical);
        QCOMPARE(c->categories, (std::vector<std::string>{"CD4", "CD8"}));
        QCOMPARE(c->codes, (std::vector<int32_t>{0, 0, 0, 1, 1}));
        ds.validate();
    }

    void labelOrderAsGivenAndRepeatedLabelsMerge() {
        Fixture f;
        const Dataset ds = loadPopulations({{f.b, "naive"}, {f.a, "memory"}, {f.b, "naive"}}, {}, 0, 0, "facs");
        const Column* c = ds.obs.find("facs");
        QVERIFY(c != nullptr);
        QCOMPARE(c->categories, (std::vector<std::string>{"naive", "memory"}));
        QCOMPARE(c->codes, (std::vector<int32_t>{0, 0, 1, 1, 1, 0, 0}));
        QCOMPARE(ds.geneIds, (std::vector<std::string>{"G3", "G2"}));  // B's order now
        // The second copy of B repeats its barcodes; they are made unique.
        QCOMPARE(ds.cellNames[5], std::string("b1-1"));
        QCOMPARE(c->categoryCounts(), (std::vector<int64_t>{4, 3}));
    }

    void seededCapPerLabel() {
        Fixture f;
        const Dataset capped = loadPopulations({{f.a, "CD4"}, {f.b, "CD8"}}, {}, 1, 42);
        QCOMPARE(capped.cells(), 2);
        QCOMPARE(capped.obs.find("population")->categoryCounts(), (std::vector<int64_t>{1, 1}));
        const Dataset again = loadPopulations({{f.a, "CD4"}, {f.b, "CD8"}}, {}, 1, 42);
        QCOMPARE(again.cellNames, capped.cellNames);
        QCOMPARE(again.X.values, capped.X.values);
        std::set<std::string> picked;
        for (uint64_t seed = 0; seed < 20; ++seed)
            picked.insert(loadPopulations({{f.a, "CD4"}, {f.b, "CD8"}}, {}, 1, seed).cellNames[0]);
        QVERIFY2(picked.size() > 1, "the seed has no effect on which cells are kept");
        // A cap above the class size keeps everything.
        QCOMPARE(loadPopulations({{f.a, "CD4"}, {f.b, "CD8"}}, {}, 10, 1).cells(), 5);
    }

    void errorsNameTheProblem() {
        Fixture f;
        QVERIFY_THROWS_EXCEPTION(InputError, loadPopulations({}));
        QVERIFY_THROWS_EXCEPTION(InputError, loadPopulations({{f.a, ""}}));
        const std::string other = population(f.tmp, "C", {"X1", "X2"}, {"c1"}, {"1 1 1"});
        try {
            loadPopulations({{f.a, "CD4"}, {other, "odd"}});
            QFAIL("disjoint gene sets accepted");
        } catch (const InputError& e) {
            QVERIFY2(QString(e.what()).contains("share no genes"), e.what());
        }
    }

    void loadDatasetDispatch() {
        Fixture f;
        QCOMPARE(loadDataset(f.a).cells(), 3);
        QCOMPARE(loadDataset(f.a + "/matrix.mtx").genes(), 4);  // the matrix file itself
        try {
            loadDataset(f.tmp.filePath("missing.h5ad").toStdString());
            QFAIL("missing path accepted");
        } catch (const InputError& e) {
            QVERIFY2(QString(e.what()).contains("not found"), e.what());
        }
        writeText(f.tmp.filePath("table.csv"), "a,b\n");
        try {
            loadDataset(f.tmp.filePath("table.csv").toStdString());
            QFAIL("csv accepted");
        } catch (const InputError& e) {
            const QString msg = e.what();
            QVERIFY2(msg.contains(".h5ad") && msg.contains(".h5") && msg.contains("matrix folder"), e.what());
        }
        writeText(f.tmp.filePath("fake.h5"), "not hdf5");
        try {
            loadDataset(f.tmp.filePath("fake.h5").toStdString());
            QFAIL("non-HDF5 .h5 accepted");
        } catch (const InputError& e) {
            QVERIFY2(QString(e.what()).contains("HDF5"), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestPopulations)
#include "test_populations.moc"
