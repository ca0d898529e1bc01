#pragma once
// Tab 1: one point per pass (held-out accuracy), accepted and rejected apart, the gate as
// a dashed line, a running "accepted k of n (tries t)" label; beside it the current
// pass's train/validation loss per epoch with the restored epoch marked.
#include "run_types.h"

#include <QWidget>

class QCustomPlot;
class QCPGraph;
class QCPItemStraightLine;
class QCPItemText;
class QCPItemLine;
class QLabel;

namespace dm::ui {

class PassesView : public QWidget {
    Q_OBJECT
public:
    explicit PassesView(QWidget* parent = nullptr);

    void reset(int passesWanted, int maxTries, double gate);
    void addPass(const PassRecord& record, int accepted, int tries);
    void passStarted(int tryIndex);
    void addEpoch(const EpochEvent& e);
    // Shows the loss curves of a finished pass (the restored epoch marked).
    void showCurves(const PassRecord& record);

    QCustomPlot* accuracyPlot() const { return accuracy_; }
    QCustomPlot* lossPlot() const { return loss_; }
    int pointCount() const;

private:
    void updateLabel();
    void rescale();

    QCustomPlot* accuracy_ = nullptr;
    QCustomPlot* loss_ = nullptr;
    QCPGraph* acceptedGraph_ = nullptr;
    QCPGraph* rejectedGraph_ = nullptr;
    QCPItemStraightLine* gateLine_ = nullptr;
    QCPItemText* countLabel_ = nullptr;
    QCPGraph* trainGraph_ = nullptr;
    QCPGraph* valGraph_ = nullptr;
    QCPItemLine* bestMarker_ = nullptr;
    QCPItemText* bestLabel_ = nullptr;
    int wanted_ = 0, maxTries_ = 0, accepted_ = 0, tries_ = 0;
    double gate_ = 0;
    int maxEpochs_ = 1;
};

}  // namespace dm::ui
