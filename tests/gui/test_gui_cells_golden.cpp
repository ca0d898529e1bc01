// The Cells tab of the real window on a real file with a UMAP: pancreas_endocrinogenesis
// (2,087 cells, obsm X_umap and X_pca). The user opens it, finds the file's UMAP coloured
// by the label, types a gene, lassos the Beta cells into a group, keeps the groups as an
// obs column (offered as a label at once), runs, and exports the .h5ad. A ranking-table
// selection colours the cells by that gene.
// With DM_SCREENSHOT_DIR set (run under xvfb-run with QT_QPA_PLATFORM=xcb) the tab is
// grabbed at each step into that folder (docs/gui-screenshots).
#include "attribution_view.h"
#include "cells_view.h"
#include "confusion_view.h"
#include "dataset_panel.h"
#include "figure_cell_scatter.h"
#include "gui_test_helpers.h"
#include "main_window.h"
#include "markers_view.h"
#include "run_document.h"
#include "ranking_view.h"
#include "run_config_panel.h"
#include "test_support.h"

#include "data/h5ad_inspect.h"
#include "data/readers.h"

#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <qcustomplot.h>

#include <cmath>

using namespace dm;
using namespace dm::ui;

namespace {

void grab(QWidget* w, const QString& name) {
    const QString dir = qEnvironmentVariable("DM_SCREENSHOT_DIR");
    if (dir.isEmpty()) return;
    QApplication::processEvents();
    QTest::qWait(200);
    w->grab().save(QDir(dir).filePath(name), "PNG");
}

}  // namespace

