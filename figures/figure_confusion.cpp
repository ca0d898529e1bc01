#include "figure_confusion.h"

#include "figure_common.h"
#include "plot_style.h"

#include <algorithm>

#include <QObject>
#include <qcustomplot.h>

namespace dm::ui {

namespace {

QSharedPointer<QCPAxisTickerText> classTicker(const ClassificationReport& r) {
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (size_t i = 0; i < r.perClass.size(); ++i) ticker->addTick(double(i), QString::fromStdString(r.perClass[i].name));
    return ticker;
}

}  // namespace

void drawConfusion(QCustomPlot* plot, const ClassificationReport& r) {
    resetPlot(plot);
    const int k = int(r.perClass.size());
    if (k == 0 || int(r.confusion.counts.size()) != k || int(r.confusion.rowNormalized.size()) != k) {
        setPlotTitle(plot, QObject::tr("No evaluation: no confusion matrix"));
        return;
    }
    setPlotTitle(plot, QObject::tr("Held-out confusion matrix\naccuracy %1, macro F1 %2")
                           .arg(r.accuracy, 0, 'f', 3)
                           .arg(r.macroF1, 0, 'f', 3));
    auto* map = new QCPColorMap(plot->xAxis, plot->yAxis);
    map->setInterpolate(false);
    fillSharpColorMap(map, k, k, [&](int p, int t) { return r.confusion.rowNormalized[size_t(t)][size_t(p)]; });
    auto* scale = new QCPColorScale(plot);
    scale->setLabel(QObject::tr("recall (row-normalized)"));
    addColourBar(plot, scale);
    map->setColorScale(scale);
    map->setGradient(style::viridis());
    map->setDataRange(QCPRange(0, 1));

    // Cell labels shrink with many classes so "count\nrecall" stays inside its cell.
    QFont cellFont = plot->font();
    if (k > 8) cellFont.setPointSizeF(std::max(6.0, cellFont.pointSizeF() * 8.0 / k));
    for (int t = 0; t < k; ++t)
        for (int p = 0; p < k; ++p) {
            const double recall = r.confusion.rowNormalized[size_t(t)][size_t(p)];
            auto* label = new QCPItemText(plot);
            label->position->setCoords(p, t);
            label->setFont(cellFont);
            label->setText(QString("%1\n%2").arg(r.confusion.counts[size_t(t)][size_t(p)]).arg(recall, 0, 'f', 2));
            label->setColor(recall > 0.6 ? Qt::black : Qt::white);  // readable on viridis
        }
    plot->xAxis->setTicker(classTicker(r));
    plot->yAxis->setTicker(classTicker(r));
    plot->xAxis->setTickLabelRotation(k > 4 ? 45 : 0);
    plot->xAxis->setLabel(QObject::tr("predicted class"));
    plot->yAxis->setLabel(QObject::tr("true class"));
    plot->yAxis->setRangeReversed(true);
    plot->xAxis->setRange(-0.5, k - 0.5);
    plot->yAxis->setRange(-0.5, k - 0.5);
    // No grid lines across the cells.
    plot->xAxis->grid()->setVisible(false);
    plot->yAxis->grid()->setVisible(false);
}

}  // namespace dm::ui
