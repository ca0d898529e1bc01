#pragma once
// Loads a dataset off the GUI thread. Readers cannot be interrupted mid-file, so cancel
// means: stop waiting, and discard the result when the reader returns.
#include "run_types.h"

#include <QObject>
#include <QString>

#include <QFuture>

#include <functional>
#include <vector>

namespace dm::ui {

class DatasetLoader : public QObject {
    Q_OBJECT
public:
    using LoadFn = std::function<Dataset()>;

    explicit DatasetLoader(QObject* parent = nullptr);
    ~DatasetLoader() override;  // waits for readers still running (their results are dropped)

    // Starts loading; a load already in progress is cancelled (its result discarded).
    void load(const QString& description, LoadFn fn);
    bool busy() const { return current_ != 0; }

public slots:
    void cancel();

signals:
    void started(QString description);
    void loaded(dm::ui::DatasetPtr dataset, QString description);
    void failed(QString message, QString description);
    void cancelled(QString description);

private:
    struct Outcome;
    void deliver(quint64 ticket, const QString& description, const std::shared_ptr<Outcome>& outcome);

    quint64 next_ = 1;
    quint64 current_ = 0;  // ticket of the load whose result is still wanted
    QString currentDescription_;
    std::vector<QFuture<void>> running_;  // joined in the destructor
};

}  // namespace dm::ui
