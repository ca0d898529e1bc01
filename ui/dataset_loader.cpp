#include "dataset_loader.h"

#include "background_job.h"
#include "common/error.h"
#include "common/interrupt.h"

namespace dm::ui {

struct DatasetLoader::Outcome {
    QString description, path;
    std::shared_ptr<QStringList> matrices;
    DatasetPtr dataset;
    QString error;
    bool cancelled = false;
};

DatasetLoader::DatasetLoader(QObject* parent) : QObject(parent) { registerMetaTypes(); }

DatasetLoader::~DatasetLoader() { BackgroundJob::cancelAndJoinAll(this); }

void DatasetLoader::load(const QString& description, const QString& path, LoadFn fn,
                         std::shared_ptr<QStringList> matrices) {
    cancel();  // a load in progress is superseded
    auto* job = new BackgroundJob("deepmapper-load", this);
    current_ = job;
    currentDescription_ = description;
    connect(job, &BackgroundJob::finished, job, &QObject::deleteLater);
    auto out = std::make_shared<Outcome>();
    out->description = description;
    out->path = path;
    out->matrices = std::move(matrices);
    job->start([this, job, out, fn = std::move(fn)](const CancelToken& cancel) {
        try {
            const InterruptScope interrupt([&cancel] { return cancel.cancelled(); });  // readers poll it
            out->dataset = std::make_shared<const Dataset>(fn());
        } catch (const Cancelled&) {
            out->cancelled = true;
        } catch (const std::bad_alloc&) {
            out->error = QObject::tr("Not enough memory to load this file. Close other programs or use a "
                                     "machine with more memory.");
        } catch (const std::exception& e) {
            out->error = QString::fromStdString(e.what());
        }
        job->post([this, job, out] { deliver(job, out); });
    });
    emit started(description);
}

void DatasetLoader::cancel() {
    if (!current_) return;
    current_->cancel();
    current_ = nullptr;
    emit cancelled(currentDescription_);
}

void DatasetLoader::deliver(BackgroundJob* job, const std::shared_ptr<Outcome>& out) {
    if (job != current_ || out->cancelled) return;  // cancelled or superseded
    current_ = nullptr;
    if (out->dataset)
        emit loaded(out->dataset, out->description, out->path, out->matrices ? *out->matrices : QStringList{});
    else
        emit failed(out->error, out->description);
}

}  // namespace dm::ui
