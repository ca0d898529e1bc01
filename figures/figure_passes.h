#pragma once
// Figure: pass acceptance. One point per pass (held-out accuracy over the pass number),
// accepted and rejected passes in two colours and markers, the accuracy gate as a dashed
// line, and a running "accepted k of n (tries t of at most m)" label.
#include "engine/findings.h"

#include <QString>

#include <vector>

class QCustomPlot;

namespace dm::ui {

struct PassPoint {
    int pass = 1;  // 1-based try number
    double accuracy = 0;
    bool accepted = false;
};

struct PassAcceptanceData {
    std::vector<PassPoint> points;
    int wanted = 0;    // passes asked for; 0: no run yet
    int maxTries = 0;
    int accepted = 0;
    int tries = 0;
    double gate = 0;   // min_accuracy; no line when 0
};

// From a finished (or reopened) run.
PassAcceptanceData passAcceptanceData(const Findings& findings, int wanted, int maxTries, double gate);

void drawPassAcceptance(QCustomPlot* plot, const PassAcceptanceData& data);

}  // namespace dm::ui
