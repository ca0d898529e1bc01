// The core behind the Cells view: embeddings follow cell selections, a gene's values and
// a module score (log-normalized from counts), the PCA offered when a file has no obsm,
// and hand-drawn groups (names, moves between groups, obs column, CSV); the gene sets a
// module score is taken over (pooled ranking, one class's ranking, one class's markers).
#include "analysis/cell_expression.h"
#include "analysis/embedding_pca.h"
#include "common/error.h"
#include "data/cell_groups.h"
#include "data/dataset.h"
#include "engine/module_genes.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>
#include <sstream>

namespace {

// 4 cells x 3 genes of counts: rows (1,0,3), (0,2,0), (5,0,5), (0,0,0).
dm::CsrMatrix counts() {
    dm::CsrBuilder b(3);
    b.add(0, 1), b.add(2, 3), b.endRow();
    b.add(1, 2), b.endRow();
    b.add(0, 5), b.add(2, 5), b.endRow();
    b.endRow();
    return b.finish();
}

}  // namespace

class TestCellsCore : public QObject {
    Q_OBJECT
private slots:
    void embeddingFollowsSelectedCells() {
        dm::Dataset ds;
        ds.X = counts();
        ds.geneNames = {"a", "b", "c"};
        ds.cellNames = {"c0", "c1", "c2", "c3"};
        dm::Embedding e;
        e.name = "X_umap";
        e.rows = 4;
        e.cols = 2;
        e.values = {0, 1, 10, 11, 20, 21, 30, 31};
        ds.embeddings.push_back(e);
        ds.validate();
        const dm::Dataset sub = ds.selectCells({3, 1});
        QCOMPARE(sub.embeddings.size(), size_t(1));
        QCOMPARE(sub.embeddings[0].rows, int64_t(2));
        QCOMPARE(sub.embeddings[0].at(0, 1), 31.0f);
        QCOMPARE(sub.embeddings[0].at(1, 0), 10.0f);
        QCOMPARE(e.componentLabel(0), std::string("UMAP1"));
        // A wrong-length embedding is refused by validate().
        ds.embeddings[0].rows = 3;
        ds.embeddings[0].values.resize(6);
        QVERIFY_THROWS_EXCEPTION(dm::InputError, ds.validate());
    }

    void geneValuesAreLogNormalizedFromCounts() {
        const dm::CsrMatrix X = counts();
        const dm::CellExpression raw(X, false);
        const std::vector<float> c = raw.gene(2);
        QCOMPARE(c, (std::vector<float>{3, 0, 5, 0}));
        const dm::CellExpression norm(X, true);
        const std::vector<float> n = norm.gene(2);
        QCOMPARE(n[0], float(std::log1p(3.0 * 1e4 / 4.0)));
        QCOMPARE(n[2], float(std::log1p(5.0 * 1e4 / 10.0)));
        QCOMPARE(n[3], 0.0f);  // an empty cell stays 0
        const std::vector<float> m = norm.moduleScore({0, 2});
        QCOMPARE(m[2], float(std::log1p(5.0 * 1e4 / 10.0)));  // mean of two equal values
        QCOMPARE(m[1], 0.0f);
        QVERIFY_THROWS_EXCEPTION(dm::InputError, norm.gene(3));
        QVERIFY_THROWS_EXCEPTION(dm::InputError, norm.moduleScore({}));
        QCOMPARE(dm::findGene({"Ins1", "Gcg"}, {"ENS1", "ENS2"}, "gcg"), int64_t(1));
        QCOMPARE(dm::findGene({"Ins1", "Gcg"}, {"ENS1", "ENS2"}, "ENS1"), int64_t(0));
        QCOMPARE(dm::findGene({"Ins1", "Gcg"}, {}, "nope"), int64_t(-1));
    }

    void computedPcaSeparatesTwoGroups() {
        // Two groups of cells with disjoint genes: PC1 splits them.
        dm::CsrBuilder b(6);
        for (int i = 0; i < 20; ++i) {
            const int base = i < 10 ? 0 : 3;
            for (int g = 0; g < 3; ++g) b.add(base + g, float(5 + (i + g) % 3));
            b.endRow();
        }
        const dm::Embedding e = dm::computePcaEmbedding(b.finish(), true, 4);
        QCOMPARE(e.name, std::string("PCA"));
        QCOMPARE(e.origin, std::string("computed"));
        QCOMPARE(e.rows, int64_t(20));
        QCOMPARE(e.cols, int64_t(4));
        for (int i = 0; i < 10; ++i) QVERIFY(e.at(i, 0) * e.at(10 + i, 0) < 0);  // opposite sides
        QCOMPARE(e.componentLabel(1), std::string("PC2"));
        dm::CsrBuilder one(3);
        one.add(0, 1), one.endRow();
        QVERIFY_THROWS_EXCEPTION(dm::InputError, dm::computePcaEmbedding(one.finish(), false));
    }