class TestGuiCellsGolden : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { test::isolateSettings(); }

    void pancreasUmapGeneGroupAndExport() {
        DM_REQUIRE_SHARED();
        MainWindow w;
        w.setInteractive(false);
        w.resize(1500, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy loaded(&w, &MainWindow::datasetLoaded);
        QSignalSpy errors(&w, &MainWindow::errorShown);
        w.openPath(QString::fromStdString(test::sharedPath("data/h5ad/pancreas_endocrinogenesis.h5ad")));
        QVERIFY2(loaded.wait(120000), errors.isEmpty() ? "no signal" : qPrintable(errors.at(0).at(0).toString()));
        w.datasetPanel()->setLabelColumn("cell_type");
        CellsView* cells = w.cellsView();
        w.tabs()->setCurrentWidget(cells);

        // The file's own UMAP, coloured by the label: four classes in the legend.
        QCOMPARE(cells->currentEmbedding(), QString("X_umap"));
        QVERIFY(cells->embeddingNames().contains("X_pca"));
        QVERIFY(cells->colourByObs("cell_type"));
        QCOMPARE(cells->scatter()->size(), int64_t(2087));
        QCOMPARE(cells->plot()->xAxis->label(), QString("UMAP1"));
        grab(&w, "tab_cells_label.png");

        // A gene typed into the search box (raw counts: shown log-normalized).
        QTest::keyClicks(cells->geneEdit(), "Ins2");
        QTest::keyClick(cells->geneEdit(), Qt::Key_Return);
        QVERIFY2(cells->colouringTitle().startsWith("Ins2"), qPrintable(cells->colouringTitle()));
        grab(&w, "tab_cells_gene.png");

        // Lasso around the Beta cells' centre on the UMAP.
        const Column* type = w.dataset()->obs.find("cell_type");
        int beta = -1;
        for (size_t k = 0; k < type->categories.size(); ++k)
            if (type->categories[k] == "Beta") beta = int(k);
        QVERIFY(beta >= 0);
        double cx = 0, cy = 0;
        int n = 0;
        for (size_t i = 0; i < type->codes.size(); ++i)
            if (type->codes[i] == beta) cx += cells->scatter()->xs()[i], cy += cells->scatter()->ys()[i], ++n;
        cx /= n, cy /= n;
        QVERIFY(cells->colourByObs("cell_type"));
        cells->setTool(CellsView::Tool::Lasso);
        const QPointF c(cells->plot()->xAxis->coordToPixel(cx), cells->plot()->yAxis->coordToPixel(cy));
        const double r = std::abs(cells->plot()->xAxis->coordToPixel(cx + 1.2) - c.x());
        QTest::mousePress(cells->plot(), Qt::LeftButton, Qt::NoModifier, (c + QPointF(r, 0)).toPoint());
        for (int k = 1; k <= 36; ++k) {
            const double a = k * 2 * M_PI / 36;
            QTest::mouseMove(cells->plot(), (c + QPointF(r * std::cos(a), r * std::sin(a))).toPoint());
        }
        QTest::mouseRelease(cells->plot(), Qt::LeftButton, Qt::NoModifier, (c + QPointF(r, 0)).toPoint());
        QCOMPARE(cells->groups().names().size(), size_t(1));
        const std::vector<int64_t> members = cells->groups().members(0);
        QVERIFY2(members.size() > 50, qPrintable(QString::number(members.size())));
        int betaInGroup = 0;
        for (int64_t m : members) betaInGroup += type->codes[size_t(m)] == beta;
        QVERIFY2(betaInGroup > 0.9 * members.size(), qPrintable(QString("%1 of %2").arg(betaInGroup).arg(members.size())));
        cells->renameGroup(0, "beta core");
        grab(&w, "tab_cells_group.png");

        // Kept as an obs column: the label chooser offers it at once.
        QVERIFY(cells->keepGroupsAsColumn("cells_groups"));
        QVERIFY(w.dataset()->obs.find("cells_groups"));
        QVERIFY(w.findChild<QComboBox*>("labelCombo")->findData("cells_groups") >= 0);
        QCOMPARE(cells->groups().names().size(), size_t(1));  // the groups stay

        // A short run; then a gene picked in the ranking table colours the cells.
        RunConfig config = test::tinyConfig(1, 1);
        config.backbone.kind = "mlp";
        w.configPanel()->setConfig(config);
        QSignalSpy finished(&w, &MainWindow::runFinished);
        w.startRun();
        QVERIFY(finished.wait(600000));
        w.rankingView()->table()->selectRow(0);
        QVERIFY2(!cells->colouringTitle().contains("cell_type"), qPrintable(cells->colouringTitle()));

        // The exported .h5ad (a copy of the input) carries the kept group column as a
        // categorical obs column, so the next run can take it as its label.
        QTemporaryDir dir;
        const QString out = dir.filePath("with_groups.h5ad");
        QVERIFY(w.exportH5adTo(out));
        QCOMPARE(readH5adAnnotations(out.toStdString()).cells(), int64_t(2087));
        const Dataset exported = loadDataset(out.toStdString());
        const Column* kept = exported.obs.find("cells_groups");
        QVERIFY2(kept && kept->kind == Column::Kind::Categorical, "the kept group column is not in the exported file");
        QCOMPARE(kept->categories, std::vector<std::string>{"beta core"});
        int64_t inGroup = 0;
        for (int32_t code : kept->codes) inGroup += code == 0;
        QCOMPARE(inGroup, int64_t(members.size()));
        QVERIFY(exported.obs.find("cell_type"));

        checkModuleScores(w, beta);
        checkLinks(w);
        w.close();
    }

private:
    // The module score from each gene-set source: the pooled ranking, the Beta class's own
    // ranking and, once the Markers tab's Wilcoxon test is in, Beta's markers. Scores from
    // Beta's genes are higher in Beta cells than in the rest.
    void checkModuleScores(MainWindow& w, int betaCode) {
        CellsView* cells = w.cellsView();
        const FindingsPtr f = w.document()->findings();
        const int betaClass = int(std::find(f->classNames.begin(), f->classNames.end(), "Beta") - f->classNames.begin());
        QVERIFY(betaClass < int(f->classNames.size()));
        const Column* type = w.dataset()->obs.find("cell_type");
        auto betaVersusRest = [&] {
            double in = 0, out = 0;
            int64_t nIn = 0, nOut = 0;
            const std::vector<float>& values = cells->cellValues();
            for (size_t i = 0; i < type->codes.size() && i < values.size(); ++i) {
                const double v = values[i];
                (type->codes[i] == betaCode ? in : out) += v;
                ++(type->codes[i] == betaCode ? nIn : nOut);
            }
            return std::pair{in / std::max<int64_t>(1, nIn), out / std::max<int64_t>(1, nOut)};
        };
        QVERIFY(cells->colourByModuleScore(10));
        QVERIFY2(cells->colouringTitle().contains("pooled"), qPrintable(cells->colouringTitle()));
        const int byClass = cells->moduleSourceBox()->findData(QString("class:%1").arg(betaClass));
        if (byClass >= 0) {  // the run attributed Beta cells on their own
            cells->moduleSourceBox()->setCurrentIndex(byClass);
            emit cells->moduleSourceBox()->activated(byClass);
            QVERIFY2(cells->colouringTitle().contains("of Beta"), qPrintable(cells->colouringTitle()));
        }
        QTRY_VERIFY_WITH_TIMEOUT(cells->moduleSourceBox()->findData(QString("markers:%1").arg(betaClass)) >= 0, 180000);
        QVERIFY(cells->colourByModuleScore(10, ModuleSource::Markers, betaClass));
        QVERIFY2(cells->colouringTitle().contains("markers of Beta"), qPrintable(cells->colouringTitle()));
        QVERIFY2(cells->hoverLabel()->text().contains("mean expression"), qPrintable(cells->hoverLabel()->text()));
        QCOMPARE(int64_t(cells->cellValues().size()), int64_t(2087));
        const auto [in, out] = betaVersusRest();
        QVERIFY2(in > out, qPrintable(QString("Beta %1, rest %2").arg(in).arg(out)));
        w.tabs()->setCurrentWidget(cells);
        cells->groupList()->setCurrentRow(-1);
        cells->clearHighlight();
        grab(&w, "tab_cells_module_score.png");
        QVERIFY2(w.width() <= 1500, qPrintable(QString("the module controls widened the window to %1").arg(w.width())));
    }

    // Linked views: a gene clicked in the dot plot or the attribution map colours the
    // cells by it; a confusion-matrix cell highlights that true/predicted pair.
    void checkLinks(MainWindow& w) {
        CellsView* cells = w.cellsView();
        const FindingsPtr f = w.document()->findings();

        // Dot plot (Markers tab): click the first gene's column.
        w.tabs()->setCurrentWidget(w.markersView());
        QCustomPlot* dot = w.markersView()->dotPlot();
        QTRY_VERIFY_WITH_TIMEOUT(dot->isVisible() && dot->width() > 100, 10000);
        dot->replot();
        auto ticker = qSharedPointerDynamicCast<QCPAxisTickerText>(dot->xAxis->ticker());
        QVERIFY2(ticker && !ticker->ticks().isEmpty(), "the dot plot shows no gene");
        const QString first = ticker->ticks().value(0);
        const QPoint atGene(int(dot->xAxis->coordToPixel(0)), int(dot->yAxis->coordToPixel(0)));
        QVERIFY(cells->colourByObs("cell_type"));
        QTest::mouseClick(dot, Qt::LeftButton, Qt::NoModifier, atGene);
        QVERIFY2(cells->colouringTitle().startsWith(first), qPrintable(cells->colouringTitle() + " / " + first));

        // Attribution map: click the first pixel that holds a gene.
        w.tabs()->setCurrentWidget(w.attributionView());
        QCustomPlot* map = w.attributionView()->plot();
        QTRY_VERIFY_WITH_TIMEOUT(map->isVisible() && w.attributionView()->hasImage(), 10000);
        map->replot();
        int64_t feature = -1;
        int col = 0, row = 0;
        for (row = 0; row < 64 && feature < 0; ++row)
            for (col = 0; col < 64 && feature < 0; ++col) feature = w.attributionView()->featureAtPixel(col, row);
        QVERIFY(feature >= 0);
        --row, --col;
        QVERIFY(cells->colourByObs("cell_type"));
        QTest::mouseClick(map, Qt::LeftButton, Qt::NoModifier,
                          QPoint(int(map->xAxis->coordToPixel(col)), int(map->yAxis->coordToPixel(row))));
        const QString gene = QString::fromStdString(f->featureNames[size_t(feature)]);
        QVERIFY2(cells->colouringTitle().startsWith(gene), qPrintable(cells->colouringTitle() + " / " + gene));

        // Confusion matrix (after Evaluate): the diagonal cell of the first class.
        RunConfig config = test::tinyConfig(1, 1);
        config.backbone.kind = "mlp";
        w.configPanel()->setConfig(config);
        QSignalSpy evaluated(&w, &MainWindow::evaluationFinished);
        w.runEvaluation();
        QVERIFY(evaluated.wait(600000));
        const EvaluationPtr e = w.document()->evaluation();
        QVERIFY(e);
        int64_t pair = 0;
        for (size_t i = 0; i < e->yTrue.size(); ++i) pair += e->yTrue[i] == 0 && e->yPred[i] == 0;
        w.tabs()->setCurrentWidget(w.confusionView());
        QCustomPlot* confusion = w.confusionView()->plot();
        QTRY_VERIFY_WITH_TIMEOUT(confusion->isVisible() && w.confusionView()->hasData(), 10000);
        confusion->replot();
        cells->clearHighlight();
        QTest::mouseClick(confusion, Qt::LeftButton, Qt::NoModifier,
                          QPoint(int(confusion->xAxis->coordToPixel(0)), int(confusion->yAxis->coordToPixel(0))));
        QCOMPARE(w.tabs()->currentWidget(), static_cast<QWidget*>(cells));  // the Cells tab comes forward
        QVERIFY(cells->scatter()->hasHighlight());
        QVERIFY2(cells->hoverLabel()->text().startsWith(QString::number(pair) + " held-out cells"),
                 qPrintable(cells->hoverLabel()->text() + " / expected " + QString::number(pair)));
    }
};

QTEST_MAIN(TestGuiCellsGolden)
#include "test_gui_cells_golden.moc"
