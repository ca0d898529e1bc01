#include "dataset_loader.h"

#include <algorithm>

#include <QFutureWatcher>
#include <QtConcurrent>

namespace dm::ui {

struct DatasetLoader::Outcome {
    DatasetPtr dataset;
    QString error;
};

DatasetLoader::DatasetLoader(QObject* parent) : QObject(parent) { registerMetaTypes(); }

DatasetLoader::~DatasetLoader() {
    // Readers hold no pointer to us; their watchers (our children) die with us unheard.
    for (QFuture<void>& f : running_) f.waitForFinished();
}

void DatasetLoader::load(const QString& description, LoadFn fn) {
    if (current_) emit cancelled(currentDescription_);
    const quint64 ticket = next_++;
    current_ = ticket;
    currentDescription_ = description;
    auto* watcher = new QFutureWatcher<std::shared_ptr<Outcome>>(this);
    connect(watcher, &QFutureWatcher<std::shared_ptr<Outcome>>::finished, this, [this, watcher, ticket, description] {
        deliver(ticket, description, watcher->result());
        watcher->deleteLater();
    });
    QFuture<std::shared_ptr<Outcome>> future = QtConcurrent::run([fn = std::move(fn)] {
        auto out = std::make_shared<Outcome>();
        try {
            out->dataset = std::make_shared<const Dataset>(fn());
        } catch (const std::bad_alloc&) {
            out->error = QObject::tr("Not enough memory to load this file. Close other programs or use a "
                                     "machine with more memory.");
        } catch (const std::exception& e) {
            out->error = QString::fromStdString(e.what());
        }
        return out;
    });
    watcher->setFuture(future);
    // Forget readers that are done, keep the rest for the destructor.
    running_.erase(std::remove_if(running_.begin(), running_.end(), [](const QFuture<void>& f) { return f.isFinished(); }),
                   running_.end());
    running_.push_back(QFuture<void>(future));
    emit started(description);
}

void DatasetLoader::cancel() {
    if (!current_) return;
    current_ = 0;
    emit cancelled(currentDescription_);
}

void DatasetLoader::deliver(quint64 ticket, const QString& description, const std::shared_ptr<Outcome>& outcome) {
    if (ticket != current_) return;  // cancelled or superseded
    current_ = 0;
    if (outcome->dataset)
        emit loaded(outcome->dataset, description);
    else
        emit failed(outcome->error, description);
}

}  // namespace dm::ui
