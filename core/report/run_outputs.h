#pragma once
// Everything a finished (or interrupted) run leaves in its output folder, written by the
// CLI and by the GUI's "Save results": ranking.csv / .tsv / .xlsx, top_genes.txt,
// passes.csv, run.json and, on request, an annotated copy of the data as .h5ad.
#include "analysis/differential.h"
#include "analysis/method_overlap.h"
#include "data/dataset.h"
#include "report/run_record.h"

#include <string>
#include <vector>

namespace dm {

struct OutputOptions {
    size_t topGenes = 0;                 // lines of top_genes.txt; 0: the run's top_k
    const Dataset* annotate = nullptr;   // when set, also write annotated.h5ad from it
    std::string annotatedName = "annotated.h5ad";
    const DeResult* markers = nullptr;   // when set, annotated.h5ad carries it in uns/deepmapper_markers
    // Per class: DeepMapper's top K beside the Wilcoxon and linear top K; written as
    // overlap.csv when not empty.
    std::vector<TopSetOverlap> overlaps;
};

// Creates `dir` when needed and writes every file atomically; returns their paths in the
// order written. With no accepted pass there is no ranking to write: only passes.csv and
// run.json (they say why). Sets record.timings.writeSeconds before writing run.json.
std::vector<std::string> writeRunOutputs(RunRecord& record, const std::string& dir, const OutputOptions& options = {});

}  // namespace dm
