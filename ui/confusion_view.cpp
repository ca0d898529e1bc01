#include "confusion_view.h"

#include "figure_confusion.h"

#include "figure_common.h"
#include "run_document.h"

#include <QHBoxLayout>
#include <QMouseEvent>
#include <cmath>
#include <QHeaderView>
#include <QLabel>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <qcustomplot.h>

namespace dm::ui {

void ConfusionView::setDocument(RunDocument* document) {
    if (document_ == document) return;
    if (document_) document_->disconnect(this);
    document_ = document;
    if (!document_) return;
    connect(document_, &RunDocument::evaluationChanged, this, [this](const EvaluationPtr& e) {
        if (e) setReport(e->report);
        else clear();
    });
}

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
    plot_->setToolTip(tr("Rows: true class; columns: predicted class. Each cell shows the number of held-out cells "
                         "and the share of its true class (recall)"));
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
    // Cell (predicted p, true t) is centred on (p, t).
    connect(plot_, &QCustomPlot::mousePress, this, [this](QMouseEvent* e) {
        if (!hasData() || e->button() != Qt::LeftButton || !plot_->axisRect()->rect().contains(e->pos())) return;
        const int p = int(std::floor(plot_->xAxis->pixelToCoord(e->pos().x()) + 0.5));
        const int t = int(std::floor(plot_->yAxis->pixelToCoord(e->pos().y()) + 0.5));
        if (p >= 0 && t >= 0 && p < classes_ && t < classes_) emit cellClicked(t, p);
    });
}

bool ConfusionView::hasData() const { return stack_->currentIndex() == 1; }

void ConfusionView::clear() { stack_->setCurrentIndex(0); }

void ConfusionView::setReport(const ClassificationReport& report) {
    const auto& counts = report.confusion.counts;
    const int k = int(report.perClass.size());
    if (k == 0 || int(counts.size()) != k) return clear();
    classes_ = k;
    drawConfusion(plot_, report);
    replotView(plot_);

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
