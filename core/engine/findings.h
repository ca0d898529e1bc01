#pragma once
// What a run produces: self-contained per-pass records, and the accumulated per-gene
// statistics. Accumulation is a pure function of the records, so records from N
// processes (a cluster job array over try ranges) merge into exactly the Findings one
// process would give.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace dm {

struct PassRecord {
    int tryIndex = 0;        // t: the arrangement seed is seed + t
    uint64_t seed = 0;
    double accuracy = 0.0;   // held-out (test split) accuracy
    bool accepted = false;   // cleared the gate (decided again at merge time)
    int stopEpoch = 0;       // epochs trained
    int bestEpoch = -1;      // restored epoch (-1: final weights kept)
    double seconds = 0.0;
    std::vector<double> trainLoss, valLoss;  // per epoch
    std::vector<float> geneImportance;       // per feature; empty when the pass was rejected
};

struct RankedFeature {
    int64_t feature = 0;
    std::string name;
    std::string id;
    double selectionFrequency = 0.0;
    double medianImportance = 0.0;
    double meanRank = 0.0;
};

struct Findings {
    std::vector<std::string> featureNames;  // per feature
    std::vector<std::string> featureIds;    // may be empty
    std::vector<double> selectionFrequency, medianImportance, meanRank;
    std::vector<PassRecord> passes;         // every try, in seed order
    int topK = 20;
    int accepted = 0;
    int tries = 0;
    bool partial = false;                   // stopped before `passes` were accepted

    // Top features by selection frequency, then median importance (then index).
    std::vector<RankedFeature> ranking(size_t top = SIZE_MAX) const;
};

// Applies the gate and max_tries in seed order, then accumulates the accepted passes.
// `records` may come from several processes in any order (a try index seen twice is an
// InputError); records past the cut are dropped. maxTries <= 0 means 3 x passes. With no
// accepted pass the statistics are all 0 and `partial` is set.
Findings accumulateFindings(std::vector<PassRecord> records, int passes, double minAccuracy, int maxTries, int topK,
                            std::vector<std::string> featureNames, std::vector<std::string> featureIds = {});

nlohmann::json toJson(const PassRecord& r);
PassRecord passRecordFromJson(const nlohmann::json& j);

}  // namespace dm
