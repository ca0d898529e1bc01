#pragma once
// Runs the engine as a BackgroundJob and turns its observer callbacks into signals
// delivered on the GUI thread. The GUI thread never trains and never waits on the worker
// (except when the controller is destroyed mid-run, or the window quits: cancel, then join).
#include "engine/run_config.h"
#include "run_types.h"

#include <QElapsedTimer>
#include <QObject>

#include <functional>
#include <memory>

namespace dm::ui {

class BackgroundJob;

class RunController : public QObject {
    Q_OBJECT
public:
    // Builds the run input on the worker thread (preprocessing may take seconds on a big
    // matrix); throws dm::Error with a message for the user.
    using PrepareFn = std::function<PreparedInputPtr()>;

    explicit RunController(QObject* parent = nullptr);
    ~RunController() override;

    // Starts a run; false (and nothing happens) when one is already running.
    bool start(PrepareFn prepare, const RunConfig& config);
    // Ensembled held-out evaluation (config.passes arrangements vote) instead of a run;
    // ends with evaluationFinished instead of runFinished.
    bool startEvaluation(PrepareFn prepare, const RunConfig& config);
    bool evaluating() const { return running() && evaluating_; }
    // What the current job is, or the last one once it has finished.
    bool lastJobWasEvaluation() const { return evaluating_; }
    bool running() const;
    bool stopRequested() const;
    qint64 elapsedMs() const { return clock_.isValid() ? clock_.elapsed() : 0; }
    const RunConfig& config() const { return config_; }

public slots:
    // Cancels within a batch; the accepted passes so far arrive in runFinished (partial).
    void stop();

signals:
    void started();
    void inputReady(dm::ui::PreparedInputPtr input);
    void passStarted(int tryIndex, quint64 seed);
    void epochFinished(dm::EpochEvent event);
    void passFinished(dm::ui::PassSnapshotPtr pass);
    void runFinished(dm::ui::FindingsPtr findings);
    void evaluationFinished(dm::ui::EvaluationPtr evaluation);
    void failed(QString message);
    void message(QString text);
    // Stop was asked for; the job ends at its next check.
    void stopping();
    // Last signal of every run, after runFinished or failed.
    void finished();

private:
    class Observer;
    bool launch(PrepareFn prepare, const RunConfig& config, bool evaluate);
    void work(const PrepareFn& prepare, const RunConfig& config, bool evaluate, const CancelToken& cancel);
    void post(std::function<void()> emitter);

    BackgroundJob* job_ = nullptr;
    RunConfig config_;
    QElapsedTimer clock_;
    bool evaluating_ = false;
};

}  // namespace dm::ui
