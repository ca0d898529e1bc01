// The Cells tab driven as a user drives it, on the offscreen platform: choose an
// embedding and its components, colour by an obs column and by a gene typed into the
// search box, hover a cell, lasso a group and draw a rectangle group, compare, keep the
// groups as an obs column, export them as CSV and the scatter as PNG/SVG/PDF. A dataset
// without obsm gets a computed PCA.
#include "cells_view.h"
#include "figure_cell_scatter.h"
#include "gui_test_helpers.h"

#include <QAbstractItemView>
#include <QComboBox>
#include <QCompleter>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <qcustomplot.h>

#include <cmath>

using dm::ui::CellsView;

namespace {

// 200 cells in two clusters (left: class A, right: class B); gene "G1" is expressed only
// on the right, gene "G0" everywhere. X_umap holds the clusters, X_pca 3 columns.
dm::ui::DatasetPtr twoClusters() {
    auto ds = std::make_shared<dm::Dataset>();
    const int n = 200;
    dm::CsrBuilder b(2);
    std::vector<int32_t> codes;
    dm::Embedding umap, pca;
    umap.name = "X_umap";
    pca.name = "X_pca";
    umap.rows = pca.rows = n;
    umap.cols = 2;
    pca.cols = 3;
    for (int i = 0; i < n; ++i) {
        const bool right = i >= n / 2;
        b.add(0, 1.0f + i % 3);
        if (right) b.add(1, 4.0f + i % 5);
        b.endRow();
        codes.push_back(right ? 1 : 0);
        const double a = i * 0.7;
        umap.values.push_back(float((right ? 5 : -5) + std::cos(a)));
        umap.values.push_back(float(std::sin(a)));
        for (int c = 0; c < 3; ++c) pca.values.push_back(float(i * (c + 1) % 17));
        ds->cellNames.push_back("cell" + std::to_string(i));
    }
    ds->X = b.finish();
    ds->geneNames = {"G0", "G1"};
    ds->geneIds = {"ENSG0", "ENSG1"};
    ds->obs.add(dm::Column::categorical("cell_type", {"A", "B"}, codes));
    ds->embeddings = {pca, umap};
    ds->validate();
    return ds;
}

QPointF pixelOf(CellsView& v, double x, double y) {
    return {v.plot()->xAxis->coordToPixel(x), v.plot()->yAxis->coordToPixel(y)};
}

}  // namespace

