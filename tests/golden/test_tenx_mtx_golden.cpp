// The real 10x matrix folders in shared/data/10x against the reference values in
// shared/golden/datasets.json (computed with scipy.io.mmread): shape, nnz, sums,
// extremes and names, to a relative 1e-6.
#include "data/readers.h"
#include "test_support.h"

#include <nlohmann/json.hpp>

#include <QTest>

#include <cmath>
#include <fstream>

using namespace dm;
using nlohmann::json;

namespace {

bool close(double actual, double expected) {
    return std::abs(actual - expected) <= 1e-6 * std::max(std::abs(actual), std::abs(expected)) + 1e-9;
}

#define COMPARE_CLOSE(actual, expected)                                                                  \
    QVERIFY2(close((actual), (expected)),                                                                \
             qPrintable(QString("%1 = %2, expected %3").arg(#actual).arg((actual), 0, 'g', 12).arg((expected), 0, 'g', 12)))

json goldenDatasets() {
    std::ifstream in(test::sharedPath("golden/datasets.json"));
    return json::parse(in);
}

std::vector<std::string> firstN(const std::vector<std::string>& v, size_t n) {
    return {v.begin(), v.begin() + static_cast<std::ptrdiff_t>(std::min(n, v.size()))};
}

void checkAgainstGolden(const std::string& key) {
    const json g = goldenDatasets().at(key);
    const Dataset ds = read10xMtxDir(test::sharedPath(QString::fromStdString("data/" + key)));
    ds.validate();
    const json& x = g.at("X");
    QCOMPARE(ds.cells(), x.at("shape")[0].get<int64_t>());
    QCOMPARE(ds.genes(), x.at("shape")[1].get<int64_t>());
    QCOMPARE(ds.X.nnz(), x.at("nnz").get<int64_t>());

    const std::vector<double> rowSums = ds.X.rowSums(), colSums = ds.X.colSums();
    for (size_t i = 0; i < 5; ++i) {
        COMPARE_CLOSE(rowSums[i], x.at("row_sums_first5")[i].get<double>());
        COMPARE_CLOSE(colSums[i], x.at("col_sums_first5")[i].get<double>());
    }
    double total = 0.0, lo = 0.0, hi = 0.0;  // implicit zeros: min and max start at 0
    for (float v : ds.X.values) {
        total += v;
        lo = std::min(lo, double(v));
        hi = std::max(hi, double(v));
    }
    COMPARE_CLOSE(total, x.at("sum").get<double>());
    COMPARE_CLOSE(lo, x.at("min").get<double>());
    COMPARE_CLOSE(hi, x.at("max").get<double>());

    QCOMPARE(firstN(ds.cellNames, 5), g.at("barcodes_first5").get<std::vector<std::string>>());
    QCOMPARE(firstN(ds.geneIds, 5), g.at("gene_ids_first5").get<std::vector<std::string>>());
    QCOMPARE(firstN(ds.geneNames, 5), g.at("gene_names_first5").get<std::vector<std::string>>());
}

}  // namespace

class TestTenxMtxGolden : public QObject {
    Q_OBJECT
private slots:
    void init() { DM_REQUIRE_SHARED(); }

    void cellRanger120PlainText() { checkAgainstGolden("10x/1.2.0/filtered_gene_bc_matrices/hg19_chr21"); }

    void cellRanger300Gzipped() { checkAgainstGolden("10x/3.0.0/filtered_feature_bc_matrix"); }

    void genomeParentFolderResolvesToItsOnlyGenome() {
        const Dataset ds = read10xMtxDir(test::sharedPath("data/10x/1.2.0/filtered_gene_bc_matrices"));
        QCOMPARE(ds.cells(), 12);
        QCOMPARE(ds.genes(), 343);
    }
};

QTEST_GUILESS_MAIN(TestTenxMtxGolden)
#include "test_tenx_mtx_golden.moc"
