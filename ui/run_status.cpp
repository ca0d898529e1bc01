#include "run_status.h"

#include "dataset_loader.h"
#include "run_controller.h"

#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QTimer>

#include <algorithm>

namespace dm::ui {

QString RunStatus::formatDuration(double seconds) {
    const qint64 s = qint64(seconds + 0.5);
    return s >= 3600 ? QString("%1:%2:%3").arg(s / 3600).arg((s / 60) % 60, 2, 10, QChar('0')).arg(s % 60, 2, 10, QChar('0'))
                     : QString("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QChar('0'));
}

RunStatus::RunStatus(QStatusBar* bar, RunController* controller, DatasetLoader* loader)
    : QObject(bar), bar_(bar), controller_(controller), loader_(loader) {
    buildWidgets();
    auto loading = [this](bool on) {
        loadProgress_->setVisible(on);
        loadCancel_->setVisible(on);
    };
    connect(loader_, &DatasetLoader::started, this, [this, loading](const QString& d) {
        loading(true);
        bar_->showMessage(tr("Loading %1...").arg(d));
    });
    connect(loader_, &DatasetLoader::loaded, this, [this, loading] {
        loading(false);
        bar_->showMessage(tr("Dataset loaded: pick the label column, then Run > Start (F5)"), 8000);
    });
    connect(loader_, &DatasetLoader::failed, this, [loading] { loading(false); });
    connect(loader_, &DatasetLoader::cancelled, this, [this, loading] {
        loading(false);
        bar_->showMessage(tr("Loading cancelled"), 5000);
    });
    connect(loadCancel_, &QPushButton::clicked, loader_, &DatasetLoader::cancel);

    connect(controller_, &RunController::started, this, &RunStatus::onStarted);
    connect(controller_, &RunController::inputReady, this,
            [this] { bar_->showMessage(evaluation_ ? tr("Evaluating...") : tr("Training...")); });
    connect(controller_, &RunController::passStarted, this, [this] {
        ++started_;
        epoch_ = 0;
    });
    connect(controller_, &RunController::epochFinished, this, [this](const EpochEvent& e) {
        epoch_ = e.epoch + 1;
        epochs_ = e.epochs;
        refresh();
    });
    connect(controller_, &RunController::passFinished, this, &RunStatus::onPassFinished);
    connect(controller_, &RunController::runFinished, this, [this](const FindingsPtr& f) {
        findings_ = f;
        seconds_ = controller_->elapsedMs() / 1000.0;
    });
    connect(controller_, &RunController::evaluationFinished, this, [this] { evaluated_ = true; });
    connect(controller_, &RunController::stopping, this, [this] { bar_->showMessage(tr("Stopping...")); });
    connect(controller_, &RunController::finished, this, &RunStatus::onFinished);
}

void RunStatus::buildWidgets() {
    loadProgress_ = new QProgressBar(bar_);
    loadProgress_->setObjectName("loadProgress");
    loadProgress_->setRange(0, 0);  // readers give no progress: busy indicator
    loadProgress_->setMaximumWidth(140);
    loadProgress_->hide();
    loadCancel_ = new QPushButton(tr("Cancel"), bar_);
    loadCancel_->setObjectName("loadCancel");
    loadCancel_->setToolTip(tr("Stop reading the file; nothing is loaded"));
    loadCancel_->hide();
    bar_->addWidget(loadProgress_);
    bar_->addWidget(loadCancel_);
    passProgress_ = new QProgressBar(bar_);
    passProgress_->setObjectName("passProgress");
    passProgress_->setMinimumWidth(200);
    passProgress_->setMaximumWidth(260);
    passProgress_->setFormat(tr("passes %v of %m"));
    passProgress_->setToolTip(tr("Accepted passes of the run"));
    passProgress_->hide();
    epochProgress_ = new QProgressBar(bar_);
    epochProgress_->setObjectName("epochProgress");
    epochProgress_->setMaximumWidth(180);
    epochProgress_->setFormat(tr("epoch %v of %m"));
    epochProgress_->setToolTip(tr("Epochs of the current pass (early stopping may end it sooner)"));
    epochProgress_->hide();
    time_ = new QLabel(bar_);
    time_->setObjectName("statusTime");
    shape_ = new QLabel(tr("No dataset"), bar_);
    shape_->setObjectName("statusShape");
    for (QLabel* l : {time_, shape_}) l->setContentsMargins(10, 0, 10, 0);  // apart, not run together
    bar_->addPermanentWidget(passProgress_);
    bar_->addPermanentWidget(epochProgress_);
    bar_->addPermanentWidget(time_);
    bar_->addPermanentWidget(shape_);
    bar_->showMessage(tr("Ready"));
    clock_ = new QTimer(this);
    clock_->setInterval(1000);
    connect(clock_, &QTimer::timeout, this, &RunStatus::refresh);
}

void RunStatus::showDataset(const DatasetPtr& ds) {
    shape_->setText(ds ? tr("%1 cells x %2 genes").arg(ds->cells()).arg(ds->genes()) : tr("No dataset"));
}

QString RunStatus::timeText() const { return time_->text(); }

void RunStatus::onStarted() {
    const RunConfig& config = controller_->config();
    evaluation_ = controller_->evaluating();
    wanted_ = config.passes;
    maxTries_ = config.effectiveMaxTries();
    started_ = tries_ = accepted_ = epoch_ = epochs_ = 0;
    findings_.reset();
    evaluated_ = false;
    seconds_ = 0;
    passProgress_->setRange(0, config.passes);
    passProgress_->setValue(0);
    passProgress_->setVisible(!evaluation_);  // an evaluation's arrangements are not passes of a run
    epochProgress_->setRange(0, config.epochs);
    epochProgress_->setValue(0);
    epochProgress_->show();
    time_->clear();
    clock_->start();
    bar_->showMessage(tr("Preparing the data..."));
}

void RunStatus::onPassFinished(const PassSnapshotPtr& pass) {
    tries_ = pass->tries;
    accepted_ = pass->accepted;
    passProgress_->setValue(std::min(accepted_, passProgress_->maximum()));
    refresh();
}

double RunStatus::estimateLeft(double elapsed) const {
    if (evaluation_) {  // arrangements vote in turn; one has finished when the next starts
        const int done = started_ - 1;
        return done > 0 ? (wanted_ - done) * (elapsed / done) : -1;
    }
    if (accepted_ <= 0 || tries_ <= 0) return -1;
    const double perTry = elapsed / tries_;
    const double triesPerAccepted = double(tries_) / accepted_;
    const int remainingTries = std::min(int((wanted_ - accepted_) * triesPerAccepted + 0.5), maxTries_ - tries_);
    return std::max(0, remainingTries) * perTry;
}

void RunStatus::refresh() {
    if (!controller_->running()) return;
    epochProgress_->setMaximum(std::max(1, epochs_));
    epochProgress_->setValue(epoch_);
    const double elapsed = controller_->elapsedMs() / 1000.0;
    QString text = tr("elapsed %1").arg(formatDuration(elapsed));
    const double left = estimateLeft(elapsed);
    if (left >= 0) text += tr(", about %1 left").arg(formatDuration(left));
    time_->setText(text);
}

void RunStatus::onFinished() {
    clock_->stop();
    epochProgress_->hide();
    if (evaluation_) {
        passProgress_->hide();
        time_->setText(tr("evaluated in %1").arg(formatDuration(controller_->elapsedMs() / 1000.0)));
        bar_->showMessage(evaluated_ ? tr("Evaluation finished") : tr("Evaluation ended"), 10000);
        return;
    }
    const bool partial = findings_ && findings_->partial;
    const bool stopped = controller_->stopRequested();
    const QString end = !findings_                             ? tr("Run ended without a result")
                        : stopped && findings_->tries == 0     ? tr("Stopped before any pass finished")
                        : stopped && findings_->accepted == 0  ? tr("Stopped before any pass was accepted")
                        : !partial                             ? tr("Run finished")
                        : stopped                              ? tr("Stopped: partial result kept")
                                                               : tr("Finished with a partial result: max tries used up");
    bar_->showMessage(end, 10000);
    time_->setText(findings_ ? tr("%1 accepted in %2%3")
                                   .arg(findings_->accepted == 1 ? tr("1 pass") : tr("%1 passes").arg(findings_->accepted))
                                   .arg(formatDuration(seconds_))
                                   .arg(partial ? tr(" (partial)") : QString())
                             : QString());
}

}  // namespace dm::ui