    void groupsMoveCellsAndBecomeAColumn() {
        dm::CellGroups g(6);
        QCOMPARE(g.add("left", {0, 1, 2}), 0);
        QCOMPARE(g.add("right", {2, 3}), 1);  // cell 2 moves to the newer group
        QCOMPARE(g.count(0), int64_t(2));
        QCOMPARE(g.members(1), (std::vector<int64_t>{2, 3}));
        QCOMPARE(g.rest(), (std::vector<int64_t>{4, 5}));
        QVERIFY_THROWS_EXCEPTION(dm::InputError, g.add("left", {5}));
        QVERIFY_THROWS_EXCEPTION(dm::InputError, g.add("empty", {}));
        QVERIFY_THROWS_EXCEPTION(dm::InputError, g.rename(1, "left"));
        g.rename(1, "right, upper");

        dm::ObsTable obs;
        obs.add(dm::Column::text("taken", std::vector<std::string>(6, "x")));
        QVERIFY_THROWS_EXCEPTION(dm::InputError, g.toColumn("taken", obs));
        const dm::Column c = g.toColumn("cells_groups", obs);
        QCOMPARE(c.kind, dm::Column::Kind::Categorical);
        QCOMPARE(c.categories, (std::vector<std::string>{"left", "right, upper"}));
        QCOMPARE(c.codes, (std::vector<int32_t>{0, 0, 1, 1, -1, -1}));

        QTemporaryDir dir;
        const std::string path = dir.filePath("groups.csv").toStdString();
        g.writeCsv(path, {"a", "b", "c", "d", "e", "f"});
        std::ifstream in(path);
        std::stringstream text;
        text << in.rdbuf();
        QCOMPARE(QString::fromStdString(text.str()),
                 QString("cell,group\na,left\nb,left\nc,\"right, upper\"\nd,\"right, upper\"\n"));
        QVERIFY_THROWS_EXCEPTION(dm::InputError, g.writeCsv(path, {"a"}));

        g.remove(0);
        QCOMPARE(g.names(), (std::vector<std::string>{"right, upper"}));
        QCOMPARE(g.codes(), (std::vector<int32_t>{-1, -1, 0, 0, -1, -1}));
    }

    void moduleGeneSetsFollowTheirSource() {
        using dm::ModuleSource;
        dm::Findings f;
        f.featureNames = {"G0", "G1", "G2", "G3"};
        f.selectionFrequency = {0.1, 0.9, 0.5, 0.7};
        f.medianImportance = {0, 0, 0, 0};
        f.meanRank = {4, 1, 3, 2};
        f.classNames = {"A", "B"};
        dm::ClassFindings a;
        a.passes = 3;
        a.selectionFrequency = {0.9, 0.8, 0.1, 0.2};
        a.medianImportance = {0, 0, 0, 0};
        a.meanRank = {1, 2, 4, 3};
        a.meanIn = {2, 0, 1, 3};  // G1 is lower in A: left out of A's module
        a.meanOut = {1, 1, 0, 1};
        f.byClass = {a, dm::ClassFindings{}};  // B never attributed on its own

        const auto pooled = dm::moduleGenes(f, nullptr, ModuleSource::DeepMapperPooled, -1, 2);
        QCOMPARE(pooled.genes, (std::vector<std::string>{"G1", "G3"}));
        QVERIFY(pooled.description.find("pooled") != std::string::npos);
        const auto ofA = dm::moduleGenes(f, nullptr, ModuleSource::DeepMapperClass, 0, 2);
        QCOMPARE(ofA.genes, (std::vector<std::string>{"G0", "G3"}));
        QVERIFY_THROWS_EXCEPTION(dm::InputError, dm::moduleGenes(f, nullptr, ModuleSource::DeepMapperClass, 1, 2));
        QVERIFY_THROWS_EXCEPTION(dm::InputError, dm::moduleGenes(f, nullptr, ModuleSource::DeepMapperClass, 5, 2));
        QVERIFY_THROWS_EXCEPTION(dm::InputError, dm::moduleGenes(f, nullptr, ModuleSource::Markers, 0, 2));

        // Markers: 40 cells; G2 only in A, G1 only in B, G0 everywhere, G3 a little higher in A.
        dm::CsrBuilder b(4);
        std::vector<int64_t> y;
        for (int i = 0; i < 40; ++i) {
            const bool inA = i < 20;
            b.add(0, 1.0f + float(i % 3));
            if (inA) b.add(2, 5.0f + float(i % 4));
            else b.add(1, 5.0f + float(i % 4));
            b.add(3, (inA ? 2.0f : 1.0f) + float(i % 2));
            b.endRow();
            y.push_back(inA ? 0 : 1);
        }
        const dm::CsrMatrix X = b.finish();
        const dm::StandardMethods m = dm::runStandardMethods(X, y, f.classNames, f.featureNames, 1);
        const auto markersA = dm::moduleGenes(f, &m, ModuleSource::Markers, 0, 3);
        QVERIFY(!markersA.genes.empty());
        QCOMPARE(markersA.genes.front(), std::string("G2"));
        for (const auto& g : markersA.genes) QVERIFY2(g != "G1", "a gene lower in A is in A's marker module");
        const auto markersB = dm::moduleGenes(f, &m, ModuleSource::Markers, 1, 1);
        QCOMPARE(markersB.genes, std::vector<std::string>{"G1"});

        QCOMPARE(dm::geneRows({"G3", "nope", "G0"}, f.featureNames), (std::vector<int64_t>{3, 0}));
    }
};

QTEST_GUILESS_MAIN(TestCellsCore)
#include "test_cells_core.moc"
