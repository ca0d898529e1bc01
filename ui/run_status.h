#pragma once
// The status bar's account of background work: a busy bar and Cancel while a dataset
// loads; for a run, accepted passes of the wanted number, epochs of the current pass,
// elapsed time and an estimate of the time left; for an evaluation, epochs and its own
// estimate; a one-line outcome when the job ends; the open dataset's shape. It counts
// the current job's passes itself, so an evaluation never reuses the last run's numbers.
#include "run_types.h"

#include <QObject>
#include <QString>

class QLabel;
class QProgressBar;
class QPushButton;
class QStatusBar;
class QTimer;

namespace dm::ui {

class DatasetLoader;
class RunController;

class RunStatus : public QObject {
    Q_OBJECT
public:
    RunStatus(QStatusBar* bar, RunController* controller, DatasetLoader* loader);

    // "cells x genes" of the open dataset.
    void showDataset(const dm::ui::DatasetPtr& dataset);
    // "elapsed m:ss, about m:ss left" while a job runs; the outcome after.
    QString timeText() const;

    // h:mm:ss or m:ss.
    static QString formatDuration(double seconds);

private:
    void buildWidgets();
    void onStarted();
    void onPassFinished(const PassSnapshotPtr& pass);
    void onFinished();
    void refresh();
    // Seconds left for the current job, < 0 when there is nothing to estimate from yet.
    double estimateLeft(double elapsed) const;

    QStatusBar* bar_;
    RunController* controller_;
    DatasetLoader* loader_;
    QProgressBar* loadProgress_ = nullptr;
    QPushButton* loadCancel_ = nullptr;
    QProgressBar* passProgress_ = nullptr;
    QProgressBar* epochProgress_ = nullptr;
    QLabel* time_ = nullptr;
    QLabel* shape_ = nullptr;
    QTimer* clock_ = nullptr;

    // The current job only.
    bool evaluation_ = false;
    int wanted_ = 0, maxTries_ = 0;  // passes (arrangements for an evaluation), tries allowed
    int started_ = 0, tries_ = 0, accepted_ = 0;
    int epoch_ = 0, epochs_ = 0;
    FindingsPtr findings_;           // the run's result, when it ended with one
    bool evaluated_ = false;         // the evaluation ended with a result
    double seconds_ = 0;
};

}  // namespace dm::ui
