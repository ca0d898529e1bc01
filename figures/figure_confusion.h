#pragma once
// Figure: confusion matrix of a held-out prediction. Each cell shows the count and the
// row-normalized recall and is coloured by the recall; class names on both axes (true
// classes down, predicted across) and a colour bar; accuracy and macro F1 in the title.
#include "analysis/metrics.h"

class QCustomPlot;

namespace dm::ui {

// Draws nothing but a note when the report has no classes. One QCPItemText per cell.
void drawConfusion(QCustomPlot* plot, const ClassificationReport& report);

}  // namespace dm::ui
