#pragma once
// What an evaluation (engine/evaluate.h) leaves in its output folder: metrics.json (the
// report), predictions.csv (per test cell: true and predicted class, averaged softmax) and
// confusion.csv (counts, true classes as rows).
#include "data/data_selection.h"
#include "engine/evaluate.h"
#include "engine/run_config.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace dm {

// The evaluation as metrics.json holds it (format "deepmapper-evaluation").
nlohmann::json evaluationJson(const EvaluationResult& r, const DatasetSummary& dataset, const RunConfig& config);

// Creates `dir` when needed and writes the three files atomically; returns their paths.
// Cells are named from data.dataset.cellNames (their row number when unnamed).
std::vector<std::string> writeEvaluationOutputs(const EvaluationResult& r, const PreparedData& data,
                                                const RunConfig& config, const std::string& dir);

}  // namespace dm
