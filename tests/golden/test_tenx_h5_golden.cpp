// CellRanger .h5 matrices (v2 per-genome groups, v3 matrix/ + features/) read by
// read10xH5 and checked against golden/datasets.json.
#include "common/error.h"
#include "data/h5ad_inspect.h"
#include "data/readers.h"
#include "test_support.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <fstream>

using json = nlohmann::json;

namespace {

json golden() {
    std::ifstream in(dm::test::sharedPath("golden/datasets.json"));
    return json::parse(in);
}

bool close(double a, double b) { return std::fabs(a - b) <= 1e-6 * std::max(1.0, std::fabs(b)); }

void checkMatrix(const dm::CsrMatrix& m, const json& g) {
    QCOMPARE(m.rows, g["shape"][0].get<int64_t>());
    QCOMPARE(m.cols, g["shape"][1].get<int64_t>());
    QCOMPARE(m.nnz(), g["nnz"].get<int64_t>());
    double sum = 0, lo = 0, hi = 0;
    for (float v : m.values) sum += v, lo = std::min<double>(lo, v), hi = std::max<double>(hi, v);
    QVERIFY(close(sum, g["sum"]));
    QVERIFY(close(lo, g["min"]));
    QVERIFY(close(hi, g["max"]));
    const auto rows = m.rowSums(), cols = m.colSums();
    for (size_t i = 0; i < 5; ++i) {
        QVERIFY2(close(rows[i], g["row_sums_first5"][i]), qPrintable(QString("row %1: %2").arg(i).arg(rows[i])));
        QVERIFY2(close(cols[i], g["col_sums_first5"][i]), qPrintable(QString("col %1: %2").arg(i).arg(cols[i])));
    }
}

void checkFirst(const std::vector<std::string>& names, const json& g) {
    QVERIFY(names.size() >= g.size());
    for (size_t i = 0; i < g.size(); ++i) QCOMPARE(names[i], g[i].get<std::string>());
}

}  // namespace

class TestTenxH5Golden : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { DM_REQUIRE_SHARED(); }

    // Every (file, genome) pinned in datasets.json.
    void genomes_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("genome");
        const json g = golden();
        for (const char* f : {"10x/1.2.0/filtered_gene_bc_matrices_h5.h5", "10x/1.2.0/multiple_genomes.h5",
                              "10x/3.0.0/filtered_feature_bc_matrix.h5"})
            for (const auto& [genome, spec] : g[f]["genomes"].items())
                QTest::newRow((std::string(f) + " " + genome).c_str()) << QString(f) << QString::fromStdString(genome);
    }
    void genomes() {
        QFETCH(QString, file);
        QFETCH(QString, genome);
        const json g = golden()[file.toStdString()]["genomes"][genome.toStdString()];
        const std::string path = dm::test::sharedPath("data/" + file);
        dm::TenxOptions options;
        // v3 files have one matrix/ group; the golden key "matrix" is not a genome name.
        if (genome != "matrix") options.genome = genome.toStdString();
        const dm::Dataset ds = dm::read10xH5(path, options);
        checkMatrix(ds.X, g["X"]);
        checkFirst(ds.cellNames, g["barcodes_first5"]);
        checkFirst(ds.geneIds, g["gene_ids_first5"]);
        checkFirst(ds.geneNames, g["gene_names_first5"]);
        QCOMPARE(ds.matrix, std::string("10x"));
        QCOMPARE(ds.source, path);
        // Unique names (anndata's var_names_make_unique), ids kept as they are.
        std::vector<std::string> sorted = ds.geneNames;
        std::sort(sorted.begin(), sorted.end());
        QVERIFY(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
        QCOMPARE(static_cast<int64_t>(ds.geneIds.size()), ds.genes());
        // v3 golden lists the feature types found: all Gene Expression, so nothing dropped.
        const dm::Dataset all = dm::read10xH5(path, {true, options.genome});
        QCOMPARE(all.genes(), ds.genes());
    }

    void severalGenomesNeedAChoice() {
        const std::string path = dm::test::sharedPath("data/10x/1.2.0/multiple_genomes.h5");
        try {
            dm::read10xH5(path);
            QFAIL("expected an InputError");
        } catch (const dm::InputError& e) {
            const QString msg = e.what();
            QVERIFY2(msg.contains("another_genome") && msg.contains("hg19_chr21") && msg.contains("--genome"),
                     qPrintable(msg));
        }
        QVERIFY_THROWS_EXCEPTION(dm::InputError, dm::read10xH5(path, {false, "mm10"}));
    }

    void inspectThroughLoad() {
        const std::string path = dm::test::sharedPath("data/10x/3.0.0/filtered_feature_bc_matrix.h5");
        const dm::InputSummary s = dm::inspectInput(path);
        QCOMPARE(s.cells, int64_t(1107));
        QCOMPARE(s.genes, int64_t(507));
        QCOMPARE(s.nnz, int64_t(23866));
        QVERIFY(s.looksLikeCounts);
        QCOMPARE(s.chosen, std::string("10x"));
    }
};

QTEST_GUILESS_MAIN(TestTenxH5Golden)
#include "test_tenx_h5_golden.moc"
