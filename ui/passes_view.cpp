#include "passes_view.h"

#include "plot_style.h"

#include <QHBoxLayout>
#include <qcustomplot.h>

#include <algorithm>

namespace dm::ui {

PassesView::PassesView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QHBoxLayout(this);
    accuracy_ = new QCustomPlot(this);
    accuracy_->setObjectName("passesPlot");
    accuracy_->setToolTip(tr("Held-out accuracy of every pass; passes below the gate are rejected"));
    style::apply(accuracy_);
    acceptedGraph_ = accuracy_->addGraph();
    acceptedGraph_->setName(tr("accepted"));
    acceptedGraph_->setLineStyle(QCPGraph::lsNone);
    acceptedGraph_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, style::accepted(), style::accepted(), 8));
    rejectedGraph_ = accuracy_->addGraph();
    rejectedGraph_->setName(tr("rejected"));
    rejectedGraph_->setLineStyle(QCPGraph::lsNone);
    rejectedGraph_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCross, QPen(style::rejected(), 2), Qt::NoBrush, 9));
    gateLine_ = new QCPItemStraightLine(accuracy_);
    gateLine_->setPen(QPen(style::gate(), 1.5, Qt::DashLine));
    countLabel_ = new QCPItemText(accuracy_);
    countLabel_->setPositionAlignment(Qt::AlignTop | Qt::AlignLeft);
    countLabel_->position->setType(QCPItemPosition::ptAxisRectRatio);
    countLabel_->position->setCoords(0.02, 0.03);
    countLabel_->setFont(QFont(font().family(), font().pointSize() + 1, QFont::Bold));
    accuracy_->xAxis->setLabel(tr("pass (try)"));
    accuracy_->yAxis->setLabel(tr("held-out accuracy"));
    accuracy_->legend->setVisible(true);
    accuracy_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
    accuracy_->plotLayout()->insertRow(0);
    accuracy_->plotLayout()->addElement(0, 0, new QCPTextElement(accuracy_, tr("Passes"), QFont(font().family(), font().pointSize() + 2, QFont::Bold)));

    loss_ = new QCustomPlot(this);
    loss_->setObjectName("lossPlot");
    loss_->setToolTip(tr("Training and validation loss of the current pass; the dotted line marks the epoch "
                         "whose weights were restored"));
    style::apply(loss_);
    trainGraph_ = loss_->addGraph();
    trainGraph_->setName(tr("train loss"));
    trainGraph_->setPen(QPen(style::train(), 2));
    trainGraph_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
    valGraph_ = loss_->addGraph();
    valGraph_->setName(tr("validation loss"));
    valGraph_->setPen(QPen(style::validation(), 2, Qt::DashLine));
    valGraph_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, 4));
    bestMarker_ = new QCPItemLine(loss_);
    bestMarker_->setPen(QPen(style::gate(), 1.5, Qt::DotLine));
    bestMarker_->setVisible(false);
    bestLabel_ = new QCPItemText(loss_);
    bestLabel_->setPositionAlignment(Qt::AlignTop | Qt::AlignLeft);
    bestLabel_->setVisible(false);
    loss_->xAxis->setLabel(tr("epoch"));
    loss_->yAxis->setLabel(tr("cross-entropy loss"));
    loss_->legend->setVisible(true);
    loss_->plotLayout()->insertRow(0);
    loss_->plotLayout()->addElement(0, 0, new QCPTextElement(loss_, tr("Current pass"), QFont(font().family(), font().pointSize() + 2, QFont::Bold)));

    layout->addWidget(accuracy_, 3);
    layout->addWidget(loss_, 2);
    reset(0, 0, 0.0);
}

void PassesView::reset(int passesWanted, int maxTries, double gate) {
    wanted_ = passesWanted;
    maxTries_ = maxTries;
    gate_ = gate;
    accepted_ = tries_ = 0;
    acceptedGraph_->data()->clear();
    rejectedGraph_->data()->clear();
    trainGraph_->data()->clear();
    valGraph_->data()->clear();
    bestMarker_->setVisible(false);
    bestLabel_->setVisible(false);
    gateLine_->point1->setCoords(0, gate);
    gateLine_->point2->setCoords(1, gate);
    gateLine_->setVisible(gate > 0);
    updateLabel();
    rescale();
    accuracy_->replot();
    loss_->replot();
}

