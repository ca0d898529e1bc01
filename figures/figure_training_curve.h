#pragma once
// Figure: one pass's training curve. Train and validation loss per epoch, the epoch whose
// weights were restored marked with a dotted line and labelled.
#include <QString>

#include <vector>

class QCustomPlot;

namespace dm::ui {

struct TrainingCurveData {
    QString title;                          // e.g. "Pass 3: accepted, accuracy 0.912"
    std::vector<double> trainLoss, valLoss; // per epoch
    int bestEpoch = -1;                     // 0-based restored epoch; -1: none marked
    int epochs = 0;                         // x axis extent (the configured maximum while training)
};

void drawTrainingCurve(QCustomPlot* plot, const TrainingCurveData& data);

}  // namespace dm::ui
