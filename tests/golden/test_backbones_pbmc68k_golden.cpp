// Every backbone kind trains on real data and produces a ranking: pbmc68k_reduced (raw.X,
// bulk_labels, 765 genes), one tiny pass each, then a few more epochs of a cheap backbone
// must classify clearly above chance. The full figures come from bench/bench_backbones.
#include "data/preprocess.h"
#include "data/readers.h"
#include "engine/runner.h"
#include "test_support.h"

#include <QTest>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

using namespace dm;

namespace {

struct Pbmc {
    Dataset ds;
    Labels labels;
};

Pbmc loadPbmc() {
    H5adReadOptions options;
    options.matrix = "raw";
    Pbmc p;
    p.ds = readH5ad(test::sharedPath("data/h5ad/pbmc68k_reduced.h5ad"), options);
    p.labels = labelsFromColumn(p.ds, "bulk_labels");
    // The CLI's --normalize auto: normalize_total + log1p only for raw counts.
    if (looksLikeCounts(p.ds.X).rawCounts) normalizeTotalLog1p(p.ds.X, 1e4);
    return p;
}

// Every `step`-th cell of the classes in `keep` (relabelled 0..), so the heavy backbones
// stay quick; featureNames are all genes.
struct Subset {
    CsrMatrix X;
    RunInput in;
};

Subset subset(const Pbmc& p, const std::vector<int64_t>& keep, int64_t step) {
    Subset s;
    std::vector<int64_t> remap(p.labels.classes.size(), -1);
    for (size_t k = 0; k < keep.size(); ++k) {
        remap[static_cast<size_t>(keep[k])] = static_cast<int64_t>(k);
        s.in.classes.push_back(p.labels.classes[static_cast<size_t>(keep[k])]);
    }
    std::vector<int64_t> rows;
    for (int64_t r = 0; r < p.ds.cells(); r += step) {
        const int64_t y = p.labels.y[static_cast<size_t>(r)];
        if (y >= 0 && remap[static_cast<size_t>(y)] >= 0) {
            rows.push_back(r);
            s.in.y.push_back(remap[static_cast<size_t>(y)]);
        }
    }
    s.X = p.ds.X.selectRows(rows);
    s.in.X = &s.X;
    s.in.featureNames = p.ds.geneNames;
    return s;
}

// The `n` largest classes, largest first.
std::vector<int64_t> largestClasses(const Labels& labels, size_t n) {
    const auto counts = labels.counts();
    std::vector<int64_t> order(counts.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int64_t a, int64_t b) { return counts[static_cast<size_t>(a)] > counts[static_cast<size_t>(b)]; });
    order.resize(std::min(n, order.size()));
    return order;
}

RunConfig tinyConfig(const std::string& kind, int epochs) {
    RunConfig c;
    c.passes = 1;
    c.maxTries = 1;
    c.epochs = epochs;
    c.earlyStop.enabled = false;
    c.gate.kind = "floor";  // a few epochs: this checks the plumbing, not that the pass beats chance
    c.attribution.samples = 4;
    c.attribution.igSteps = 8;
    c.attribution.internalBatch = 8;
    c.backbone.kind = kind;
    c.threads = 1;
    return c;
}

