#pragma once
// Tab 1: one point per pass (held-out accuracy), accepted and rejected apart, the gate as
// a dashed line, a running "accepted k of n (tries t)" label; beside it the current
// pass's train/validation loss per epoch with the restored epoch marked; below the passes,
// the ranking's stability (split-half agreement of the top k after 2, 3, ... accepted
// passes) from the document's findings, live or reopened alike. The plots are drawn by
// the shared figure builders (figure_passes.h, figure_training_curve.h,
// figure_stability.h). Before any run it says what will appear instead of empty axes.
#include "figure_passes.h"
#include "figure_stability.h"
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

    // Follows the document's results (reset, passes added, findings); nullptr: none.
    void setDocument(RunDocument* document);

    void reset(int passesWanted, int maxTries, double gate);
    void addPass(const PassRecord& record, int accepted, int tries);
    void passStarted(int tryIndex);
    void addEpoch(const EpochEvent& e);
    // Shows the loss curves of a finished pass (the restored epoch marked).
    void showCurves(const PassRecord& record);
    // The stability curve of these findings (nullptr: none yet).
    void setFindings(const FindingsPtr& findings);

    QCustomPlot* accuracyPlot() const { return accuracy_; }
    QCustomPlot* lossPlot() const { return loss_; }
    QCustomPlot* stabilityPlot() const { return stability_; }
    int pointCount() const { return int(passes_.points.size()); }
    // The split-half agreement values drawn, one per accepted pass from the second on.
    const std::vector<double>& stabilityCurve() const { return stabilityData_.agreement; }
    // Before any run (nothing wanted, nothing shown): a note on what will appear here
    // instead of empty axes.
    bool showsEmptyState() const;

private:
    void redrawPasses();
    void redrawCurve(bool queued);
    void redrawStability();
    StabilityCurveData emptyStability() const;

    RunDocument* document_ = nullptr;
    QStackedWidget* stack_ = nullptr;
    QLabel* emptyState_ = nullptr;
    QCustomPlot* accuracy_ = nullptr;
    QCustomPlot* loss_ = nullptr;
    QCustomPlot* stability_ = nullptr;
    PassAcceptanceData passes_;
    TrainingCurveData curve_;
    StabilityCurveData stabilityData_;
    double stabilityTarget_ = 0;  // the run's auto-passes target; 0: fixed passes
    int stabilityTopK_ = 0;       // the run's top k
};

}  // namespace dm::ui
