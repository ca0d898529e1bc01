// The core behind the Cells view: embeddings follow cell selections, a gene's values and
// a module score (log-normalized from counts), the PCA offered when a file has no obsm,
// and hand-drawn groups (names, moves between groups, obs column, CSV).
#include "analysis/cell_expression.h"
#include "analysis/embedding_pca.h"
#include "common/error.h"
#include "data/cell_groups.h"
#include "data/dataset.h"

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
};

QTEST_GUILESS_MAIN(TestCellsCore)
#include "test_cells_core.moc"
