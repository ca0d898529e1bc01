#pragma once
// Figure: the held-out chord test. Per method, two bars: the held-out AUC of its top-K
// gene set (logistic regression on the K genes) and of the set's best single gene, each
// the mean over the splits with a +-1 sd whisker and every split as a dot; a dashed line
// marks the best single gene of all genes. A set bar clearly above its single-gene bar
// means the genes separate the states together, beyond what one of them does.
#include "analysis/chord_test.h"

#include <QString>

class QCustomPlot;

namespace dm::ui {

void drawChordAuc(QCustomPlot* plot, const ChordResult& result);
// No result to show (not run yet, or the test failed): a title saying so and `why`,
// instead of empty axes that read as a result of zero.
void drawChordPlaceholder(QCustomPlot* plot, const QString& why);

}  // namespace dm::ui
