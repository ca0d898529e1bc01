#include "confusion_view.h"

#include "plot_style.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <qcustomplot.h>

namespace dm::ui {

ConfusionView::ConfusionView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    stack_ = new QStackedWidget(this);
    placeholder_ = new QLabel(tr("<h3>No evaluation yet</h3><p>The confusion matrix of the ensembled held-out prediction, "
                                 "with per-class precision, recall and F1, appears here after <b>Run &gt; "
                                 "Evaluate</b>: the configured number of arrangements are trained on one split "
                                 "and their predictions averaged.</p>"),
                              this);
    placeholder_->setObjectName("confusionPlaceholder");
    placeholder_->setAlignment(Qt::AlignCenter);
    placeholder_->setWordWrap(true);
    stack_->addWidget(placeholder_);

    auto* page = new QWidget(this);
    auto* row = new QHBoxLayout(page);
    plot_ = new QCustomPlot(page);
    plot_->setObjectName("confusionPlot");
    style::apply(plot_);
    map_ = new QCPColorMap(plot_->xAxis, plot_->yAxis);
    map_->setInterpolate(false);
    auto* scale = new QCPColorScale(plot_);
    scale->setLabel(tr("recall (row-normalized)"));
    plot_->plotLayout()->addElement(0, 1, scale);
    map_->setColorScale(scale);
    map_->setGradient(style::viridis());
    map_->setDataRange(QCPRange(0, 1));
    plot_->yAxis->setRangeReversed(true);
    plot_->xAxis->setLabel(tr("predicted class"));
    plot_->yAxis->setLabel(tr("true class"));
    row->addWidget(plot_, 3);
    auto* side = new QVBoxLayout;
    metrics_ = new QTableWidget(0, 4, page);
    metrics_->setObjectName("metricsTable");
    metrics_->setHorizontalHeaderLabels({tr("class"), tr("precision"), tr("recall"), tr("F1")});
    metrics_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    metrics_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    metrics_->verticalHeader()->setVisible(false);
    side->addWidget(metrics_, 1);
    macro_ = new QLabel(page);
    macro_->setObjectName("macroF1");
    side->addWidget(macro_);
    row->addLayout(side, 2);
    stack_->addWidget(page);
    layout->addWidget(stack_);
}

bool ConfusionView::hasData() const { return stack_->currentIndex() == 1; }

void ConfusionView::clear() { stack_->setCurrentIndex(0); }

void ConfusionView::setReport(const ClassificationReport& report) {
    const auto& counts = report.confusion.counts;
    const int k = int(report.perClass.size());
    if (k == 0 || int(counts.size()) != k) return clear();
    plot_->clearItems();
    map_->data()->setSize(k, k);
    map_->data()->setRange(QCPRange(0, k - 1), QCPRange(0, k - 1));
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (int i = 0; i < k; ++i) ticker->addTick(i, QString::fromStdString(report.perClass[size_t(i)].name));
    plot_->xAxis->setTicker(ticker);
    plot_->yAxis->setTicker(ticker);
    plot_->xAxis->setTickLabelRotation(k > 4 ? 45 : 0);
    for (int t = 0; t < k; ++t)
        for (int p = 0; p < k; ++p) {
            const double recall = report.confusion.rowNormalized[size_t(t)][size_t(p)];
            map_->data()->setCell(p, t, recall);
            auto* label = new QCPItemText(plot_);
            label->position->setCoords(p, t);
            label->setText(QString("%1\n%2").arg(counts[size_t(t)][size_t(p)]).arg(recall, 0, 'f', 2));
            label->setColor(recall > 0.6 ? Qt::black : Qt::white);  // readable on viridis
        }
    plot_->xAxis->setRange(-0.5, k - 0.5);
    plot_->yAxis->setRange(-0.5, k - 0.5);
    plot_->replot();

    metrics_->setRowCount(k);
    for (int i = 0; i < k; ++i) {
        const ClassMetrics& m = report.perClass[size_t(i)];
        metrics_->setItem(i, 0, new QTableWidgetItem(QString::fromStdString(m.name)));
        metrics_->setItem(i, 1, new QTableWidgetItem(QString::number(m.precision, 'f', 3)));
        metrics_->setItem(i, 2, new QTableWidgetItem(QString::number(m.recall, 'f', 3)));
        metrics_->setItem(i, 3, new QTableWidgetItem(QString::number(m.f1, 'f', 3)));
    }
    macro_->setText(tr("<b>macro F1: %1</b> &nbsp; accuracy: %2").arg(report.macroF1, 0, 'f', 3).arg(report.accuracy, 0, 'f', 3));
    stack_->setCurrentIndex(1);
}

}  // namespace dm::ui
