#include "figure_passes.h"

#include "figure_common.h"
#include "plot_style.h"

#include <QObject>
#include <qcustomplot.h>

#include <algorithm>

namespace dm::ui {

PassAcceptanceData passAcceptanceData(const Findings& findings, int wanted, int maxTries, double gate) {
    PassAcceptanceData d;
    for (const PassRecord& r : findings.passes) d.points.push_back({r.tryIndex + 1, r.accuracy, r.accepted});
    d.wanted = wanted;
    d.maxTries = maxTries;
    d.accepted = findings.accepted;
    d.tries = findings.tries;
    d.gate = gate;
    return d;
}

namespace {

QCPGraph* pointGraph(QCustomPlot* plot, const QString& name, const QCPScatterStyle& marker) {
    QCPGraph* g = plot->addGraph();
    g->setName(name);
    g->setLineStyle(QCPGraph::lsNone);
    g->setScatterStyle(marker);
    return g;
}

QString countText(const PassAcceptanceData& d) {
    if (d.wanted <= 0) return QObject::tr("no run yet");
    return QObject::tr("accepted %1 of %2 (tries %3 of at most %4)")
        .arg(d.accepted)
        .arg(d.wanted)
        .arg(d.tries)
        .arg(d.maxTries);
}

}  // namespace

void drawPassAcceptance(QCustomPlot* plot, const PassAcceptanceData& d) {
    resetPlot(plot);
    setPlotTitle(plot, QObject::tr("Passes"));
    // Graph 0 accepted, graph 1 rejected (the views count points through them).
    QCPGraph* accepted = pointGraph(plot, QObject::tr("accepted"),
                                    QCPScatterStyle(QCPScatterStyle::ssDisc, style::accepted(), style::accepted(), 8));
    QCPGraph* rejected = pointGraph(plot, QObject::tr("rejected"),
                                    QCPScatterStyle(QCPScatterStyle::ssCross, QPen(style::rejected(), 2), Qt::NoBrush, 9));
    for (const PassPoint& p : d.points) (p.accepted ? accepted : rejected)->addData(p.pass, p.accuracy);

    if (d.gate > 0) {
        auto* gate = new QCPItemStraightLine(plot);
        gate->setPen(QPen(style::gate(), 1.5, Qt::DashLine));
        gate->point1->setCoords(0, d.gate);
        gate->point2->setCoords(1, d.gate);
        // The gate in the legend too, so a printed figure explains the dashed line.
        QCPGraph* key = plot->addGraph();
        key->setName(QObject::tr("gate %1").arg(d.gate, 0, 'f', 2));
        key->setPen(QPen(style::gate(), 1.5, Qt::DashLine));
    }
    auto* label = new QCPItemText(plot);
    label->setPositionAlignment(Qt::AlignTop | Qt::AlignLeft);
    label->position->setType(QCPItemPosition::ptAxisRectRatio);
    label->position->setCoords(0.02, 0.03);
    QFont bold = plot->font();
    bold.setPointSizeF(bold.pointSizeF() + 1);
    bold.setBold(true);
    label->setFont(bold);
    label->setText(countText(d));

    plot->xAxis->setLabel(QObject::tr("pass (try)"));
    plot->yAxis->setLabel(QObject::tr("held-out accuracy"));
    const int lastPass = d.points.empty() ? 0 : std::max_element(d.points.begin(), d.points.end(), [](auto& a, auto& b) {
                                                     return a.pass < b.pass;
                                                 })->pass;
    const int n = std::max({lastPass, d.tries, 1, std::min(d.wanted, 10)});
    plot->xAxis->setRange(0.5, n + 0.5);
    // Room above 1.0 for the count label, which sits in the top-left corner.
    plot->yAxis->setRange(0.0, 1.15);
    QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
    ticker->setTickStep(std::max(1, n / 10));
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    plot->xAxis->setTicker(ticker);
    plot->legend->setVisible(true);
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
}

}  // namespace dm::ui