int PassesView::pointCount() const { return acceptedGraph_->dataCount() + rejectedGraph_->dataCount(); }

void PassesView::addPass(const PassRecord& r, int accepted, int tries) {
    (r.accepted ? acceptedGraph_ : rejectedGraph_)->addData(r.tryIndex + 1, r.accuracy);
    accepted_ = accepted;
    tries_ = tries;
    updateLabel();
    rescale();
    accuracy_->replot();
    showCurves(r);
}

void PassesView::passStarted(int tryIndex) {
    trainGraph_->data()->clear();
    valGraph_->data()->clear();
    bestMarker_->setVisible(false);
    bestLabel_->setVisible(false);
    if (auto* title = qobject_cast<QCPTextElement*>(loss_->plotLayout()->element(0, 0)))
        title->setText(tr("Pass %1 (training)").arg(tryIndex + 1));
    loss_->replot();
}

void PassesView::addEpoch(const EpochEvent& e) {
    maxEpochs_ = std::max(maxEpochs_, e.epochs);
    trainGraph_->addData(e.epoch + 1, e.trainLoss);
    valGraph_->addData(e.epoch + 1, e.valLoss);
    loss_->xAxis->setRange(0.5, std::max(e.epochs, e.epoch + 1) + 0.5);
    loss_->yAxis->rescale();
    loss_->yAxis->scaleRange(1.15);
    loss_->replot(QCustomPlot::rpQueuedReplot);
}

void PassesView::showCurves(const PassRecord& r) {
    trainGraph_->data()->clear();
    valGraph_->data()->clear();
    for (size_t i = 0; i < r.trainLoss.size(); ++i) trainGraph_->addData(double(i + 1), r.trainLoss[i]);
    for (size_t i = 0; i < r.valLoss.size(); ++i) valGraph_->addData(double(i + 1), r.valLoss[i]);
    if (auto* title = qobject_cast<QCPTextElement*>(loss_->plotLayout()->element(0, 0)))
        title->setText(tr("Pass %1: %2, accuracy %3")
                           .arg(r.tryIndex + 1)
                           .arg(r.accepted ? tr("accepted") : tr("rejected"))
                           .arg(r.accuracy, 0, 'f', 3));
    loss_->xAxis->setRange(0.5, std::max<size_t>(r.trainLoss.size(), 1) + 0.5);
    loss_->yAxis->rescale();
    loss_->yAxis->scaleRange(1.15);
    const bool marked = r.bestEpoch >= 0 && !r.trainLoss.empty();
    bestMarker_->setVisible(marked);
    bestLabel_->setVisible(marked);
    if (marked) {
        const double x = r.bestEpoch + 1;
        bestMarker_->start->setType(QCPItemPosition::ptPlotCoords);
        bestMarker_->start->setCoords(x, loss_->yAxis->range().lower);
        bestMarker_->end->setCoords(x, loss_->yAxis->range().upper);
        bestLabel_->position->setCoords(x, loss_->yAxis->range().upper);
        // Label on the side of the line with room, so it is never cut at the plot edge.
        const bool leftHalf = x <= loss_->xAxis->range().center();
        bestLabel_->setPositionAlignment(Qt::AlignTop | (leftHalf ? Qt::AlignLeft : Qt::AlignRight));
        bestLabel_->setText(leftHalf ? tr(" restored epoch %1").arg(r.bestEpoch + 1)
                                     : tr("restored epoch %1 ").arg(r.bestEpoch + 1));
    }
    loss_->replot();
}

void PassesView::updateLabel() {
    countLabel_->setText(wanted_ > 0 ? tr("accepted %1 of %2 (tries %3 of at most %4)")
                                           .arg(accepted_)
                                           .arg(wanted_)
                                           .arg(tries_)
                                           .arg(maxTries_)
                                     : tr("no run yet"));
}

void PassesView::rescale() {
    const int n = std::max({tries_, 1, std::min(wanted_, 10)});
    accuracy_->xAxis->setRange(0.5, n + 0.5);
    accuracy_->yAxis->setRange(0.0, 1.05);
    QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
    ticker->setTickStep(std::max(1, n / 10));
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    accuracy_->xAxis->setTicker(ticker);
}

}  // namespace dm::ui
