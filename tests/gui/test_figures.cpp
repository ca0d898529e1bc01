// The shared figure builders (figures/) on the offscreen platform: redrawing a plot
// replaces its contents instead of piling up titles, colour bars and items; padding
// pixels stay out of the colour range; a pseudo-image's pixels stay square in any plot
// shape; and the attribution tab's class-mean view shows each gene's class mean (or its
// difference from all cells) under the displayed layout, with hover text naming the gene.
#include "attribution_view.h"
#include "figure_chord.h"
#include "figure_common.h"
#include "figure_confusion.h"
#include "figure_passes.h"
#include "figure_stability.h"
#include "figure_pixel_map.h"
#include "figure_top_genes.h"
#include "mapping/arrangement.h"

#include <QCheckBox>
#include <QImage>
#include <QTest>
#include <qcustomplot.h>

#include <cmath>
#include <limits>

using namespace dm;
using namespace dm::ui;

namespace {

// 4 cells x 5 genes; class "A" = cells 0, 1; class "B" = cells 2, 3.
std::shared_ptr<PreparedInput> smallInput() {
    auto in = std::make_shared<PreparedInput>();
    CsrBuilder b(5);
    const float dense[4][5] = {{1, 0, 2, 0, 4}, {3, 0, 0, 0, 0}, {0, 5, 0, 1, 0}, {0, 7, 0, 3, 0}};
    for (const auto& row : dense) {
        for (int c = 0; c < 5; ++c) b.add(c, row[c]);
        b.endRow();
    }
    in->data.X = b.finish();
    in->data.geneNames = {"G0", "G1", "G2", "G3", "G4"};
    in->classes = {"A", "B"};
    in->y = {0, 0, 1, 1};
    in->normalized = true;
    return in;
}

// Saves the plot when DM_FIGURE_DIR is set, for a person to look at.
void keep(QCustomPlot* plot, const QString& name) {
    const QByteArray dir = qgetenv("DM_FIGURE_DIR");
    if (!dir.isEmpty()) plot->savePng(QString::fromUtf8(dir) + "/" + name + ".png", 0, 0, 1.5);
}

}  // namespace

class TestFigures : public QObject {
    Q_OBJECT
private slots:
    void redrawReplacesContents() {
        QCustomPlot plot;
        plot.resize(600, 400);
        PassAcceptanceData d;
        d.wanted = 3;
        d.maxTries = 9;
        d.gate = 0.5;
        d.points = {{1, 0.9, true}, {2, 0.3, false}};
        d.accepted = 1;
        d.tries = 2;
        drawPassAcceptance(&plot, d);
        const int elements = plot.plotLayout()->elementCount();
        const int items = plot.itemCount();
        for (int i = 0; i < 3; ++i) drawPassAcceptance(&plot, d);
        QCOMPARE(plot.plotLayout()->elementCount(), elements);
        QCOMPARE(plot.itemCount(), items);
        QCOMPARE(plot.graph(0)->dataCount(), 1);  // accepted
        QCOMPARE(plot.graph(1)->dataCount(), 1);  // rejected
        QCOMPARE(plotTitle(&plot), QString("Passes"));

        // Another figure into the same plot leaves nothing of the first behind.
        ClassificationReport r;
        r.perClass = {{"a", 1, 1, 1, 2, 2}, {"b", 1, 1, 1, 1, 1}};
        r.confusion.counts = {{2, 0}, {0, 1}};
        r.confusion.rowNormalized = {{1, 0}, {0, 1}};
        r.accuracy = r.macroF1 = 1;
        drawConfusion(&plot, r);
        QCOMPARE(plot.graphCount(), 0);
        QCOMPARE(plot.itemCount(), 4);  // one label per cell
        QVERIFY(plotTitle(&plot).contains("macro F1 1.000"));
        drawTopGenes(&plot, {{"X", "Y"}, {1.0, 0.5}, 2});
        QCOMPARE(plot.itemCount(), 0);
        QCOMPARE(plot.plottableCount(), 1);
        QCOMPARE(plot.plotLayout()->elementCount(), elements);  // no colour bar left over
        keep(&plot, "top_genes");
    }

