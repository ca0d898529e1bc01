#pragma once
// Results back into AnnData: a new .h5ad (never the user's input) holding the cells and
// genes of the run with per-gene statistics as var columns deepmapper_selection_frequency,
// deepmapper_median_importance, deepmapper_mean_rank, deepmapper_rank (1 = best), plus
// deepmapper_linear_importance when computed, and the run record (JSON) in uns/deepmapper.
// The markers table (differential expression), when given, goes to uns/deepmapper_markers
// as a dataframe: markers.csv's columns, one row per class and gene.
#include "analysis/differential.h"
#include "data/dataset.h"
#include "data/h5ad_writer.h"
#include "report/run_record.h"

#include <string>

namespace dm {

// `data` must have the run's genes in the run's order. Atomic.
void writeAnnotatedH5ad(const Dataset& data, const RunRecord& record, const std::string& path,
                        const DeResult* markers = nullptr);

// The data with only the markers table in uns/deepmapper_markers (`deepmapper markers
// --annotated-h5ad`). Atomic.
void writeMarkersH5ad(const Dataset& data, const DeResult& markers, const std::string& path);

// The markers table as an uns dataframe (key "deepmapper_markers"): cluster categorical in
// comparison order, gene a string column, the numbers as markers.csv has them.
H5adWriteOptions::Frame markersFrame(const DeResult& markers);

}  // namespace dm
