// Differential expression on pbmc68k_reduced (raw.X, bulk_labels) against Seurat 4.3.0's
// FindAllMarkers(test.use = "wilcox" / "t", logfc.threshold = 0, min.pct = 0): every gene
// of every cluster, p-values to 1e-6 relative (measured: Wilcoxon 9e-14), avg_log2FC to
// 1e-4, pct exactly, and the order within each cluster wherever the p-values differ.
//
// Two things about the reference's input, found by reproducing its numbers:
// - avg_log2FC is log2(mean(x) + 1) of group minus rest: the matrix was set as Seurat's
//   data slot directly (no NormalizeData command recorded), so FoldChange took its
//   default mean function, not the expm1 one; FoldChangeMean::Plain reproduces it to 2e-8.
// - Seurat read the float32 values as text with 8 significant digits (with that rounding
//   avg_log2FC of FTL matches to 4e-16, without it to 3e-10). Means and variances move by
//   ~1e-9, which moves Welch's t of a gene like AIF1 (t = 36, p = 1e-155) by 3e-9 and its
//   p-value by 1.6e-6 relative; on the rounded values this code gives Seurat's p to 3e-10.
//   The rank test does not see it. So Welch's p-values are held to 1e-5 relative here.
#include "analysis/differential.h"
#include "data/readers.h"
#include "test_support.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

using namespace dm;

namespace {

struct GoldenRow {
    double p, fc, pct1, pct2, pAdj;
    std::string cluster, gene;
};

std::vector<std::string> splitCsv(const std::string& line) {
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false;
    for (char ch : line) {
        if (ch == '"') quoted = !quoted;
        else if (ch == ',' && !quoted) fields.push_back(field), field.clear();
        else field += ch;
    }
    fields.push_back(field);
    return fields;
}

// cluster -> rows in Seurat's order
std::map<std::string, std::vector<GoldenRow>> readGolden(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    std::map<std::string, std::vector<GoldenRow>> rows;
    while (std::getline(in, line)) {
        const auto f = splitCsv(line);
        if (f.size() != 7) continue;
        rows[f[5]].push_back({std::stod(f[0]), std::stod(f[1]), std::stod(f[2]), std::stod(f[3]), std::stod(f[4]), f[5], f[6]});
    }
    return rows;
}

bool closeP(double mine, double golden, double tolerance) {
    if (golden < 1e-300 || mine < 1e-300) return std::abs(std::log10(std::max(mine, 1e-320)) - std::log10(golden)) < 1e-3;
    return std::abs(mine - golden) <= tolerance * golden;
}

}  // namespace

class TestDifferentialGolden : public QObject {
    Q_OBJECT
private:
    void compare(DeTest test, const char* file, double pTolerance) {
        DM_REQUIRE_SHARED();
        const auto golden = readGolden(test::sharedPath(QString("golden/") + file));
        QCOMPARE(golden.size(), size_t{10});
        H5adReadOptions options;
        options.matrix = "raw";
        const Dataset ds = readH5ad(test::sharedPath("data/h5ad/pbmc68k_reduced.h5ad"), options);
        const Labels labels = labelsFromColumn(ds, "bulk_labels");
        DeOptions de;
        de.test = test;
        de.threads = 2;
        de.foldChangeMean = FoldChangeMean::Plain;
        const DeResult r = findAllMarkers(ds.X, labels.y, labels.classes, ds.geneNames, de);
        QCOMPARE(r.comparisons.size(), size_t{10});
        double worstP = 0, worstFc = 0;
        int checkedPairs = 0;
        for (const DeComparison& c : r.comparisons) {
            QVERIFY2(golden.count(c.group), c.group.c_str());
            const auto& ref = golden.at(c.group);
            QCOMPARE(c.genes.size(), ref.size());
            std::map<std::string, size_t> position;
            for (size_t i = 0; i < c.genes.size(); ++i) position[r.geneNames[static_cast<size_t>(c.genes[i].gene)]] = i;
            for (const GoldenRow& g : ref) {
                QVERIFY2(position.count(g.gene), g.gene.c_str());
                const GeneDe& m = c.genes[position[g.gene]];
                const QString where = QString::fromStdString(c.group + " / " + g.gene);
                QVERIFY2(closeP(m.pValue, g.p, pTolerance), qPrintable(where + QString(": p %1 vs Seurat %2").arg(m.pValue, 0, 'g', 15).arg(g.p, 0, 'g', 15)));
                QVERIFY2(closeP(m.pAdjBonferroni, g.pAdj, pTolerance), qPrintable(where + QString(": p_val_adj %1 vs %2").arg(m.pAdjBonferroni).arg(g.pAdj)));
                QVERIFY2(std::abs(m.avgLog2FC - g.fc) < 1e-4, qPrintable(where + QString(": avg_log2FC %1 vs %2").arg(m.avgLog2FC, 0, 'g', 12).arg(g.fc, 0, 'g', 12)));
                QVERIFY2(m.pct1 == g.pct1 && m.pct2 == g.pct2,
                         qPrintable(where + QString(": pct %1/%2 vs %3/%4").arg(m.pct1).arg(m.pct2).arg(g.pct1).arg(g.pct2)));
                if (g.p > 1e-300) worstP = std::max(worstP, std::abs(m.pValue - g.p) / g.p);
                worstFc = std::max(worstFc, std::abs(m.avgLog2FC - g.fc));
            }
            // Order: every pair Seurat puts in order by clearly different p-values.
            for (size_t i = 0; i < ref.size(); ++i)
                for (size_t j = i + 1; j < ref.size(); ++j) {
                    if (!(ref[j].p > ref[i].p * (1 + 1e-6))) continue;
                    ++checkedPairs;
                    QVERIFY2(position[ref[i].gene] < position[ref[j].gene],
                             qPrintable(QString::fromStdString(c.group + ": " + ref[i].gene + " before " + ref[j].gene)));
                }
        }
        qInfo("%s: worst p relative difference %.2e, worst avg_log2FC difference %.2e, %d ordered pairs checked",
              deTestName(test), worstP, worstFc, checkedPairs);
    }

private slots:
    void wilcoxon() { compare(DeTest::Wilcoxon, "findallmarkers_pbmc68k_wilcox.csv", 1e-6); }
    void welch() { compare(DeTest::WelchT, "findallmarkers_pbmc68k_t.csv", 1e-5); }
};

QTEST_GUILESS_MAIN(TestDifferentialGolden)
#include "test_differential_golden.moc"
