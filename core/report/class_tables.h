#pragma once
// The per-class tables of a run: ranking_by_class.csv (every class's DeepMapper ranking
// with direction) and overlap.csv (per class, which genes DeepMapper, the Wilcoxon test
// and the linear baseline put in their top K). Written atomically.
#include "analysis/method_overlap.h"
#include "engine/findings.h"

#include <string>
#include <vector>

namespace dm {

// "up", "down" or "none" (equal, or the run did not see the data).
const char* directionName(int direction);

// Columns: class, rank, gene, gene_id (when the findings carry ids), selection_frequency,
// median_importance, mean_rank, direction, mean_in, mean_out, class_passes, class_cells.
// Every gene of every class, best first within a class. Throws Error when the findings
// have no per-class rankings.
std::vector<std::string> rankingByClassColumns(const Findings& findings);
void writeRankingByClassCsv(const Findings& findings, const std::string& path);

// Columns: class, k, jaccard_deepmapper_wilcoxon, jaccard_deepmapper_linear,
// jaccard_wilcoxon_linear, n_only_deepmapper, only_deepmapper, shared, deepmapper_top,
// wilcoxon_top, linear_top (gene lists separated by ';'; an empty Jaccard: a method not run).
void writeOverlapCsv(const std::vector<TopSetOverlap>& overlaps, const std::vector<std::string>& featureNames,
                     const std::string& path);

// Gene names of a list of indices joined by `separator`.
std::string joinGenes(const std::vector<int64_t>& genes, const std::vector<std::string>& featureNames,
                      const std::string& separator = ";");

}  // namespace dm

namespace dm {
struct Column;

// Per-class DeepMapper statistics as var columns of an annotated .h5ad, four per class:
// deepmapper_<class>_selection_frequency, _median_importance, _rank (1 = best in the
// class) and _direction (categorical up/down/none). The class name is kept readable but
// HDF5-safe (characters other than letters, digits, '+', '-', '.' and '_' become '_').
void appendClassVarColumns(const Findings& findings, std::vector<Column>& columns);
std::string classColumnStem(const std::string& className);

}  // namespace dm
