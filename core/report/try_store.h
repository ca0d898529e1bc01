#pragma once
// A run's finished tries on disk, one self-contained file per try, written the moment the
// try finishes: what lets a run spread over processes merge (each process's folder is a
// shard) and an interrupted run resume (its finished tries are read back, not retrained).
//
//   DIR/tries/header.json        configuration, dataset summary and fingerprint, gene
//                                names, versions, how the data was prepared
//   DIR/tries/try-000012.json    one pass record, with the configuration and dataset
//                                fingerprint it was trained under
#include "report/run_record.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace dm {

constexpr const char* kTriesFolder = "tries";

// What every try of one run shares.
struct ShardHeader {
    RunConfig config;
    DatasetSummary dataset;  // fingerprint set
    std::vector<std::string> featureNames, featureIds;
    RuntimeInfo runtime;
    // Each gene's mean over the analysed cells (Findings::meanExpression), so a merge
    // reports the same expression bias as one run; empty in older headers.
    std::vector<double> meanExpression;
    // How the data was prepared (the CLI's data flags), so merge and resume can prepare it
    // again; opaque to core.
    nlohmann::json input = nlohmann::json::array();
};

// The first setting in which two configurations differ, as "epochs: 20 vs 30" ("" when
// none). Threads and device are left out: they say where a try ran, not what it computed
// (README, "Running on a cluster", says how far results hold across thread counts).
std::string configDifference(const RunConfig& a, const RunConfig& b);
// Configuration or dataset (by fingerprint): "" when records of the two may be merged.
std::string headerDifference(const ShardHeader& a, const ShardHeader& b);

class TryStore {
public:
    explicit TryStore(const std::string& runDir);  // files in runDir/tries

    const std::string& folder() const { return folder_; }
    bool exists() const;                    // a header is there
    ShardHeader header() const;             // throws InputError when unreadable
    // Starts an empty store (removing any earlier tries) with this header.
    void create(const ShardHeader& header) const;
    // Keeps the tries already there when their header matches, else throws InputError
    // naming the difference; creates the store when absent.
    void open(const ShardHeader& header) const;
    void add(const PassRecord& record) const;   // atomic: a killed process leaves no half file
    std::vector<PassRecord> records() const;    // in try order, each checked against the header
    void remove() const;                        // the whole tries folder

private:
    std::string folder_;
    mutable ShardHeader cached_;  // the header of the open store, stamped into each try file
};

struct Shard {
    std::string path;
    ShardHeader header;
    std::vector<PassRecord> records;
};

// A shard is a folder written by `deepmapper run --tries A:B --out DIR` (or any run's
// --out folder while it is unfinished): DIR or DIR/tries. Throws InputError naming the
// path and what is wrong.
Shard readShard(const std::string& path);

}  // namespace dm
