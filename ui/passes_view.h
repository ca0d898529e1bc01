#pragma once
// Tab 1: one point per pass (held-out accuracy), accepted and rejected apart, the gate as
// a dashed line, a running "accepted k of n (tries t)" label; beside it the current
// pass's train/validation loss per epoch with the restored epoch marked. Both plots are
// drawn by the shared figure builders (figure_passes.h, figure_training_curve.h). Before
// any run it says what will appear instead of showing empty axes.
#include "figure_passes.h"
#include "figure_training_curve.h"
#include "run_types.h"

#include <QWidget>

class QCustomPlot;
class QLabel;
class QStackedWidget;

namespace dm::ui {

class RunDocument;

class PassesView : public QWidget {
    Q_OBJECT
public:
    explicit PassesView(QWidget* parent = nullptr);

    // Follows the document's results (reset, passes added); nullptr: none.
    void setDocument(RunDocument* document);

    void reset(int passesWanted, int maxTries, double gate);
    void addPass(const PassRecord& record, int accepted, int tries);
    void passStarted(int tryIndex);
    void addEpoch(const EpochEvent& e);
    // Shows the loss curves of a finished pass (the restored epoch marked).
    void showCurves(const PassRecord& record);

    QCustomPlot* accuracyPlot() const { return accuracy_; }
    QCustomPlot* lossPlot() const { return loss_; }
    int pointCount() const { return int(passes_.points.size()); }
    // Before any run (nothing wanted, nothing shown): a note on what will appear here
    // instead of empty axes.
    bool showsEmptyState() const;

private:
    void redrawPasses();
    void redrawCurve(bool queued);

    RunDocument* document_ = nullptr;
    QStackedWidget* stack_ = nullptr;
    QLabel* emptyState_ = nullptr;
    QCustomPlot* accuracy_ = nullptr;
    QCustomPlot* loss_ = nullptr;
    PassAcceptanceData passes_;
    TrainingCurveData curve_;
};

}  // namespace dm::ui
