#pragma once
// The linear baseline (core's exact L2 logistic regression) fitted on a run's input as a
// BackgroundJob: cancellable at every solver step, joined on quit; the importance per
// gene arrives on the GUI thread.
#include "run_types.h"

#include <QObject>
#include <QString>

#include <vector>

namespace dm::ui {

class BackgroundJob;

class LinearBaselineJob : public QObject {
    Q_OBJECT
public:
    explicit LinearBaselineJob(QObject* parent = nullptr);
    ~LinearBaselineJob() override;

    // False (nothing happens) while a fit runs or without input.
    bool start(const PreparedInputPtr& input);
    bool running() const;
    // Stops the fit at its next step; no result or failure is delivered for it.
    void cancel();

signals:
    void fitted(std::vector<double> importance);  // max |coefficient| per gene of the input
    void failed(QString message);
    void finished();  // last, after fitted or failed (or a cancel)

private:
    BackgroundJob* job_ = nullptr;
};

}  // namespace dm::ui
