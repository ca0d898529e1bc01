#include "passes_view.h"

#include "figure_common.h"
#include "run_document.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>

namespace dm::ui {

PassesView::PassesView(QWidget* parent) : QWidget(parent) {
    stack_ = new QStackedWidget(this);
    (new QVBoxLayout(this))->addWidget(stack_);
    emptyState_ = new QLabel(tr("<h3>No run yet</h3><p>Open a dataset, pick the label column and press <b>Run &gt; "
                                "Start</b> (F5). Each pass appears here as it finishes: its held-out accuracy "
                                "against the gate, accepted or rejected, the training and validation loss of the "
                                "pass in progress, and how stable the top genes are as passes accrue.</p>"),
                             this);
    emptyState_->setObjectName("passesEmptyState");
    emptyState_->setAlignment(Qt::AlignCenter);
    emptyState_->setWordWrap(true);
    stack_->addWidget(emptyState_);
    auto* page = new QWidget(this);
    auto* layout = new QHBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    stack_->addWidget(page);
    accuracy_ = new QCustomPlot(this);
    accuracy_->setObjectName("passesPlot");
    accuracy_->setToolTip(tr("Held-out accuracy of every pass; passes below the gate are rejected"));
    loss_ = new QCustomPlot(this);
    loss_->setObjectName("lossPlot");
    loss_->setToolTip(tr("Training and validation loss of the current pass; the dotted line marks the epoch "
                         "whose weights were restored"));
    stability_ = new QCustomPlot(this);
    stability_->setObjectName("stabilityPlot");
    stability_->setToolTip(tr("Split-half agreement: the Jaccard index of the top-k genes of the odd against the "
                              "even accepted passes, after 2, 3, ... accepted passes. Near 1: more passes would not "
                              "change the top genes."));
    auto* left = new QVBoxLayout;
    left->addWidget(accuracy_, 3);
    left->addWidget(stability_, 2);
    layout->addLayout(left, 3);
    layout->addWidget(loss_, 2);
    reset(0, 0, 0.0);
}

void PassesView::setDocument(RunDocument* document) {
    if (document_ == document) return;
    if (document_) document_->disconnect(this);
    document_ = document;
    if (!document_) return;
    connect(document_, &RunDocument::resultsReset, this,
            [this](const RunConfig& c) {
                stabilityTarget_ = c.autoPasses.enabled ? c.autoPasses.target : 0.0;
                stabilityTopK_ = c.topK;
                reset(c.passes, c.effectiveMaxTries(), c.minAccuracy);
            });
    connect(document_, &RunDocument::passAdded, this,
            [this](const PassSnapshotPtr& p) { addPass(p->record, p->accepted, p->tries); });
    connect(document_, &RunDocument::findingsChanged, this, &PassesView::setFindings);
}

void PassesView::reset(int passesWanted, int maxTries, double gate) {
    passes_ = PassAcceptanceData{};
    passes_.wanted = passesWanted;
    passes_.maxTries = maxTries;
    passes_.gate = gate;
    curve_ = TrainingCurveData{};
    stabilityData_ = emptyStability();
    stack_->setCurrentIndex(passesWanted > 0 ? 1 : 0);  // a run (live or reopened) is being shown
    redrawPasses();
    redrawCurve(false);
    redrawStability();
}

void PassesView::addPass(const PassRecord& r, int accepted, int tries) {
    passes_.points.push_back({r.tryIndex + 1, r.accuracy, r.accepted});
    passes_.accepted = accepted;
    passes_.tries = tries;
    redrawPasses();
    showCurves(r);
}

bool PassesView::showsEmptyState() const { return stack_->currentWidget() == emptyState_; }

void PassesView::passStarted(int tryIndex) {
    curve_ = TrainingCurveData{};
    curve_.title = tr("Pass %1 (training)").arg(tryIndex + 1);
    redrawCurve(false);
}

void PassesView::addEpoch(const EpochEvent& e) {
    curve_.epochs = std::max({curve_.epochs, e.epochs, e.epoch + 1});
    curve_.trainLoss.resize(size_t(e.epoch + 1), e.trainLoss);
    curve_.valLoss.resize(size_t(e.epoch + 1), e.valLoss);
    curve_.trainLoss[size_t(e.epoch)] = e.trainLoss;
    curve_.valLoss[size_t(e.epoch)] = e.valLoss;
    redrawCurve(true);  // epochs can arrive faster than frames
}

void PassesView::showCurves(const PassRecord& r) {
    curve_ = TrainingCurveData{};
    curve_.title = tr("Pass %1: %2, accuracy %3")
                       .arg(r.tryIndex + 1)
                       .arg(r.accepted ? tr("accepted") : tr("rejected"))
                       .arg(r.accuracy, 0, 'f', 3);
    curve_.trainLoss = r.trainLoss;
    curve_.valLoss = r.valLoss;
    curve_.bestEpoch = r.bestEpoch;
    redrawCurve(false);
}

void PassesView::setFindings(const FindingsPtr& findings) {
    stabilityData_ = findings ? stabilityCurveData(*findings, stabilityTarget_) : emptyStability();
    redrawStability();
}

StabilityCurveData PassesView::emptyStability() const {
    StabilityCurveData d;
    d.topK = stabilityTopK_;
    d.target = stabilityTarget_;
    return d;
}

void PassesView::redrawStability() {
    drawStabilityCurve(stability_, stabilityData_);
    replotView(stability_);
}

void PassesView::redrawPasses() {
    drawPassAcceptance(accuracy_, passes_);
    replotView(accuracy_);
}

void PassesView::redrawCurve(bool queued) {
    drawTrainingCurve(loss_, curve_);
    replotView(loss_, queued);
}

}  // namespace dm::ui
