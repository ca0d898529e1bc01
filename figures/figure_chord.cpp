#include "figure_chord.h"

#include "figure_common.h"
#include "plot_style.h"

#include <QObject>
#include <qcustomplot.h>

#include <algorithm>

namespace dm::ui {

namespace {

// One bar series (mean per method), its whiskers and its per-split dots.
void addSeries(QCustomPlot* plot, const QVector<double>& x, const std::vector<const std::vector<double>*>& values,
               const std::vector<SpreadSummary>& summary, const QColor& colour, const QString& name) {
    auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
    bars->setName(name);
    bars->setPen(Qt::NoPen);
    bars->setBrush(colour);
    bars->setWidth(0.34);
    auto* whiskers = new QCPErrorBars(plot->xAxis, plot->yAxis);
    whiskers->removeFromLegend();
    whiskers->setPen(QPen(Qt::black, 1.2));
    auto* dots = new QCPGraph(plot->xAxis, plot->yAxis);
    dots->removeFromLegend();
    dots->setLineStyle(QCPGraph::lsNone);
    dots->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Qt::black, 1), QBrush(Qt::white), 5));
    QVector<double> means, errors;
    for (int i = 0; i < x.size(); ++i) {
        means << summary[size_t(i)].mean;
        errors << summary[size_t(i)].sd;
        const auto& v = *values[size_t(i)];
        for (size_t s = 0; s < v.size(); ++s)
            dots->addData(x[i] + 0.12 * (double(s) / std::max<double>(1, double(v.size() - 1)) - 0.5), v[s]);
    }
    bars->setData(x, means);
    whiskers->setDataPlottable(bars);
    whiskers->setData(errors);
}

}  // namespace

void drawChordPlaceholder(QCustomPlot* plot, const QString& why) {
    resetPlot(plot);
    setPlotTitle(plot, QObject::tr("Held-out chord test: no result"));
    auto* note = new QCPItemText(plot);
    note->position->setType(QCPItemPosition::ptAxisRectRatio);
    note->position->setCoords(0.5, 0.5);
    note->setText(why);
    note->setColor(style::gate());
    plot->xAxis->setTicks(false);
    plot->yAxis->setTicks(false);
    plot->xAxis->grid()->setVisible(false);
    plot->yAxis->grid()->setVisible(false);
}

void drawChordAuc(QCustomPlot* plot, const ChordResult& r) {
    resetPlot(plot);
    setPlotTitle(plot, QObject::tr("Held-out chord test: %1 vs %2, top %3 genes, %4 splits")
                           .arg(QString::fromStdString(r.positive), QString::fromStdString(r.negative))
                           .arg(r.k)
                           .arg(r.seeds.size()));
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    QVector<double> setX, singleX;
    std::vector<const std::vector<double>*> setValues, singleValues;
    std::vector<SpreadSummary> setSummary, singleSummary;
    double low = r.overallBest.mean;
    for (size_t m = 0; m < r.methods.size(); ++m) {
        const ChordMethodResult& method = r.methods[m];
        const double x = double(m + 1);
        ticker->addTick(x, QString::fromStdString(method.method));
        setX << x - 0.18;
        singleX << x + 0.18;
        setValues.push_back(&method.setAuc);
        singleValues.push_back(&method.bestGeneAuc);
        setSummary.push_back(method.set);
        singleSummary.push_back(method.single);
        for (double v : method.setAuc) low = std::min(low, v);
        for (double v : method.bestGeneAuc) low = std::min(low, v);
    }
    addSeries(plot, setX, setValues, setSummary, style::accepted(),
              QObject::tr("gene set (logistic regression on %1 genes)").arg(r.k));
    addSeries(plot, singleX, singleValues, singleSummary, style::validation(), QObject::tr("best single gene of the set"));
    const double n = double(r.methods.size());
    auto* overall = new QCPGraph(plot->xAxis, plot->yAxis);
    overall->setName(QObject::tr("best single gene of all genes (%1)").arg(r.overallBest.mean, 0, 'f', 3));
    overall->setPen(QPen(style::gate(), 1.5, Qt::DashLine));
    overall->addData(0.4, r.overallBest.mean);
    overall->addData(n + 0.6, r.overallBest.mean);
    plot->xAxis->setTicker(ticker);
    plot->xAxis->grid()->setVisible(false);
    plot->xAxis->setRange(0.4, n + 0.6);
    plot->yAxis->setRange(std::max(0.0, std::min(0.5, low - 0.05)), 1.02);
    plot->yAxis->setLabel(QObject::tr("held-out AUC (mean +- sd over splits)"));
    // Below the plot: inside, wherever it sat, it covered bars or their whiskers.
    placeLegendBelow(plot, 2);
}

}  // namespace dm::ui
