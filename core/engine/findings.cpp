#include "engine/findings.h"

#include "analysis/accumulate.h"
#include "common/error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace dm {

std::vector<RankedFeature> Findings::ranking(size_t top) const {
    const size_t n = selectionFrequency.size();
    std::vector<int64_t> order(n);
    std::iota(order.begin(), order.end(), int64_t{0});
    // Frequency first (the stability statistic), then median importance, then index:
    // a total order, so the ranking is deterministic.
    auto before = [&](int64_t a, int64_t b) {
        const auto i = static_cast<size_t>(a), j = static_cast<size_t>(b);
        if (selectionFrequency[i] != selectionFrequency[j]) return selectionFrequency[i] > selectionFrequency[j];
        const double ma = i < medianImportance.size() ? medianImportance[i] : 0.0;
        const double mb = j < medianImportance.size() ? medianImportance[j] : 0.0;
        if (ma != mb) return ma > mb;
        return a < b;
    };
    const size_t count = std::min(top, n);
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(count), order.end(), before);
    std::vector<RankedFeature> out;
    out.reserve(count);
    for (size_t p = 0; p < count; ++p) {
        const auto f = static_cast<size_t>(order[p]);
        RankedFeature r;
        r.feature = order[p];
        r.name = f < featureNames.size() ? featureNames[f] : std::to_string(f);
        if (f < featureIds.size()) r.id = featureIds[f];
        r.selectionFrequency = selectionFrequency[f];
        r.medianImportance = f < medianImportance.size() ? medianImportance[f] : 0.0;
        r.meanRank = f < meanRank.size() ? meanRank[f] : 0.0;
        out.push_back(std::move(r));
    }
    return out;
}

namespace {

// The records of the tries that count, in seed order, with `accepted` decided here.
std::vector<PassRecord> applyGate(std::vector<PassRecord> records, int passes, double minAccuracy, int maxTries) {
    std::stable_sort(records.begin(), records.end(),
                     [](const PassRecord& a, const PassRecord& b) { return a.tryIndex < b.tryIndex; });
    for (size_t i = 1; i < records.size(); ++i)
        if (records[i].tryIndex == records[i - 1].tryIndex)
            throw InputError("pass records: try " + std::to_string(records[i].tryIndex) +
                             " appears twice; merge records from disjoint try ranges only");
    std::vector<PassRecord> walked;
    int accepted = 0;
    for (PassRecord& r : records) {
        if (accepted >= passes || static_cast<int>(walked.size()) >= maxTries) break;
        r.accepted = acceptPass(r.accuracy, minAccuracy) && !r.geneImportance.empty();
        accepted += r.accepted ? 1 : 0;
        walked.push_back(std::move(r));
    }
    return walked;
}

}  // namespace

Findings accumulateFindings(std::vector<PassRecord> records, int passes, double minAccuracy, int maxTries, int topK,
                            std::vector<std::string> featureNames, std::vector<std::string> featureIds) {
    if (maxTries <= 0) maxTries = 3 * passes;  // as RunConfig::effectiveMaxTries
    Findings f;
    f.passes = applyGate(std::move(records), passes, minAccuracy, maxTries);
    f.topK = topK;
    f.tries = static_cast<int>(f.passes.size());

    std::vector<std::vector<float>> importances;
    for (const PassRecord& r : f.passes)
        if (r.accepted) importances.push_back(r.geneImportance);
    f.accepted = static_cast<int>(importances.size());
    f.partial = f.accepted < passes;

    const auto nFeatures = static_cast<int64_t>(
        !featureNames.empty() ? featureNames.size() : (importances.empty() ? 0 : importances.front().size()));
    for (const PassRecord& r : f.passes)
        if (r.accepted && static_cast<int64_t>(r.geneImportance.size()) != nFeatures)
            throw InputError("pass record of try " + std::to_string(r.tryIndex) + " has " +
                             std::to_string(r.geneImportance.size()) + " gene importances but the run has " +
                             std::to_string(nFeatures) + " features: records from a different dataset?");

    std::vector<std::vector<int64_t>> ranks, topSets;
    for (const auto& imp : importances) {
        ranks.push_back(ranksFromImportances(imp));
        topSets.push_back(topKSet(imp, topK));
    }
    f.selectionFrequency = selectionFrequency(topSets, nFeatures);
    f.meanRank = meanRank(ranks, nFeatures);
    f.medianImportance = medianImportance(importances, nFeatures);
    f.featureNames = std::move(featureNames);
    f.featureIds = std::move(featureIds);
    return f;
}

namespace {

using nlohmann::json;

// JSON has no NaN: nlohmann writes null for it, so a diverged loss reads back as NaN.
double numberOrNan(const json& v, const char* key) {
    if (v.is_null()) return std::numeric_limits<double>::quiet_NaN();
    if (!v.is_number()) throw InputError(std::string("pass record: \"") + key + "\" must be a number, got " + v.dump());
    return v.get<double>();
}

template <typename T>
std::vector<T> numberArray(const json& j, const char* key) {
    std::vector<T> out;
    auto it = j.find(key);
    if (it == j.end()) return out;
    if (!it->is_array())
        throw InputError(std::string("pass record: \"") + key + "\" must be an array of numbers, got " + it->dump());
    out.reserve(it->size());
    for (const json& v : *it) out.push_back(static_cast<T>(numberOrNan(v, key)));
    return out;
}

const json& required(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end()) throw InputError(std::string("pass record: the key \"") + key + "\" is missing");
    return *it;
}

}  // namespace

nlohmann::json toJson(const PassRecord& r) {
    return json{
        {"try_index", r.tryIndex},   {"seed", r.seed},         {"accuracy", r.accuracy},
        {"accepted", r.accepted},    {"stop_epoch", r.stopEpoch}, {"best_epoch", r.bestEpoch},
        {"seconds", r.seconds},      {"train_loss", r.trainLoss}, {"val_loss", r.valLoss},
        {"gene_importance", r.geneImportance},
    };
}

PassRecord passRecordFromJson(const nlohmann::json& j) {
    if (!j.is_object()) throw InputError("pass record: expected a JSON object {...}, got " + j.dump());
    static const char* const kKeys[] = {"try_index", "seed",      "accuracy", "accepted",   "stop_epoch",
                                        "best_epoch", "seconds", "train_loss", "val_loss", "gene_importance"};
    for (const auto& item : j.items())
        if (std::find(std::begin(kKeys), std::end(kKeys), item.key()) == std::end(kKeys))
            throw InputError("pass record: unknown key \"" + item.key() +
                             "\"; valid keys are try_index, seed, accuracy, accepted, stop_epoch, best_epoch, "
                             "seconds, train_loss, val_loss, gene_importance");
    try {
        PassRecord r;
        r.tryIndex = required(j, "try_index").get<int>();
        r.seed = required(j, "seed").get<uint64_t>();
        r.accuracy = numberOrNan(required(j, "accuracy"), "accuracy");
        r.accepted = j.value("accepted", false);
        r.stopEpoch = j.value("stop_epoch", 0);
        r.bestEpoch = j.value("best_epoch", -1);
        r.seconds = j.contains("seconds") ? numberOrNan(j.at("seconds"), "seconds") : 0.0;
        r.trainLoss = numberArray<double>(j, "train_loss");
        r.valLoss = numberArray<double>(j, "val_loss");
        r.geneImportance = numberArray<float>(j, "gene_importance");
        return r;
    } catch (const json::type_error& e) {
        throw InputError(std::string("pass record: a field has the wrong type (") + e.what() + ")");
    }
}

}  // namespace dm
