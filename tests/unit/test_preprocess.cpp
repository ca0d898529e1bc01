// Preprocessing on small hand-made data with hand-computed expectations: normalisation,
// the counts check, seurat-flavour highly variable genes, gene sets across datasets,
// per-class subsampling, class restrictions, the finiteness check and the Seurat export.
#include "common/error.h"
#include "data/export_seurat.h"
#include "data/preprocess.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <limits>

using namespace dm;

namespace {

CsrMatrix dense(const std::vector<std::vector<float>>& rows) {
    CsrBuilder b(rows.empty() ? 0 : static_cast<int64_t>(rows[0].size()));
    for (const auto& r : rows) {
        for (size_t j = 0; j < r.size(); ++j) b.add(static_cast<int32_t>(j), r[j]);
        b.endRow();
    }
    return b.finish();
}

// A log1p(count) matrix, so that HVG's expm1 gives the counts back.
CsrMatrix logCounts(const std::vector<std::vector<float>>& counts) {
    CsrMatrix m = dense(counts);
    for (float& v : m.values) v = static_cast<float>(std::log1p(static_cast<double>(v)));
    return m;
}

Dataset named(CsrMatrix X, std::vector<std::string> names, std::vector<std::string> ids, const std::string& source) {
    Dataset ds;
    ds.X = std::move(X);
    ds.geneNames = std::move(names);
    ds.geneIds = std::move(ids);
    for (int64_t i = 0; i < ds.X.rows; ++i) ds.cellNames.push_back(source + std::to_string(i));
    ds.source = source;
    return ds;
}

Labels labels(std::vector<std::string> classes, std::vector<int64_t> y) {
    Labels l;
    l.column = "cell_type";
    l.classes = std::move(classes);
    l.y = std::move(y);
    return l;
}

QString readFile(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QString::fromUtf8(f.readAll());
}

template <class F>
QString errorOf(F&& f) {
    try {
        f();
    } catch (const InputError& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

}  // namespace

class TestPreprocess : public QObject {
    Q_OBJECT
private slots:
    void normalizeTotalThenLog1p() {
        CsrMatrix m = dense({{1, 3}, {0, 0}, {2, 2}});
        CsrMatrix def = m;
        normalizeTotalLog1p(m, 10.0);
        // Cell 0: total 4 -> 1*10/4 = 2.5 and 3*10/4 = 7.5.
        QVERIFY(std::abs(m.at(0, 0) - std::log1p(2.5)) < 1e-6);
        QVERIFY(std::abs(m.at(0, 1) - std::log1p(7.5)) < 1e-6);
        QCOMPARE(m.at(1, 0), 0.0f);  // empty cell stays empty
        QCOMPARE(m.indptr, def.indptr);
        normalizeTotalLog1p(def);  // target 1e4: 2 of 4 -> 5000
        QVERIFY(std::abs(def.at(2, 1) - std::log1p(5000.0)) < 1e-5);
        QVERIFY_THROWS_EXCEPTION(ConfigError, normalizeTotalLog1p(def, 0.0));
    }

    void countsCheckVerdicts() {
        CountsCheck raw = looksLikeCounts(dense({{1, 0}, {2, 3}}));
        QVERIFY(raw.rawCounts);
        QCOMPARE(raw.fractionInteger, 1.0);
        QCOMPARE(raw.min, 0.0);
        QCOMPARE(raw.max, 3.0);
        QCOMPARE(raw.verdict, std::string("raw counts"));

        CountsCheck norm = looksLikeCounts(dense({{0.5f, 2}, {1, 4}}));
        QVERIFY(!norm.rawCounts);
        QCOMPARE(norm.fractionInteger, 0.75);
        QCOMPARE(norm.min, 0.5);  // no implicit zeros: the matrix is full
        QCOMPARE(norm.verdict, std::string("already normalized (non-integer values)"));

        CountsCheck scaled = looksLikeCounts(dense({{-1, 2}, {0, 1.5f}}));
        QVERIFY(scaled.hasNegative);
        QCOMPARE(scaled.min, -1.0);
        QCOMPARE(scaled.max, 2.0);
        QCOMPARE(scaled.verdict, std::string("contains negative values (scaled?)"));
    }

    void highlyVariableGenesSeuratFlavor() {
        // Counts per cell (rows) for 5 genes (columns):
        //   g0 [0 0 0 0]     mean 0, var 0        -> dispersion NaN (ranked last)
        //   g1 [0 2 0 2]     mean 1, var 4/3      -> log disp  0.28768
        //   g2 [0 0 0 4]     mean 1, var 4        -> log disp  1.38629
        //   g3 [2 0 1 1]     mean 1, var 2/3      -> log disp -0.40547
        //   g4 [10 30 10 30] mean 20, var 400/3   -> alone in the top mean bin
        // g1..g3 share a mean bin: mean 0.42284, sd 0.90349 of the log dispersions, so the
        // normalised dispersions are g2 1.0663, g1 -0.1496, g3 -0.9168; g4, alone, gets 1.
        const CsrMatrix X = logCounts({{0, 0, 0, 2, 10}, {0, 2, 0, 0, 30}, {0, 0, 0, 1, 10}, {0, 2, 4, 1, 30}});
        QCOMPARE(highlyVariableGenes(X, 1), (std::vector<int64_t>{2}));
        QCOMPARE(highlyVariableGenes(X, 2), (std::vector<int64_t>{2, 4}));
        QCOMPARE(highlyVariableGenes(X, 3), (std::vector<int64_t>{1, 2, 4}));
        QCOMPARE(highlyVariableGenes(X, 4), (std::vector<int64_t>{1, 2, 3, 4}));
        QCOMPARE(highlyVariableGenes(X, 99), (std::vector<int64_t>{0, 1, 2, 3, 4}));
        QVERIFY_THROWS_EXCEPTION(ConfigError, highlyVariableGenes(X, 0));
        QVERIFY_THROWS_EXCEPTION(InputError, highlyVariableGenes(logCounts({{1, 2}}), 1));
    }

    void highlyVariableSubsetKeepsNamesAligned() {
        const CsrMatrix X = logCounts({{0, 0, 0, 2, 10}, {0, 2, 0, 0, 30}, {0, 0, 0, 1, 10}, {0, 2, 4, 1, 30}});
        const Dataset ds = named(X, {"A", "B", "C", "D", "E"}, {}, "hvg");
        const GeneSubset s = highlyVariableSubset(ds, 2);
        QCOMPARE(s.kept, (std::vector<int64_t>{2, 4}));
        QCOMPARE(s.data.geneNames, (std::vector<std::string>{"C", "E"}));
        QCOMPARE(s.data.X.at(3, 0), X.at(3, 2));
        s.data.validate();
    }

    void intersectByIdInFirstDatasetOrder() {
        const Dataset a = named(dense({{1, 2, 3}}), {"A", "B", "C"}, {"E1", "E2", "E3"}, "a");
        const Dataset b = named(dense({{30, 40, 10}}), {"C", "D", "A"}, {"E3", "E4", "E1"}, "b");
        const GeneIntersection x = intersectGenes(a, b);
        QVERIFY(x.byId);
        QCOMPARE(x.shared, (std::vector<std::string>{"A", "C"}));
        QCOMPARE(x.a.X.values, (std::vector<float>{1, 3}));
        QCOMPARE(x.b.X.values, (std::vector<float>{10, 30}));  // b's columns realigned to a's order
        QCOMPARE(x.b.geneIds, (std::vector<std::string>{"E1", "E3"}));

        const ExclusiveGenes e = exclusiveGenes(a, b);
        QCOMPARE(e.onlyA, (std::vector<std::string>{"B"}));
        QCOMPARE(e.onlyB, (std::vector<std::string>{"D"}));
    }

    void intersectFallsBackToNames() {
        const Dataset a = named(dense({{1, 2, 3}}), {"A", "B", "C"}, {"E1", "E2", "E3"}, "a");
        const Dataset noIds = named(dense({{7, 8, 9}}), {"C", "X", "A"}, {}, "b");
        const GeneIntersection x = intersectGenes(a, noIds);
        QVERIFY(!x.byId);
        QCOMPARE(x.shared, (std::vector<std::string>{"A", "C"}));
        QCOMPARE(x.b.X.values, (std::vector<float>{9, 7}));
        QCOMPARE(exclusiveGenes(a, noIds).onlyB, (std::vector<std::string>{"X"}));

        // Same names but different ids: matched by id, nothing is shared.
        const Dataset otherIds = named(dense({{1, 2, 3}}), {"A", "B", "C"}, {"M1", "M2", "M3"}, "mouse");
        const QString msg = errorOf([&] { intersectGenes(a, otherIds); });
        QVERIFY2(msg.contains("share no genes") && msg.contains("gene id"), qPrintable(msg));
    }

    void subsamplePerClassIsSeededAndCapped() {
        const Labels l = labels({"T", "B"}, {0, 1, 0, 0, 1, -1, 0});
        QCOMPARE(subsamplePerClass(l, 0, 1), (std::vector<int64_t>{0, 1, 2, 3, 4, 6}));
        const std::vector<int64_t> rows = subsamplePerClass(l, 2, 7);
        QCOMPARE(rows.size(), size_t(4));
        QVERIFY(std::is_sorted(rows.begin(), rows.end()));
        int t = 0, b = 0;
        for (int64_t r : rows) (l.y[r] == 0 ? t : b) += 1;
        QCOMPARE(t, 2);
        QCOMPARE(b, 2);
        QCOMPARE(subsamplePerClass(l, 2, 7), rows);  // deterministic
        bool differs = false;
        for (uint64_t seed = 0; seed < 20 && !differs; ++seed) differs = subsamplePerClass(l, 2, seed) != rows;
        QVERIFY2(differs, "the seed has no effect on the sample");
    }

    void keepClassesInGivenOrder() {
        const Labels l = labels({"T", "B", "NK"}, {0, 1, 2, -1, 2});
        const Labels k = keepClasses(l, {"NK", "T"});
        QCOMPARE(k.classes, (std::vector<std::string>{"NK", "T"}));
        QCOMPARE(k.y, (std::vector<int64_t>{1, -1, 0, -1, 0}));
        QCOMPARE(k.column, std::string("cell_type"));
        QString msg = errorOf([&] { keepClasses(l, {"T", "Mono"}); });
        QVERIFY2(msg.contains("'Mono' not found") && msg.contains("T, B, NK"), qPrintable(msg));
        QVERIFY(!errorOf([&] { keepClasses(l, {"T"}); }).isEmpty());
        QVERIFY(errorOf([&] { keepClasses(l, {"T", "T"}); }).contains("twice"));
    }

    void oneVsRestNamesTheRest() {
        const Labels l = labels({"T", "B", "NK"}, {0, 1, 2, -1, 1});
        const Labels r = oneVsRest(l, "B");
        QCOMPARE(r.classes, (std::vector<std::string>{"B", "rest"}));
        QCOMPARE(r.y, (std::vector<int64_t>{1, 0, 1, -1, 0}));
        QCOMPARE(oneVsRest(l, "B", "").classes[1], std::string("not B"));
        QVERIFY(errorOf([&] { oneVsRest(l, "DC"); }).contains("not found"));
        const Labels onlyB = labels({"T", "B"}, {1, 1});
        QVERIFY(errorOf([&] { oneVsRest(onlyB, "B"); }).contains("no other cells"));
    }

    void checkFiniteNamesThePlace() {
        checkFinite(dense({{1, 2}, {3, 4}}), "X");
        const float nan = std::numeric_limits<float>::quiet_NaN();
        QString msg = errorOf([&] { checkFinite(dense({{1, 0, 0}, {0, 0, nan}}), "layer 'scaled'"); });
        QVERIFY2(msg.contains("layer 'scaled'") && msg.contains("NaN") && msg.contains("row) 1") &&
                     msg.contains("column) 2"),
                 qPrintable(msg));
        msg = errorOf([&] { checkFinite(dense({{std::numeric_limits<float>::infinity()}}), "X"); });
        QVERIFY2(msg.contains("infinite"), qPrintable(msg));
    }

    void exportForSeuratWritesCountsAndLabels() {
        QTemporaryDir tmp;
        const Dataset ds = named(dense({{1, 0, 2.5f}, {0, 0, 0}}), {"ACTB", "HLA,A", "CD3E"}, {}, "s");
        const QString out = tmp.filePath("seurat");
        QCOMPARE(exportForSeurat(ds, labels({"T", "B"}, {1, -1}), out.toStdString()), out.toStdString());
        QCOMPARE(readFile(out + "/counts.csv"), QString(",ACTB,\"HLA,A\",CD3E\ncell0,1,0,2.5\ncell1,0,0,0\n"));
        QCOMPARE(readFile(out + "/labels.csv"), QString("cell,label\ncell0,B\ncell1,\n"));
        QVERIFY(errorOf([&] { exportForSeurat(ds, labels({"T", "B"}, {1}), out.toStdString()); }).contains("2 cells"));
    }
};

QTEST_GUILESS_MAIN(TestPreprocess)
#include "test_preprocess.moc"