// One accepted pass, accuracy in [0, 1], and a ranking over every gene with finite values.
void checkFindings(const Findings& f, int64_t genes, const std::string& what) {
    QVERIFY2(f.accepted == 1 && f.passes.size() == 1, what.c_str());
    const double acc = f.passes.front().accuracy;
    QVERIFY2(acc >= 0.0 && acc <= 1.0, what.c_str());
    const auto ranking = f.ranking();
    QVERIFY2(static_cast<int64_t>(ranking.size()) == genes, what.c_str());
    double total = 0;
    for (const RankedFeature& g : ranking) {
        QVERIFY2(std::isfinite(g.selectionFrequency) && std::isfinite(g.medianImportance) &&
                     std::isfinite(g.meanRank),
                 (what + ": " + g.name).c_str());
        QVERIFY2(g.selectionFrequency >= 0.0 && g.selectionFrequency <= 1.0, (what + ": " + g.name).c_str());
        total += g.medianImportance;
    }
    QVERIFY2(total > 0.0, (what + ": every gene has zero importance").c_str());  // the attribution saw something
    // Ordered by selection frequency first.
    for (size_t i = 1; i < ranking.size(); ++i)
        QVERIFY2(ranking[i - 1].selectionFrequency >= ranking[i].selectionFrequency, what.c_str());
    QCOMPARE(static_cast<int>(std::count_if(ranking.begin(), ranking.end(),
                                            [](const RankedFeature& g) { return g.selectionFrequency == 1.0; })),
             f.topK);
}

}  // namespace

class TestBackbonesPbmc68kGolden : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        DM_REQUIRE_SHARED();
        pbmc_ = loadPbmc();
        QCOMPARE(pbmc_.ds.genes(), int64_t(765));
        QCOMPARE(pbmc_.ds.cells(), int64_t(700));
        QCOMPARE(pbmc_.labels.classes.size(), size_t(10));
    }

    // One pass of 1 epoch per kind on every 3rd cell (about 230 cells, all 10 classes).
    void everyBackboneTrainsAndRanks_data() {
        QTest::addColumn<QString>("kind");
        for (const char* k : {"linear", "mlp", "cnn_small", "cnn", "resnet18", "resnet18_s", "resnet34_s",
                              "resnet50_s", "vit_cct", "conv_vae"})
            QTest::newRow(k) << QString(k);
    }
    void everyBackboneTrainsAndRanks() {
        QFETCH(QString, kind);
        std::vector<int64_t> all(pbmc_.labels.classes.size());
        std::iota(all.begin(), all.end(), 0);
        const Subset s = subset(pbmc_, all, 3);
        const auto t0 = std::chrono::steady_clock::now();
        const Findings f = runDeepMapper(s.in, tinyConfig(kind.toStdString(), 1));
        qInfo("%s: accuracy %.3f, %.1f s", qPrintable(kind), f.passes.front().accuracy,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        checkFindings(f, 765, kind.toStdString());
    }

    // tiny_cnn.pt (exported from Python) has a 3-logit head: the 3 largest classes.
    void torchScriptModelTrainsAndRanks() {
        const Subset s = subset(pbmc_, largestClasses(pbmc_.labels, 3), 2);
        const Findings f = runDeepMapper(s.in, tinyConfig("torchscript:" + test::sharedPath("golden/tiny_cnn.pt"), 1));
        qInfo("torchscript tiny_cnn.pt (3 classes, %zu cells): accuracy %.3f", s.in.y.size(), f.passes.front().accuracy);
        checkFindings(f, 765, "torchscript");
    }

    // A few more epochs of cheap backbones on every cell: clearly better than chance (1/10).
    void cheapBackbonesLearn_data() {
        QTest::addColumn<QString>("kind");
        QTest::newRow("linear") << QString("linear");
        QTest::newRow("cnn_small") << QString("cnn_small");
    }
    void cheapBackbonesLearn() {
        QFETCH(QString, kind);
        std::vector<int64_t> all(pbmc_.labels.classes.size());
        std::iota(all.begin(), all.end(), 0);
        const Subset s = subset(pbmc_, all, 1);
        const Findings f = runDeepMapper(s.in, tinyConfig(kind.toStdString(), 8));
        const double acc = f.passes.front().accuracy;
        qInfo("%s, 8 epochs, 700 cells: accuracy %.3f (chance 0.100)", qPrintable(kind), acc);
        checkFindings(f, 765, kind.toStdString());
        QVERIFY2(acc >= 0.4, qPrintable(QString::number(acc)));
    }

private:
    Pbmc pbmc_;
};

QTEST_GUILESS_MAIN(TestBackbonesPbmc68kGolden)
#include "test_backbones_pbmc68k_golden.moc"
