#include "figure_marker_heatmap.h"

#include "figure_common.h"
#include "plot_style.h"

#include <QObject>
#include <qcustomplot.h>

namespace dm::ui {

void drawMarkerHeatmap(QCustomPlot* plot, const MarkerHeatmap& h, const std::vector<std::string>& geneNames,
                       const std::vector<std::string>& classNames) {
    resetPlot(plot);
    const int genes = int(h.genes.size()), cells = int(h.cells.size());
    if (genes == 0 || cells == 0 || int(h.z.size()) != genes) {
        setPlotTitle(plot, QObject::tr("No heatmap: no per-class ranking"));
        return;
    }
    setPlotTitle(plot, QObject::tr("Top genes per class over %1 cells (z-score per gene, clipped at \u00b1%2)")
                           .arg(cells)
                           .arg(double(h.clip)));
    auto* map = new QCPColorMap(plot->xAxis, plot->yAxis);
    map->setInterpolate(false);
    map->data()->setSize(cells, genes);
    map->data()->setRange(QCPRange(0, cells - 1), QCPRange(0, genes - 1));
    for (int g = 0; g < genes; ++g)
        for (int c = 0; c < cells; ++c) map->data()->setCell(c, g, h.z[size_t(g)][size_t(c)]);
    auto* scale = new QCPColorScale(plot);
    scale->setLabel(QObject::tr("z-score"));
    addColourBar(plot, scale);
    map->setColorScale(scale);
    map->setGradient(style::diverging());
    map->setDataRange(QCPRange(-h.clip, h.clip));

    QSharedPointer<QCPAxisTickerText> geneTicks(new QCPAxisTickerText);
    for (int g = 0; g < genes; ++g) {
        const auto f = size_t(h.genes[size_t(g)]);
        geneTicks->addTick(g, QString::fromStdString(f < geneNames.size() ? geneNames[f] : std::to_string(f)));
    }
    QSharedPointer<QCPAxisTickerText> classTicks(new QCPAxisTickerText);
    for (size_t k = 0; k + 1 < h.classStart.size(); ++k) {
        const double a = double(h.classStart[k]) - 0.5, b = double(h.classStart[k + 1]) - 0.5;
        if (b <= a) continue;  // a class with no cell shown
        classTicks->addTick((a + b) / 2, QString::fromStdString(k < classNames.size() ? classNames[k] : std::to_string(k)));
        if (k > 0) {
            auto* line = new QCPItemStraightLine(plot);
            line->point1->setCoords(a, 0);
            line->point2->setCoords(a, 1);
            line->setPen(QPen(Qt::black, 1.2));
        }
    }
    plot->yAxis->setTicker(geneTicks);
    plot->yAxis->setRangeReversed(true);
    plot->yAxis->setRange(-0.5, genes - 0.5);
    plot->xAxis->setRange(-0.5, cells - 0.5);
    plot->xAxis->setTicks(false);
    plot->xAxis->setTickLabels(false);
    plot->xAxis2->setVisible(true);
    plot->xAxis2->setTicker(classTicks);
    plot->xAxis2->setRange(-0.5, cells - 0.5);
    plot->xAxis2->setTickLabelRotation(-45);
    plot->xAxis->setLabel(QObject::tr("cells, grouped by class"));
    plot->xAxis->grid()->setVisible(false);
    plot->yAxis->grid()->setVisible(false);
    plot->xAxis2->grid()->setVisible(false);
}

}  // namespace dm::ui
