#include "figure_stability.h"

#include "figure_common.h"
#include "plot_style.h"

#include <QObject>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace dm::ui {

StabilityCurveData stabilityCurveData(const Findings& findings, double target) {
    StabilityCurveData d;
    d.agreement = findings.splitHalfCurve;
    d.topK = findings.topK;
    d.target = target;
    return d;
}

void drawStabilityCurve(QCustomPlot* plot, const StabilityCurveData& d) {
    resetPlot(plot);
    const QString top = d.topK > 0 ? QObject::tr("top %1").arg(d.topK) : QObject::tr("top genes");
    setPlotTitle(plot, QObject::tr("Stability of the %1").arg(top));
    // Graph 0: the curve (the views count its points).
    QCPGraph* curve = plot->addGraph();
    curve->setName(QObject::tr("split-half agreement"));
    curve->setPen(QPen(style::accepted(), 2));
    curve->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, style::accepted(), style::accepted(), 6));
    for (size_t i = 0; i < d.agreement.size(); ++i)
        if (std::isfinite(d.agreement[i])) curve->addData(double(i + 2), d.agreement[i]);

    if (d.target > 0) {
        auto* line = new QCPItemStraightLine(plot);
        line->setPen(QPen(style::gate(), 1.5, Qt::DashLine));
        line->point1->setCoords(0, d.target);
        line->point2->setCoords(1, d.target);
        QCPGraph* key = plot->addGraph();
        key->setName(QObject::tr("target %1").arg(d.target, 0, 'f', 2));
        key->setPen(QPen(style::gate(), 1.5, Qt::DashLine));
    }
    if (curve->dataCount() == 0) {  // why the axes are empty
        auto* note = new QCPItemText(plot);
        note->position->setType(QCPItemPosition::ptAxisRectRatio);
        note->position->setCoords(0.5, 0.5);
        note->setText(QObject::tr("appears after 2 accepted passes"));
        note->setColor(style::gate());
    }
    plot->xAxis->setLabel(QObject::tr("accepted passes"));
    plot->yAxis->setLabel(QObject::tr("split-half Jaccard"));
    const int last = int(d.agreement.size()) + 1;
    plot->xAxis->setRange(1.5, std::max(last, 4) + 0.5);
    plot->yAxis->setRange(-0.03, 1.05);  // points at 0 (no agreement) above the axis line
    QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
    ticker->setTickStep(std::max(1, last / 8));
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    plot->xAxis->setTicker(ticker);
    plot->legend->setVisible(d.target > 0);
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
}

}  // namespace dm::ui
