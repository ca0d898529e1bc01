#include "figure_top_genes.h"

#include "figure_common.h"
#include "plot_style.h"

#include <QObject>
#include <qcustomplot.h>

#include <algorithm>

namespace dm::ui {

TopGenesData topGenesData(const std::vector<RankedFeature>& ranking, size_t n, int accepted) {
    TopGenesData d;
    d.accepted = accepted;
    for (size_t i = 0; i < std::min(n, ranking.size()); ++i) {
        d.genes.push_back(ranking[i].name);
        d.selectionFrequency.push_back(ranking[i].selectionFrequency);
    }
    return d;
}

void drawTopGenes(QCustomPlot* plot, const TopGenesData& d) {
    resetPlot(plot);
    const int n = int(std::min(d.genes.size(), d.selectionFrequency.size()));
    setPlotTitle(plot, n == 0 ? QObject::tr("No ranking yet")
                              : d.accepted > 0 ? QObject::tr("Top %1 genes (%2 accepted passes)").arg(n).arg(d.accepted)
                                               : QObject::tr("Top %1 genes").arg(n));
    auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
    bars->setPen(Qt::NoPen);
    bars->setBrush(style::bar());
    bars->setWidth(0.7);
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (int i = 0; i < n; ++i) {
        bars->addData(i + 1, d.selectionFrequency[size_t(i)]);
        ticker->addTick(i + 1, QString::fromStdString(d.genes[size_t(i)]));
    }
    plot->xAxis->setTicker(ticker);
    // Upright names stay apart when many bars share a narrow plot; a few read better slanted.
    plot->xAxis->setTickLabelRotation(n > 10 ? -90 : 45);
    plot->xAxis->grid()->setVisible(false);
    plot->xAxis->setRange(0.3, std::max(n, 1) + 0.7);
    plot->yAxis->setRange(0, 1.05);
    plot->yAxis->setLabel(QObject::tr("selection frequency"));
}

}  // namespace dm::ui
