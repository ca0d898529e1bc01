#include "background_job.h"

#include <QThread>

namespace dm::ui {

BackgroundJob::BackgroundJob(const QString& name, QObject* parent) : QObject(parent), name_(name) {}

BackgroundJob::~BackgroundJob() {
    if (!thread_) return;
    cancel();
    join();
    delete thread_;
}

bool BackgroundJob::start(Work work) {
    if (thread_) return false;
    auto cancel = std::make_shared<CancelToken>();
    cancel_ = cancel;
    thread_ = QThread::create([work = std::move(work), cancel] { work(*cancel); });
    thread_->setObjectName(name_);
    // Queued: delivered after what the work posted before returning.
    connect(thread_, &QThread::finished, this, &BackgroundJob::onThreadFinished, Qt::QueuedConnection);
    thread_->start();
    return true;
}

BackgroundJob* BackgroundJob::startOneOff(const QString& name, QObject* parent,
                                          std::function<void(BackgroundJob* job, const CancelToken& cancel)> work) {
    auto* job = new BackgroundJob(name, parent);
    connect(job, &BackgroundJob::finished, job, &QObject::deleteLater);
    job->start([job, work = std::move(work)](const CancelToken& cancel) { work(job, cancel); });
    return job;
}

void BackgroundJob::cancel() {
    if (thread_ && cancel_) cancel_->cancel();
}

void BackgroundJob::join() {
    if (thread_) thread_->wait();
}

void BackgroundJob::post(std::function<void()> fn) {
    QMetaObject::invokeMethod(this, std::move(fn), Qt::QueuedConnection);
}

void BackgroundJob::onThreadFinished() {
    if (!thread_) return;
    thread_->deleteLater();
    thread_ = nullptr;
    emit finished();
}

void BackgroundJob::cancelAndJoinAll(QObject* root) {
    const QList<BackgroundJob*> jobs = root->findChildren<BackgroundJob*>();
    for (BackgroundJob* job : jobs) job->cancel();  // all asked first, so they wind down together
    for (BackgroundJob* job : jobs) job->join();
}

}  // namespace dm::ui
