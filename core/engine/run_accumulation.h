#pragma once
// The one accumulation of a run, a pure function of a set of per-pass records: used
// alike by a single process (run), by merge over shards and by resume. The gate and
// max_tries are applied in seed order, so records from any processes, in any order,
// give exactly what one process running every try in order gives.
#include "engine/findings.h"
#include "engine/run_config.h"

#include <string>
#include <utility>
#include <vector>

namespace dm {

// accumulateFindings with the run's settings, then the feature naming it asks for
// (--index-features). The walk stops at the first try missing from `records`: what
// follows it cannot be placed in seed order without it (the result is then partial).
Findings accumulateRun(std::vector<PassRecord> records, const RunConfig& config,
                       std::vector<std::string> featureNames, std::vector<std::string> featureIds = {});

// What a set of records lacks to equal one process running every try in order.
struct TryCoverage {
    bool complete = false;   // the walk reached `passes` accepted or max_tries
    int usedTries = 0;       // tries the walk used: 0..usedTries-1
    int accepted = 0;        // accepted among them
    int lastPresent = -1;    // highest try index present
    std::vector<std::pair<int, int>> missing;  // [begin, end) ranges absent below lastPresent
    // Human-readable: which tries are missing and the command that fills the gap.
    std::string describe(const RunConfig& config) const;
};

// From the tries present (any order) and what accumulateRun made of them: the gate is
// decided in one place only.
TryCoverage tryCoverage(const std::vector<int>& presentTries, const Findings& accumulated, const RunConfig& config);

}  // namespace dm
