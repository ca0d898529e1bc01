#pragma once
// Figure: the top-N genes of the ranking as bars of selection frequency (the share of
// accepted passes that put the gene in their top-k), gene names under the bars.
#include "engine/findings.h"

#include <QString>

#include <string>
#include <vector>

class QCustomPlot;

namespace dm::ui {

struct TopGenesData {
    std::vector<std::string> genes;          // best first
    std::vector<double> selectionFrequency;  // same order
    int accepted = 0;                        // passes behind the frequencies (0: unknown)
};

// The first `n` rows of a ranking.
TopGenesData topGenesData(const std::vector<RankedFeature>& ranking, size_t n, int accepted);

void drawTopGenes(QCustomPlot* plot, const TopGenesData& data);

}  // namespace dm::ui
