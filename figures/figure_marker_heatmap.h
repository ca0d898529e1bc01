#pragma once
// Figure: the heatmap of marker genes over cells grouped by class (Seurat's DoHeatmap):
// genes down, cells across, colour = the gene's z-score over all labelled cells (clipped),
// class blocks separated by lines and named on top.
#include "analysis/marker_heatmap.h"

#include <string>
#include <vector>

class QCustomPlot;

namespace dm::ui {

// geneNames / classNames index the heatmap's genes and classes. Draws only a note when empty.
void drawMarkerHeatmap(QCustomPlot* plot, const MarkerHeatmap& heatmap, const std::vector<std::string>& geneNames,
                       const std::vector<std::string>& classNames);

}  // namespace dm::ui
