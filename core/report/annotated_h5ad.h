#pragma once
// Results back into AnnData: a new .h5ad (never the user's input) holding the cells and
// genes of the run with per-gene statistics as var columns deepmapper_selection_frequency,
// deepmapper_median_importance, deepmapper_mean_rank, deepmapper_rank (1 = best), plus
// deepmapper_linear_importance when computed, and the run record (JSON) in uns/deepmapper.
#include "data/dataset.h"
#include "report/run_record.h"

#include <string>

namespace dm {

// `data` must have the run's genes in the run's order. Atomic.
void writeAnnotatedH5ad(const Dataset& data, const RunRecord& record, const std::string& path);

}  // namespace dm
