#pragma once
// The run record (run.json): everything needed to reproduce a run and to reopen it
// without retraining: configuration, versions, the dataset it saw, every pass, timings
// and the accumulated per-gene statistics. The CLI writes it; the GUI writes and reopens it.
#include "data/dataset_summary.h"
#include "engine/findings.h"
#include "engine/run_config.h"
#include "engine/runtime.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace dm {

struct RunTimings {
    double loadSeconds = 0;   // reading + preprocessing
    double runSeconds = 0;    // training + attribution over every pass
    double writeSeconds = 0;  // outputs (filled in before run.json is written, so approximate)
};

struct RunRecord {
    RunConfig config;
    RuntimeInfo runtime;
    DatasetSummary dataset;
    Findings findings;
    RunTimings timings;
    std::vector<double> linearImportance;  // per feature; empty when not computed
    std::string startedAt;                 // ISO 8601 UTC
    std::string finishedAt;
    std::string command;                   // the command line, when run from the CLI
};

constexpr const char* kRunRecordFormat = "deepmapper-run";
// 2: per-class rankings ("by_class") and per-pass class importances. Version 1 records
// still open (without per-class rankings).
constexpr int kRunRecordVersion = 2;

// Per-pass gene importances make the record large (passes x genes numbers) but are what
// lets records from several processes merge and the GUI show per-pass maps.
nlohmann::json toJson(const RunRecord& record, bool withPassImportances = true);
// Throws InputError when the JSON is not a run record or a field is malformed.
RunRecord runRecordFromJson(const nlohmann::json& j);
nlohmann::json toJson(const DatasetSummary& d);
DatasetSummary datasetSummaryFromJson(const nlohmann::json& j);
nlohmann::json toJson(const RuntimeInfo& r);
RuntimeInfo runtimeInfoFromJson(const nlohmann::json& j);

void writeRunJson(const RunRecord& record, const std::string& path);  // atomic
RunRecord loadRunRecord(const std::string& path);

std::string utcTimestamp();  // now, "2024-05-01T12:34:56Z"

}  // namespace dm
