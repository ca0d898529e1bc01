#include "activity_log.h"

#include "dataset_loader.h"
#include "run_controller.h"
#include "run_status.h"

#include <QTime>

namespace dm::ui {

ActivityLog::ActivityLog(QWidget* parent) : QPlainTextEdit(parent) {
    setObjectName("logView");
    setReadOnly(true);
    setMaximumBlockCount(5000);
}

void ActivityLog::add(const QString& text) { appendPlainText(QTime::currentTime().toString("HH:mm:ss  ") + text); }

void ActivityLog::follow(RunController* c) {
    connect(c, &RunController::inputReady, this, [this, c](const PreparedInputPtr& input) {
        add((c->evaluating() ? tr("Evaluation input: %1") : tr("Run input: %1")).arg(QString::fromStdString(input->description)));
    });
    connect(c, &RunController::passStarted, this, [this](int t, quint64 seed) {
        add(tr("Pass %1 started (arrangement seed %2)").arg(t + 1).arg(seed));
    });
    connect(c, &RunController::passFinished, this, [this](const PassSnapshotPtr& pass) {
        const PassRecord& r = pass->record;
        add(tr("Pass %1: accuracy %2, %3 (stopped at epoch %4, %5 s)")
                .arg(r.tryIndex + 1)
                .arg(r.accuracy, 0, 'f', 3)
                .arg(r.accepted ? tr("accepted") : tr("rejected, below the gate"))
                .arg(r.stopEpoch)
                .arg(r.seconds, 0, 'f', 1));
    });
    connect(c, &RunController::evaluationFinished, this, [this](const EvaluationPtr& e) {
        add(tr("Evaluation%1: ensembled accuracy %2, macro F1 %3 over %4 arrangements, %5 test cells")
                .arg(e->partial ? tr(" (stopped, partial)") : QString())
                .arg(e->accuracy, 0, 'f', 3)
                .arg(e->macroF1, 0, 'f', 3)
                .arg(e->passAccuracy.size())
                .arg(e->testCells.size()));
    });
    connect(c, &RunController::runFinished, this, [this, c](const FindingsPtr& f) {
        const bool stopped = c->stopRequested();
        if (stopped && f->accepted == 0) {
            add(f->tries == 0 ? tr("Run stopped before any pass finished: no result")
                              : tr("Run stopped before any pass was accepted (%1 tried): no ranking").arg(f->tries));
            return;
        }
        const QString what = !f->partial ? tr("Run finished: %1 of %2 passes accepted in %3 tries")
                             : stopped   ? tr("Partial result (stopped): %1 of %2 passes accepted in %3 tries")
                                         : tr("Partial result (max tries used up): %1 of %2 passes accepted in %3 "
                                              "tries; lower the gate or raise max tries");
        add(what.arg(f->accepted).arg(c->config().passes).arg(f->tries) +
            tr(", %1").arg(RunStatus::formatDuration(c->elapsedMs() / 1000.0)));
    });
    connect(c, &RunController::stopping, this,
            [this] { add(tr("Stopping after the current batch; accepted passes are kept")); });
    connect(c, &RunController::message, this, &ActivityLog::add);
}

void ActivityLog::follow(DatasetLoader* loader) {
    connect(loader, &DatasetLoader::started, this, [this](const QString& d) { add(tr("Loading %1").arg(d)); });
    connect(loader, &DatasetLoader::cancelled, this, [this](const QString& d) { add(tr("Loading %1 cancelled").arg(d)); });
}

}  // namespace dm::ui
