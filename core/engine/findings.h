#pragma once
// What a run produces: self-contained per-pass records, and the accumulated per-gene
// statistics. Accumulation is a pure function of the records, so records from N
// processes (a cluster job array over try ranges) merge into exactly the Findings one
// process would give.
#include "analysis/gate.h"
#include "analysis/ranking_order.h"
#include "analysis/stability.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace dm {

struct PassRecord {
    int tryIndex = 0;        // t: the arrangement seed is seed + t
    uint64_t seed = 0;
    double accuracy = 0.0;   // held-out (test split) accuracy
    int64_t testCells = 0;   // cells in the test split (0: unknown, records older than the gate)
    double chanceRate = 0.0; // share of the test cells in their largest class
    // Mean over the test cells' classes of the share predicted right: what the evidence
    // reads, because under imbalance plain accuracy can sit below the majority rate while
    // the predictions carry the labels. NaN: records written before it was kept.
    double balancedAccuracy = std::numeric_limits<double>::quiet_NaN();
    double pValue = std::numeric_limits<double>::quiet_NaN();  // the binomial gate's; NaN: not tested
    bool accepted = false;   // cleared the gate (decided again at merge time)
    int stopEpoch = 0;       // epochs trained
    int bestEpoch = -1;      // restored epoch (-1: final weights kept)
    double seconds = 0.0;
    std::vector<double> trainLoss, valLoss;  // per epoch
    std::vector<float> geneImportance;       // per feature; empty when the pass was rejected
    // Per class, per feature: mean |attribution| over this pass's attributed held-out cells
    // of that class, with that class as the target (the same per-cell attributions the
    // pooled map averages, grouped by class: no extra attribution). A class with no
    // attributed cell in this pass has an empty vector. Empty when rejected, or for
    // records written before per-class attribution existed.
    std::vector<std::vector<float>> classImportance;
    std::vector<int> classCells;             // attributed cells per class (same order)
};

struct RankedFeature {
    int64_t feature = 0;
    std::string name;
    std::string id;
    double selectionFrequency = 0.0;
    double medianImportance = 0.0;
    double meanRank = 0.0;
    int direction = 0;  // per-class rankings: +1 higher in the class than in the rest, -1 lower, 0 equal/unknown
};

// One class's ranking: the class attributed on its own and accumulated with the same
// statistics as the pooled ranking, plus direction from the analysed matrix.
struct ClassFindings {
    int passes = 0;   // accepted passes that attributed at least one cell of the class
    int cells = 0;    // attributed cells of the class, summed over those passes
    std::vector<double> selectionFrequency, medianImportance, meanRank;  // per feature
    // Mean expression in the class and in every other labelled cell, per feature (the
    // analysed matrix); empty when the run did not see the data (records merged alone).
    std::vector<float> meanIn, meanOut;
    int direction(size_t feature) const;  // +1 higher in the class, -1 lower, 0 equal or unknown
};

struct Findings {
    std::vector<std::string> featureNames;  // per feature
    std::vector<std::string> featureIds;    // may be empty
    std::vector<double> selectionFrequency, medianImportance, meanRank;
    std::vector<PassRecord> passes;         // every try, in seed order
    int topK = 20;
    std::string rankingOrder = kSeedRankingOrder;  // how ranking() orders (analysis/ranking_order.h)
    int accepted = 0;
    int tries = 0;
    bool partial = false;                   // stopped before `passes` were accepted
    std::vector<std::string> classNames;    // the run's classes, in label order
    std::vector<ClassFindings> byClass;     // per class (same order); empty for old records
    GateRule gate;                          // the rule that decided `accepted`
    // Split-half agreement of the top k (odd against even accepted passes) after 2, 3, ...
    // accepted passes; the last value is the run's. Empty with fewer than 2.
    std::vector<double> splitHalfCurve;
    std::vector<MbBound> mbBounds;          // Meinshausen-Buhlmann at pi = 0.6, 0.75, 0.9
    double splitHalf() const { return splitHalfCurve.empty() ? std::numeric_limits<double>::quiet_NaN() : splitHalfCurve.back(); }
    // Mean of each gene over the analysed cells (the matrix the model saw, before input
    // scaling); empty when not computed. Shows how much a ranking follows abundance.
    std::vector<double> meanExpression;
    // Of the top k, how many are among the k genes of highest mean expression; -1: unknown.
    int64_t topKAmongMostExpressed() const;
    // The passes' mean held-out accuracy and chance rate (accepted passes); NaN without any.
    double meanAcceptedAccuracy() const;
    double meanChanceRate() const;
    // The accepted passes' mean balanced accuracy; NaN when none, or any, lacks one.
    double meanBalancedAccuracy() const;
    // "mean held-out accuracy 0.870 against a majority-class rate of 0.910, balanced
    // accuracy 0.640 against 0.500 by chance": the figures behind evidence(), one wording
    // for the CLI and the GUI.
    std::string accuracySummary() const;
    // Spearman correlation of median importance with mean expression over every gene; NaN
    // when unknown. Near 1: the ranking follows abundance.
    double expressionSpearman() const;
    // "none": no pass accepted; "weak": passes accepted, but fewer than half of the tries,
    // or their mean balanced accuracy gains less than a fifth of what lies between chance
    // (1 / classes) and 1 (records without it: plain accuracy against the majority-class
    // rate); else "clear".
    std::string evidence() const;

    // Top features by selection frequency, then median importance (then index).
    std::vector<RankedFeature> ranking(size_t top = SIZE_MAX) const;
    // The same order within class c (with direction); empty when c has no per-class findings.
    std::vector<RankedFeature> classRanking(size_t c, size_t top = SIZE_MAX) const;
    bool hasClassFindings() const { return !byClass.empty(); }
};

// Fills meanIn/meanOut of every class in `findings.byClass` from per-class and overall
// sums: in = mean over the class's cells, out = mean over every other labelled cell.
void setClassDirections(Findings& findings, const std::vector<std::vector<float>>& classMean,
                        const std::vector<int64_t>& classCells);

// Applies the gate and max_tries in seed order, then accumulates the accepted passes and
// their stability (split-half curve, Meinshausen-Buhlmann bounds).
// `records` may come from several processes in any order (a try index seen twice is an
// InputError); records past the cut, or after the first missing try index (counting from
// try 0), are dropped. maxTries <= 0 means 3 x passes. With no
// accepted pass the statistics are all 0 and `partial` is set.
// `rankingOrder` (analysis/ranking_order.h) orders ranking(), classRanking() and the
// split-half agreement; runs pass RunConfig::rankingOrder (accumulateRun).
Findings accumulateFindings(std::vector<PassRecord> records, int passes, const GateRule& gate, int maxTries, int topK,
                            std::vector<std::string> featureNames, std::vector<std::string> featureIds = {},
                            const std::string& rankingOrder = kSeedRankingOrder);
// The floor gate alone (min_accuracy), as the seed document's runs.
Findings accumulateFindings(std::vector<PassRecord> records, int passes, double minAccuracy, int maxTries, int topK,
                            std::vector<std::string> featureNames, std::vector<std::string> featureIds = {});

nlohmann::json toJson(const PassRecord& r);
PassRecord passRecordFromJson(const nlohmann::json& j);

}  // namespace dm
