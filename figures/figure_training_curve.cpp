#include "figure_training_curve.h"

#include "figure_common.h"
#include "plot_style.h"

#include <QObject>
#include <qcustomplot.h>

#include <algorithm>

namespace dm::ui {

namespace {

QCPGraph* lossGraph(QCustomPlot* plot, const QString& name, const QPen& pen, QCPScatterStyle::ScatterShape shape,
                    const std::vector<double>& loss) {
    QCPGraph* g = plot->addGraph();
    g->setName(name);
    g->setPen(pen);
    g->setScatterStyle(QCPScatterStyle(shape, 4));
    for (size_t i = 0; i < loss.size(); ++i) g->addData(double(i + 1), loss[i]);
    return g;
}

// The dotted restored-epoch line, labelled on the side with room so it is never cut.
void markBestEpoch(QCustomPlot* plot, int bestEpoch) {
    const double x = bestEpoch + 1;
    const QCPRange y = plot->yAxis->range();
    auto* line = new QCPItemLine(plot);
    line->setPen(QPen(style::gate(), 1.5, Qt::DotLine));
    line->start->setCoords(x, y.lower);
    line->end->setCoords(x, y.upper);
    auto* label = new QCPItemText(plot);
    const bool leftHalf = x <= plot->xAxis->range().center();
    label->setPositionAlignment(Qt::AlignTop | (leftHalf ? Qt::AlignLeft : Qt::AlignRight));
    label->position->setCoords(x, y.upper);
    label->setText(leftHalf ? QObject::tr(" restored epoch %1").arg(bestEpoch + 1)
                            : QObject::tr("restored epoch %1 ").arg(bestEpoch + 1));
}

}  // namespace

void drawTrainingCurve(QCustomPlot* plot, const TrainingCurveData& d) {
    resetPlot(plot);
    setPlotTitle(plot, d.title.isEmpty() ? QObject::tr("Current pass") : d.title);
    lossGraph(plot, QObject::tr("train loss"), QPen(style::train(), 2), QCPScatterStyle::ssCircle, d.trainLoss);
    lossGraph(plot, QObject::tr("validation loss"), QPen(style::validation(), 2, Qt::DashLine),
              QCPScatterStyle::ssSquare, d.valLoss);
    plot->xAxis->setLabel(QObject::tr("epoch"));
    plot->yAxis->setLabel(QObject::tr("cross-entropy loss"));
    const size_t shown = std::max(d.trainLoss.size(), d.valLoss.size());
    plot->xAxis->setRange(0.5, double(std::max<size_t>({shown, size_t(std::max(d.epochs, 1))})) + 0.5);
    if (shown > 0) {
        plot->yAxis->rescale();
        plot->yAxis->scaleRange(1.15);
    }
    if (d.bestEpoch >= 0 && !d.trainLoss.empty()) markBestEpoch(plot, d.bestEpoch);
    plot->legend->setVisible(true);
}

}  // namespace dm::ui