    // Issue 19: the chord plot's legend sat inside the axis rect, over the bars rising from
    // the bottom. It goes in a row of its own below the axes, and comes back inside for the
    // next figure drawn into the same plot (which must still have a legend).
    void chordLegendDoesNotCoverTheBars() {
        ChordResult r;
        r.positive = "CD14+ Monocyte";
        r.negative = "rest";
        r.k = 60;
        r.seeds = {0, 1, 2};
        for (const char* name : {"deepmapper", "wilcoxon", "linear"}) {
            ChordMethodResult m;
            m.method = name;
            m.setAuc = {0.97, 0.98, 0.99};
            m.bestGeneAuc = {0.90, 0.92, 0.91};
            m.set = {0.98, 0.01};
            m.single = {0.91, 0.01};
            r.methods.push_back(m);
        }
        r.overallBest = {0.93, 0.01};
        QCustomPlot plot;
        plot.resize(900, 500);
        for (int i = 0; i < 2; ++i) drawChordAuc(&plot, r);  // a redraw keeps one legend row
        plot.replot();
        QVERIFY(plot.legend->visible());
        int entries = 0;  // cells of the legend's grid, one left empty on the second line
        for (int i = 0; i < plot.legend->itemCount(); ++i) entries += plot.legend->item(i) != nullptr;
        QCOMPARE(entries, 3);
        QCOMPARE(plot.legend->columnCount(), 2);
        const QRect axes = plot.axisRect()->outerRect(), legend = plot.legend->outerRect();
        QVERIFY2(legend.top() >= axes.bottom(), "the legend sits below the axes, not over the bars");
        QVERIFY(plot.rect().contains(legend));
        keep(&plot, "chord");

        PassAcceptanceData d;
        d.wanted = 2;
        d.gate = 0.5;
        drawPassAcceptance(&plot, d);  // its legend is inside again, bottom right
        plot.replot();
        QVERIFY(plot.legend);
        QVERIFY(plot.axisRect()->rect().contains(plot.legend->outerRect()));
        QCOMPARE(plot.plotLayout()->rowCount(), 2);  // title and axes: no empty legend row left
    }

    void stabilityCurveFromFindings() {
        Findings f;
        f.topK = 20;
        f.splitHalfCurve = {0.4, std::numeric_limits<double>::quiet_NaN(), 0.8};
        QCustomPlot plot;
        plot.resize(600, 400);
        drawStabilityCurve(&plot, stabilityCurveData(f, 0.9));
        QCOMPARE(plot.graph(0)->dataCount(), 2);  // NaN (not computed) left out
        QCOMPARE(plot.graph(0)->data()->at(1)->key, 4.0);  // after 4 accepted passes
        QCOMPARE(plot.graph(0)->data()->at(1)->value, 0.8);
        QVERIFY(plotTitle(&plot).contains("top 20"));
        QCOMPARE(plot.itemCount(), 1);  // the target line
        drawStabilityCurve(&plot, stabilityCurveData(Findings{}, 0));
        QCOMPARE(plot.graph(0)->dataCount(), 0);
        QCOMPARE(plot.itemCount(), 1);  // the note saying when the curve appears
        keep(&plot, "stability_empty");
    }

    void canonicalMapPadsWithNaN() {
        Findings f;
        f.featureNames = {"a", "b", "c", "d", "e"};
        f.medianImportance = {1, 2, 3, 4, 5};
        f.accepted = 2;
        const PixelMapData d = canonicalImportanceMap(f);
        QCOMPARE(d.side, int64_t(3));
        QCOMPARE(d.values.size(), size_t(9));
        QCOMPARE(d.values[4], 5.f);
        QVERIFY(std::isnan(d.values[5]) && std::isnan(d.values[8]));
        QCustomPlot plot;
        plot.resize(500, 450);
        QCPColorMap* map = drawPixelMap(&plot, d);
        QVERIFY(map);
        QCOMPARE(map->dataRange().lower, 1.0);  // padding is not a value
        QCOMPARE(map->dataRange().upper, 5.0);
        f.accepted = 0;
        QVERIFY(canonicalImportanceMap(f).values.empty());
        QVERIFY(!drawPixelMap(&plot, canonicalImportanceMap(f)));
    }

    void pixelMapPixelsStaySquare() {
        // A pseudo-image in a wide plot, then a tall one: one pixel column is as many
        // screen pixels wide as one pixel row is tall, and the whole image is shown.
        Findings f;
        f.featureNames = {"a", "b", "c", "d", "e", "f", "g", "h", "i"};
        f.medianImportance = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        f.accepted = 1;
        QCustomPlot plot;
        for (const QSize size : {QSize(900, 300), QSize(300, 700)}) {
            plot.resize(size);
            QVERIFY(drawPixelMap(&plot, canonicalImportanceMap(f)));
            plot.replot();
            const double xUnit = std::abs(plot.xAxis->coordToPixel(1) - plot.xAxis->coordToPixel(0));
            const double yUnit = std::abs(plot.yAxis->coordToPixel(1) - plot.yAxis->coordToPixel(0));
            QVERIFY2(std::abs(xUnit - yUnit) < 0.01 * xUnit,
                     qPrintable(QString("x %1 px vs y %2 px per pixel").arg(xUnit).arg(yUnit)));
            for (QCPAxis* axis : {plot.xAxis, plot.yAxis}) {
                QVERIFY(axis->range().lower <= -0.5 + 1e-9);  // nothing of the image cut off
                QVERIFY(axis->range().upper >= 2.5 - 1e-9);
            }
        }
        // Another figure in the same plot is no longer held square.
        drawTopGenes(&plot, {{"X", "Y"}, {1.0, 0.5}, 2});
        plot.replot();
        QVERIFY(plot.yAxis->range().lower >= -1e-9);
    }

