#pragma once
// Loads a dataset as a BackgroundJob. Cancel (or a newer load) stops waiting at once and
// discards the result; the reader itself stops at its next block (readers poll the job's
// cancel token through readInterruptScope), so quitting mid-load does not wait for the file.
#include "run_types.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace dm::ui {

class BackgroundJob;

class DatasetLoader : public QObject {
    Q_OBJECT
public:
    using LoadFn = std::function<Dataset()>;

    explicit DatasetLoader(QObject* parent = nullptr);
    ~DatasetLoader() override;  // cancels readers still running and joins them (results dropped)

    // Starts loading `path` (a file, a folder or a name for generated data); a load already
    // in progress is cancelled (its result discarded). `matrices`, when given, is filled by
    // `fn` with the matrices the file offers and delivered with the dataset.
    void load(const QString& description, const QString& path, LoadFn fn,
              std::shared_ptr<QStringList> matrices = {});
    bool busy() const { return current_ != nullptr; }

public slots:
    void cancel();

signals:
    void started(QString description);
    void loaded(dm::ui::DatasetPtr dataset, QString description, QString path, QStringList matrices);
    void failed(QString message, QString description);
    void cancelled(QString description);

private:
    struct Outcome;
    void deliver(BackgroundJob* job, const std::shared_ptr<Outcome>& outcome);

    BackgroundJob* current_ = nullptr;  // the load whose result is still wanted
    QString currentDescription_;
};

}  // namespace dm::ui
