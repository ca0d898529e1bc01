#pragma once
// The one input preparation of the CLI and the GUI: which label column, which classes
// (kept, left out, or one against the rest), how many cells per class and whether the
// matrix is normalized. Both front-ends only translate their flags or widgets into a
// DataSelection; prepareInput does the rest, so the same choice gives the same cells, the
// same numbers and the same recorded steps (run.json) from either. Torch-free.
#include "data/dataset.h"
#include "data/dataset_summary.h"
#include "data/run_input.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace dm {

struct DataSelection {
    std::string labelColumn;                   // obs column holding the classes; empty: one class for all
                                               // cells (embedding without labels)
    std::vector<std::string> classes;          // keep only these, in this order (empty: every class)
    std::vector<std::string> excludedClasses;  // leave these out
    std::string oneVsRest;                     // non-empty: this class against all other cells
    int64_t maxPerClass = 0;                   // at most this many cells per class; 0: every cell
    uint64_t seed = 0;                         // of the per-class subsample
    std::string normalize = "auto";            // normalize_total + log1p: auto (raw counts only) | yes | no
    double targetSum = 1e4;                    // counts per cell after normalize_total
};

// The labelled, selected, normalised dataset a run consumes.
struct PreparedData {
    Dataset dataset;         // only the cells that take part, matrix as analysed
    Labels labels;           // one label per dataset cell, none missing, no empty class
    DatasetSummary summary;  // for the run record
    bool normalized = false; // normalize_total + log1p was applied
    // Points into `dataset`: valid while this PreparedData lives and is not moved.
    RunInput runInput() const;
};

using PreparationLog = std::function<void(const std::string&)>;

// Labels from selection.labelColumn, the classes chosen (kept, then left out, then one vs
// rest), classes left without cells dropped, the per-class subsample, normalization,
// a finiteness check. Throws InputError naming the column or class and the fix: unknown
// column or class, fewer than two classes left, or a column with too many classes to learn
// (data/label_columns.h). `log` (may be empty) gets one line per step taken.
PreparedData prepareInput(const Dataset& dataset, const DataSelection& selection, const PreparationLog& log = {});
// The same, reusing the loaded dataset's memory when every cell takes part.
PreparedData prepareInput(Dataset&& dataset, const DataSelection& selection, const PreparationLog& log = {});

}  // namespace dm
