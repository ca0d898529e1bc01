#pragma once
// What the linear baseline (analysis/linear_baseline.h) adds to a run's output folder:
// linear_model.json (the model, its fit and convergence) and coefficients.csv (every gene,
// ranked, with its coefficient per class). The ranking files are the run's (run_outputs).
#include "analysis/linear_baseline.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace dm {

// The fit as linear_model.json holds it (format "deepmapper-linear-baseline").
nlohmann::json linearModelJson(const LinearBaselineResult& fit, const LinearBaselineOptions& options);

// Writes linear_model.json and coefficients.csv into `dir` (which must exist) atomically;
// returns their paths.
std::vector<std::string> writeLinearOutputs(const LinearBaselineResult& fit, const LinearBaselineOptions& options,
                                            const std::string& dir);

}  // namespace dm
