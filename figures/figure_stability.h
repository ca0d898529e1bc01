#pragma once
// Figure: the ranking's stability as passes accrue. The split-half agreement of the top k
// (Jaccard of the top k of odd against even accepted passes, Findings::splitHalfCurve)
// after 2, 3, ... accepted passes, with `--passes auto`'s target as a dashed line. A
// curve that has levelled off high says more passes would not change the top genes.
#include "engine/findings.h"

#include <vector>

class QCustomPlot;

namespace dm::ui {

struct StabilityCurveData {
    std::vector<double> agreement;  // after 2, 3, ... accepted passes (NaN: not computed)
    int topK = 0;
    double target = 0;              // the auto-passes target; 0: no line
};

// From the findings so far (live) or saved (reopened); `target` 0 when passes are fixed.
StabilityCurveData stabilityCurveData(const Findings& findings, double target);

void drawStabilityCurve(QCustomPlot* plot, const StabilityCurveData& data);

}  // namespace dm::ui
