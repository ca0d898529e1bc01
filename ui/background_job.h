#pragma once
// The one way the GUI runs work off its thread (after Qt's Mandelbrot RenderThread): a job
// is a function on a thread of its own that polls a cancel token; what it produces comes
// back to the GUI thread through post(); cancel() asks it to stop at its next check; the
// job is always joined: by its destructor at the latest (cancelled first), and for the
// whole window on quit (cancelAndJoinAll). The run, the evaluation, dataset loading and
// the linear baseline, the Markers tab's tests and the Cells tab's PCA all go through it.
#include "engine/runner.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>

class QThread;

namespace dm::ui {

class BackgroundJob : public QObject {
    Q_OBJECT
public:
    using Work = std::function<void(const CancelToken& cancel)>;

    explicit BackgroundJob(const QString& name, QObject* parent = nullptr);
    ~BackgroundJob() override;  // cancels and joins a job still running

    // Starts `work` on a new thread; false (and nothing happens) while a job runs.
    bool start(Work work);
    bool running() const { return thread_ != nullptr; }
    // Asks the work to stop at its next check of the token; returns at once.
    void cancel();
    bool cancelRequested() const { return cancel_ && cancel_->cancelled(); }
    // Blocks until the work has returned; cancel first to make that quick.
    void join();
    // Runs `fn` on this object's (the GUI) thread; dropped when the job is gone by then.
    void post(std::function<void()> fn);

    // A job of its own for one piece of work, owned by `parent` and deleted once finished:
    // for work started again before the previous one ends (the older result is dropped by
    // its receiver). Still joined on quit and when the parent goes.
    static BackgroundJob* startOneOff(const QString& name, QObject* parent,
                                      std::function<void(BackgroundJob* job, const CancelToken& cancel)> work);

    // On quit: cancels every job owned (directly or not) by `root`, then joins them.
    static void cancelAndJoinAll(QObject* root);

signals:
    // On the GUI thread after the work has returned and after everything it posted.
    void finished();

private:
    void onThreadFinished();

    QString name_;
    QThread* thread_ = nullptr;
    std::shared_ptr<CancelToken> cancel_;
};

}  // namespace dm::ui