class TestCellsView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { dm::test::isolateSettings(); }

    void userExploresColoursAndGroups() {
        CellsView view;
        view.setInteractive(false);
        view.resize(1100, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setLabelColumn("cell_type");
        view.setDataset(twoClusters());

        // The file's UMAP comes first, its PCA is offered too, with its components.
        QCOMPARE(view.currentEmbedding(), QString("X_umap"));
        QCOMPARE(view.embeddingNames(), (QStringList{"X_pca", "X_umap"}));
        QCOMPARE(view.colouringTitle(), QString("cell_type"));
        QCOMPARE(view.plot()->xAxis->label(), QString("UMAP1"));
        QVERIFY(view.plot()->legend->visible());
        QVERIFY(view.setEmbedding("X_pca", 1, 2));
        QCOMPARE(view.plot()->xAxis->label(), QString("PC2"));
        QCOMPARE(view.plot()->yAxis->label(), QString("PC3"));
        QVERIFY(view.setEmbedding("X_umap"));

        // Colour by a gene: type it (an id works too) and press Enter.
        QTest::keyClicks(view.geneEdit(), "ensg1");
        QTest::keyClick(view.geneEdit(), Qt::Key_Return);
        QVERIFY2(view.colouringTitle().startsWith("G1"), qPrintable(view.colouringTitle()));
        QVERIFY(view.colouringTitle().contains("log-normalized"));  // the matrix holds counts
        QVERIFY(!view.plot()->legend->visible());  // a colour bar instead
        // Left cells do not express G1: they share one colour; right cells vary.
        const auto& colours = view.scatter()->colours();
        QCOMPARE(colours[0], colours[10]);
        QVERIFY(colours[150] != colours[0]);
        QVERIFY(!view.colourByGene("NOPE"));
        QVERIFY(view.hoverLabel()->text().contains("No gene 'NOPE'"));

        // Hover names a cell with its label and value.
        if (view.geneEdit()->completer()) view.geneEdit()->completer()->popup()->hide();
        view.plot()->replot();
        const QPointF at = pixelOf(view, view.scatter()->xs()[150], view.scatter()->ys()[150]);
        QTest::mouseMove(view.plot(), at.toPoint());
        QTRY_VERIFY2(view.hoverLabel()->text().contains("cell_type: B"), qPrintable(view.hoverLabel()->text()));
        QVERIFY(view.hoverLabel()->text().contains("G1"));

        // Lasso around the left cluster.
        view.setTool(CellsView::Tool::Lasso);
        const QPointF c = pixelOf(view, -5, 0);
        // An ellipse 2 units wide and 1.04 high each side: every left cell, no right one.
        const double rx = std::abs(pixelOf(view, -3, 0).x() - c.x());
        const double ry = std::abs(pixelOf(view, -5, 1.04).y() - c.y());
        QTest::mousePress(view.plot(), Qt::LeftButton, Qt::NoModifier, c.toPoint() + QPoint(int(rx), 0));
        for (int k = 1; k <= 24; ++k) {
            const double a = k * 2 * M_PI / 24;
            QTest::mouseMove(view.plot(), (c + QPointF(rx * std::cos(a), ry * std::sin(a))).toPoint());
        }
        QTest::mouseRelease(view.plot(), Qt::LeftButton, Qt::NoModifier, c.toPoint() + QPoint(int(rx), 0));
        QCOMPARE(view.groups().names().size(), size_t(1));
        QCOMPARE(view.groups().count(0), int64_t(100));
        for (int64_t cell : view.groups().members(0)) QVERIFY(cell < 100);
        QVERIFY(view.scatter()->hasHighlight());
        QCOMPARE(view.groupList()->count(), 1);

        // A rectangle around half of the right cluster: a second group.
        view.setTool(CellsView::Tool::Rectangle);
        const QPoint a = pixelOf(view, 3.5, 2).toPoint(), b = pixelOf(view, 7, 0).toPoint();
        QTest::mousePress(view.plot(), Qt::LeftButton, Qt::NoModifier, a);
        QTest::mouseMove(view.plot(), b);
        QTest::mouseRelease(view.plot(), Qt::LeftButton, Qt::NoModifier, b);
        QCOMPARE(view.groups().names().size(), size_t(2));
        const int64_t upper = view.groups().count(1);
        QVERIFY2(upper > 20 && upper < 100, qPrintable(QString::number(upper)));
        for (int64_t cell : view.groups().members(1)) QVERIFY(cell >= 100 && view.scatter()->ys()[size_t(cell)] >= 0);
        view.renameGroup(1, "upper right");

        // Compare the selected group with the rest: a request naming it.
        QSignalSpy compare(&view, &CellsView::compareRequested);
        view.groupList()->setCurrentRow(1);
        view.findChild<QPushButton*>("cellsCompareRest")->click();
        QCOMPARE(compare.count(), 1);
        QCOMPARE(compare.at(0).at(1).toString(), QString("upper right"));
        // The Wilcoxon test of the group against every other cell: G1 (on only on the right) leads.
        const dm::DeComparison& de = view.lastComparison();
        QCOMPARE(de.group, std::string("upper right"));
        QCOMPARE(de.cells1, upper);
        QCOMPARE(de.cells2, int64_t(200) - upper);
        QCOMPARE(de.genes.front().gene, int64_t(1));
        QVERIFY(de.genes.front().avgLog2FC > 0);

        // Keep the groups as an obs column; a taken name is refused.
        QSignalSpy kept(&view, &CellsView::groupsColumnReady);
        QVERIFY(!view.keepGroupsAsColumn("cell_type"));
        QVERIFY(view.keepGroupsAsColumn("my_groups"));
        QCOMPARE(kept.count(), 1);
        const auto column = kept.at(0).at(0).value<dm::Column>();
        QCOMPARE(column.name, std::string("my_groups"));
        QCOMPARE(column.categories, (std::vector<std::string>{"group 1", "upper right"}));

        // Export: CSV of cell names, and the figure in three formats.
        QTemporaryDir dir;
        QVERIFY(view.exportGroupsCsv(dir.filePath("groups.csv")));
        QFile csv(dir.filePath("groups.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList lines = QString(csv.readAll()).trimmed().split('\n');
        QCOMPARE(lines.first(), QString("cell,group"));
        QCOMPARE(lines.size(), int(1 + 100 + upper));
        QVERIFY(lines.contains("cell0,group 1"));
        for (const char* f : {"cells.png", "cells.svg", "cells.pdf"}) {
            QVERIFY(view.exportFigure(dir.filePath(f), 150));
            QVERIFY(QFileInfo(dir.filePath(f)).size() > 1000);
        }
        // The SVG is complete and carries the points (as an image or as shapes).
        QFile svg(dir.filePath("cells.svg"));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        const QByteArray bytes = svg.readAll();
        QVERIFY(bytes.contains("</svg>"));
        QVERIFY(bytes.contains("<image") || bytes.contains("<path"));
    }

    // The output of `deepmapper embed` (embedding.csv) added to the chooser: the VAE latent
    // and the PCA, matched to the cells by name (cells it did not see get no coordinate).
    void embedOutputJoinsTheChooser() {
        CellsView view;
        view.setInteractive(false);
        view.resize(1100, 700);
        view.setDataset(twoClusters());
        QTemporaryDir dir;
        QFile csv(dir.filePath("embedding.csv"));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("cell,label,vae_cluster,pca_cluster,z1,z2,pc1,pc2,pc3\n");
        for (int i = 0; i < 200; i += 2)  // every other cell, like a subsample
            csv.write(QString("cell%1,A,0,1,%2,%3,%4,0.5,-1\n").arg(i).arg(i * 0.1).arg(-i * 0.1).arg(i).toUtf8());
        csv.write("\"other, cell\",B,1,0,9,9,9,9,9\n");  // not in the dataset: skipped
        csv.close();
        QVERIFY(view.addEmbedOutput(dir.path()));  // the folder works as well as the file
        QVERIFY(view.embeddingNames().contains("VAE latent (embed)"));
        QVERIFY(view.embeddingNames().contains("PCA (embed)"));
        QCOMPARE(view.currentEmbedding(), QString("VAE latent (embed)"));
        QCOMPARE(view.plot()->xAxis->label(), QString("z1"));
        QCOMPARE(view.scatter()->xs()[10], 1.0f);
        QCOMPARE(view.scatter()->ys()[10], -1.0f);
        QVERIFY(std::isnan(view.scatter()->xs()[11]));  // not in the embedding
        QVERIFY(view.setEmbedding("PCA (embed)", 0, 2));
        QCOMPARE(view.scatter()->ys()[4], -1.0f);
        QCOMPARE(view.plot()->yAxis->label(), QString("pc3"));

        // A file that is not an embed output: refused with a message, the chooser unchanged.
        QFile bad(dir.filePath("ranking.csv"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("rank,gene\n1,G1\n");
        bad.close();
        const int before = view.embeddingNames().size();
        QVERIFY(!view.addEmbedOutput(dir.filePath("ranking.csv")));
        QVERIFY2(view.hoverLabel()->text().contains("deepmapper embed"), qPrintable(view.hoverLabel()->text()));
        QCOMPARE(view.embeddingNames().size(), before);
    }

    void fileWithoutEmbeddingGetsAComputedPca() {
        CellsView view;
        view.setInteractive(false);
        view.resize(900, 600);
        auto ds = std::make_shared<dm::Dataset>(*twoClusters());
        ds->embeddings.clear();
        QSignalSpy ready(&view, &CellsView::embeddingsChanged);
        view.setDataset(ds);
        QVERIFY(ready.wait(30000));
        QCOMPARE(view.embeddingNames(), QStringList{"PCA"});
        QCOMPARE(view.plot()->xAxis->label(), QString("PC1"));
        QVERIFY(view.scatter());
        QCOMPARE(view.scatter()->size(), int64_t(200));
    }
};

QTEST_MAIN(TestCellsView)
#include "test_cells_view.moc"
