// normalize_total(target_sum=1e4) + log1p of the real 10x v3 matrix against
// shared/golden/normalize_total_log1p_10x_v3.json: matrix statistics and the individual
// values pinned for the first and last cell, to a relative 1e-6.
#include "data/preprocess.h"
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

}  // namespace

class TestNormalizeGolden : public QObject {
    Q_OBJECT
private slots:
    void init() { DM_REQUIRE_SHARED(); }

    void normalizeTotalLog1pMatchesScanpy() {
        std::ifstream in(test::sharedPath("golden/normalize_total_log1p_10x_v3.json"));
        const json g = json::parse(in);
        Dataset ds = read10xMtxDir(test::sharedPath(QString::fromStdString("data/" + g.at("input").get<std::string>())));

        int64_t zeroTotal = 0;
        for (double s : ds.X.rowSums()) zeroTotal += s == 0.0;
        QCOMPARE(zeroTotal, g.at("cells_with_zero_total").get<int64_t>());

        normalizeTotalLog1p(ds.X, g.at("target_sum").get<double>());
        const json& x = g.at("X");
        QCOMPARE(ds.cells(), x.at("shape")[0].get<int64_t>());
        QCOMPARE(ds.genes(), x.at("shape")[1].get<int64_t>());
        QCOMPARE(ds.X.nnz(), x.at("nnz").get<int64_t>());
        const std::vector<double> rowSums = ds.X.rowSums(), colSums = ds.X.colSums();
        for (size_t i = 0; i < 5; ++i) {
            COMPARE_CLOSE(rowSums[i], x.at("row_sums_first5")[i].get<double>());
            COMPARE_CLOSE(colSums[i], x.at("col_sums_first5")[i].get<double>());
        }
        double total = 0.0, lo = 0.0, hi = 0.0;
        for (float v : ds.X.values) {
            total += v;
            lo = std::min(lo, double(v));
            hi = std::max(hi, double(v));
        }
        COMPARE_CLOSE(total, x.at("sum").get<double>());
        COMPARE_CLOSE(lo, x.at("min").get<double>());
        COMPARE_CLOSE(hi, x.at("max").get<double>());

        // Individual values: keys are gene (column) indices.
        const std::pair<const char*, int64_t> pinned[] = {{"cell0_nonzero", 0}, {"cell_last_nonzero", ds.cells() - 1}};
        for (const auto& [key, row] : pinned) {
            QVERIFY(!g.at(key).empty());
            for (const auto& [col, value] : g.at(key).items()) {
                const double actual = ds.X.at(row, std::stoll(col));
                QVERIFY2(close(actual, value.get<double>()),
                         qPrintable(QString("%1[%2] = %3, expected %4")
                                        .arg(key, QString::fromStdString(col))
                                        .arg(actual, 0, 'g', 12)
                                        .arg(value.get<double>(), 0, 'g', 12)));
            }
        }
    }

    void rawCountsRecognised() {
        const Dataset ds = read10xMtxDir(test::sharedPath("data/10x/3.0.0/filtered_feature_bc_matrix"));
        const CountsCheck c = looksLikeCounts(ds.X);
        QVERIFY(c.rawCounts);
        QCOMPARE(c.verdict, std::string("raw counts"));
        QCOMPARE(c.max, 36.0);
        Dataset norm = ds;
        normalizeTotalLog1p(norm.X);
        QCOMPARE(looksLikeCounts(norm.X).verdict, std::string("already normalized (non-integer values)"));
    }
};

QTEST_GUILESS_MAIN(TestNormalizeGolden)
#include "test_normalize_golden.moc"
