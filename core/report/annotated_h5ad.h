#pragma once
// Results back into AnnData: a new .h5ad (never the user's input) with per-gene statistics
// as var columns deepmapper_selection_frequency, deepmapper_median_importance,
// deepmapper_mean_rank, deepmapper_rank (1 = best), plus deepmapper_linear_importance when
// computed, and the run record (JSON) in uns/deepmapper. The markers table (differential
// expression), when given, goes to uns/deepmapper_markers as a dataframe: markers.csv's
// columns, one row per class and gene.
//
// When the data came from an .h5ad that still exists, the new file is a copy of it with
// everything it held (X, raw, layers, obs/var with every column, obsm, varm, obsp, varp,
// uns) and our columns added to the var table of the analysed matrix; genes the run left
// out get NaN there (writeAnnotatedCopy). Obs columns of `data` the file lacks (a group
// kept as a column in the Cells tab) are added to its obs. Otherwise (10x inputs, sorted populations, the
// demo, anndata 0.5 files) it is a new file holding the analysed cells and genes.
#include "analysis/differential.h"
#include "data/dataset.h"
#include "data/h5ad_writer.h"
#include "report/run_record.h"

#include <string>
#include <utility>
#include <vector>

namespace dm {

// Further uns entries a run adds besides the run record (the markers table goes here).
struct AnnotatedExtras {
    std::vector<std::pair<std::string, std::string>> unsStrings;  // uns/<key> = text
    std::vector<H5adWriteOptions::Frame> unsFrames;               // uns/<key> = dataframe
};

// `data` must have the run's genes in the run's order. Atomic.
void writeAnnotatedH5ad(const Dataset& data, const RunRecord& record, const std::string& path,
                        const DeResult* markers = nullptr);
void writeAnnotatedH5ad(const Dataset& data, const RunRecord& record, const std::string& path,
                        const AnnotatedExtras& extras);

// The data with only the markers table in uns/deepmapper_markers (`deepmapper markers
// --annotated-h5ad`). Atomic.
void writeMarkersH5ad(const Dataset& data, const DeResult& markers, const std::string& path);

// The markers table as an uns dataframe (key "deepmapper_markers"): cluster categorical in
// comparison order, gene a string column, the numbers as markers.csv has them.
H5adWriteOptions::Frame markersFrame(const DeResult& markers);

}  // namespace dm
