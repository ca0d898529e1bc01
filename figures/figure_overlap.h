#pragma once
// Figure: which genes each method puts in its top K for one class. Genes across (those
// every method chose first, then DeepMapper's with one other method, then those found only
// by DeepMapper, then the other methods' own), one row per method, a filled square where
// the method chose the gene; the genes found only by DeepMapper are highlighted. Jaccard
// indices in the title.
#include "analysis/method_overlap.h"

#include <string>
#include <vector>

class QCustomPlot;

namespace dm::ui {

// The gene columns in the figure's order (for tests and the table beside it).
std::vector<int64_t> overlapColumns(const TopSetOverlap& overlap);

void drawOverlap(QCustomPlot* plot, const TopSetOverlap& overlap, const std::vector<std::string>& geneNames);

}  // namespace dm::ui