    void classMeanMinusAllCells() {
        AttributionView view;
        view.resize(760, 620);
        view.show();
        view.reset({"G0", "G1", "G2", "G3", "G4"}, 0);
        view.setInput(smallInput());
        view.showClassMean(1);
        auto* box = view.findChild<QCheckBox*>("classMeanContrast");
        QVERIFY(box && box->isVisible() && !box->isChecked());
        QCOMPARE(view.pixelValue(1, 0), 6.f);  // class B's mean of G1
        // Clicked as a user would: B against all 4 cells. G1: 6 - 3 = +3; G0: 0 - 1 = -1.
        QTest::mouseClick(box, Qt::LeftButton, {}, QPoint(4, box->height() / 2));
        QVERIFY(view.classContrast());
        QCOMPARE(view.pixelValue(1, 0), 3.f);
        QCOMPARE(view.pixelValue(0, 0), -1.f);
        QVERIFY(view.describePixel(1, 0).contains("6 in B, 3 over all cells (+3)"));
        QVERIFY(plotTitle(view.plot()).contains("minus all cells"));
        keep(view.plot(), "class_mean_contrast");
        view.showClassMean(0);  // the setting holds across classes: A's G1 is 0 - 3
        QCOMPARE(view.pixelValue(1, 0), -3.f);
        view.showAttribution();
        QVERIFY(!box->isVisible());
        view.setClassContrast(false);
        QVERIFY(!box->isChecked());
        view.showClassMean(1);
        QCOMPARE(view.pixelValue(1, 0), 6.f);
    }

    void classMeanViewFollowsTheLayout() {
        AttributionView view;
        view.resize(760, 620);
        view.show();  // lays the plot out at its real size (for keep())
        view.reset({"G0", "G1", "G2", "G3", "G4"}, 0);
        view.showClassMean(1);
        QVERIFY(!view.hasImage());  // no input yet: a note, no image
        view.setInput(smallInput());
        QVERIFY(view.hasImage());
        QCOMPARE(view.mode(), AttributionView::Mode::ClassMean);
        // Canonical layout (side 3): pixel j = gene j; class B means G1 = 6, G3 = 2.
        QCOMPARE(view.pixelValue(1, 0), 6.f);
        QCOMPARE(view.pixelValue(0, 1), 2.f);
        QVERIFY(view.describePixel(1, 0).contains("G1"));
        QVERIFY(view.describePixel(1, 0).contains("mean expression 6 in B"));
        QVERIFY(view.describePixel(2, 2).contains("padding"));
        QVERIFY(plotTitle(view.plot()).contains("B (2 cells)"));

        // A pass with its own arrangement: the class means move with the genes.
        auto pass = std::make_shared<PassSnapshot>();
        pass->record.tryIndex = 0;
        pass->record.seed = 7;
        pass->record.accepted = true;
        pass->side = 3;
        pass->permutation = {4, 3, 2, 1, 0};
        pass->pixelMap.assign(9, 0.5f);
        view.addPass(pass);
        QCOMPARE(view.pixelValue(0, 0), 0.f);  // gene 4 in class B
        QCOMPARE(view.pixelValue(1, 0), 2.f);  // gene 3
        QCOMPARE(view.pixelValue(0, 1), 6.f);  // gene 1
        QVERIFY(view.describePixel(0, 1).contains("G1"));
        QVERIFY(plotTitle(view.plot()).contains("pass 1"));
        view.showClassMean(0);
        QCOMPARE(view.pixelValue(0, 0), 2.f);  // gene 4 in class A: (4 + 0) / 2
        keep(view.plot(), "class_mean_pass");
        view.showAttribution();
        QCOMPARE(view.pixelValue(0, 0), 0.5f);
        QVERIFY(view.describePixel(0, 0).contains("value 0.5"));
    }
};

QTEST_MAIN(TestFigures)
#include "test_figures.moc"
