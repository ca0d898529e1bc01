#pragma once
// Value types that travel from the worker thread to the GUI thread in queued signals.
// Shared pointers to const: one copy made on the worker, read by any number of views.
#include "engine/evaluate.h"
#include "data/data_selection.h"
#include "data/dataset.h"
#include "engine/findings.h"
#include "engine/runner.h"

#include <QMetaType>

#include <memory>
#include <string>
#include <vector>

namespace dm::ui {

// One finished pass as the views need it: its record, and the pseudo-image layout and
// attribution map (empty map when the pass was rejected or reopened from a saved run).
struct PassSnapshot {
    PassRecord record;
    int64_t side = 0;
    std::vector<int64_t> permutation;  // feature perm[j] sits at pixel j
    std::vector<float> pixelMap;       // side*side mean |attribution|
    int accepted = 0, tries = 0;       // running totals after this pass
};

// The dataset as a run consumes it: selected cells, labels, processed matrix.
// `input.X` points into `data.X`, so a PreparedInput is never copied (shared_ptr only).
struct PreparedInput {
    Dataset data;
    std::string labelColumn;
    std::vector<std::string> classes;
    std::vector<int64_t> y;
    RunInput input;
    bool normalized = false;
    DatasetSummary summary;   // for the run record, from core's prepareInput (as the CLI's)
    // Each gene's mean over these cells (Findings::meanExpression, as the engine computes
    // it at the end of a run), here on the worker so the live ranking shows it too.
    std::vector<double> meanExpression;
    std::string description;  // one line for the log
};

using PassSnapshotPtr = std::shared_ptr<const PassSnapshot>;
using FindingsPtr = std::shared_ptr<const Findings>;
using PreparedInputPtr = std::shared_ptr<const PreparedInput>;
using DatasetPtr = std::shared_ptr<const Dataset>;
using EvaluationPtr = std::shared_ptr<const EvaluationResult>;

// Registers the types above for queued connections and QSignalSpy; idempotent.
void registerMetaTypes();

}  // namespace dm::ui

Q_DECLARE_METATYPE(dm::EpochEvent)
Q_DECLARE_METATYPE(dm::ui::PassSnapshotPtr)
Q_DECLARE_METATYPE(dm::ui::FindingsPtr)
Q_DECLARE_METATYPE(dm::ui::PreparedInputPtr)
Q_DECLARE_METATYPE(dm::ui::DatasetPtr)
Q_DECLARE_METATYPE(dm::ui::EvaluationPtr)
