#include "engine/findings.h"

#include "analysis/accumulate.h"
#include "analysis/label_permutation.h"
#include "analysis/ranking_order.h"
#include "common/error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <iomanip>
#include <numeric>
#include <sstream>

namespace dm {

namespace {

std::vector<RankedFeature> rankFeatures(const FeatureStatistics& s, const Findings& f, size_t top) {
    const std::vector<int64_t> order = orderFeatures(f.rankingOrder, s, top);
    const size_t count = order.size();
    std::vector<RankedFeature> out;
    out.reserve(count);
    for (size_t p = 0; p < count; ++p) {
        const auto i = static_cast<size_t>(order[p]);
        RankedFeature r;
        r.feature = order[p];
        r.name = i < f.featureNames.size() ? f.featureNames[i] : std::to_string(i);
        if (i < f.featureIds.size()) r.id = f.featureIds[i];
        r.selectionFrequency = s.selectionFrequency[i];
        r.medianImportance = i < s.medianImportance.size() ? s.medianImportance[i] : 0.0;
        r.meanRank = i < s.meanRank.size() ? s.meanRank[i] : 0.0;
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace

std::vector<RankedFeature> Findings::ranking(size_t top) const {
    return rankFeatures({selectionFrequency, medianImportance, meanRank}, *this, top);
}

std::vector<RankedFeature> Findings::classRanking(size_t c, size_t top) const {
    if (c >= byClass.size()) return {};
    const ClassFindings& k = byClass[c];
    std::vector<RankedFeature> out = rankFeatures({k.selectionFrequency, k.medianImportance, k.meanRank}, *this, top);
    for (RankedFeature& r : out) r.direction = k.direction(static_cast<size_t>(r.feature));
    return out;
}

int ClassFindings::direction(size_t feature) const {
    if (feature >= meanIn.size() || feature >= meanOut.size()) return 0;
    const double in = meanIn[feature], out = meanOut[feature];
    // Means are float sums over cells: a difference below float resolution is no difference.
    const double tolerance = 1e-6 * std::max({std::abs(in), std::abs(out), 1e-30});
    if (in - out > tolerance) return 1;
    if (out - in > tolerance) return -1;
    return 0;
}

void setClassDirections(Findings& findings, const std::vector<std::vector<float>>& classMean,
                        const std::vector<int64_t>& classCells) {
    const size_t k = std::min(findings.byClass.size(), classMean.size());
    if (k == 0) return;
    const size_t n = classMean.front().size();
    std::vector<double> total(n, 0.0);
    int64_t labelled = 0;
    for (size_t c = 0; c < classMean.size(); ++c) {
        labelled += classCells[c];
        for (size_t g = 0; g < n; ++g) total[g] += static_cast<double>(classMean[c][g]) * static_cast<double>(classCells[c]);
    }
    for (size_t c = 0; c < k; ++c) {
        ClassFindings& cf = findings.byClass[c];
        const double rest = static_cast<double>(labelled - classCells[c]);
        cf.meanIn = classMean[c];
        cf.meanOut.assign(n, 0.0f);
        if (rest <= 0) continue;  // a single class: there is no "rest"
        for (size_t g = 0; g < n; ++g)
            cf.meanOut[g] = static_cast<float>(
                (total[g] - static_cast<double>(classMean[c][g]) * static_cast<double>(classCells[c])) / rest);
    }
}

namespace {

// The records of the tries that count, in seed order, with `accepted` decided here.
std::vector<PassRecord> applyGate(std::vector<PassRecord> records, int passes, const GateRule& gate, int maxTries) {
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
        // A missing try: one process would have trained it here, so nothing after it can
        // be placed in seed order (the result is partial).
        if (r.tryIndex != static_cast<int>(walked.size())) break;
        // The permutation gate's p-value needs the pass's predictions: it was computed when
        // the pass ran and travels in the record.
        const GateDecision d = gate.kind == "permutation" ? decidePermutationGate(gate, r.accuracy, r.pValue)
                                                          : decideGate(gate, r.accuracy, r.testCells, r.chanceRate);
        r.pValue = d.pValue;
        r.accepted = d.accepted && !r.geneImportance.empty();
        accepted += r.accepted ? 1 : 0;
        walked.push_back(std::move(r));
    }
    return walked;
}

ClassFindings accumulateClass(const std::vector<PassRecord>& passes, size_t c, int64_t nFeatures, int topK) {
    ClassFindings out;
    std::vector<std::vector<float>> importances;
    std::vector<std::vector<int64_t>> ranks, topSets;
    for (const PassRecord& r : passes) {
        if (!r.accepted || c >= r.classImportance.size() || r.classImportance[c].empty()) continue;
        if (static_cast<int64_t>(r.classImportance[c].size()) != nFeatures)
            throw InputError("pass record of try " + std::to_string(r.tryIndex) + " has " +
                             std::to_string(r.classImportance[c].size()) + " importances for class " +
                             std::to_string(c) + " but the run has " + std::to_string(nFeatures) + " features");
        importances.push_back(r.classImportance[c]);
        ranks.push_back(ranksFromImportances(importances.back()));
        topSets.push_back(topKSet(importances.back(), topK));
        out.cells += c < r.classCells.size() ? r.classCells[c] : 0;
    }
    out.passes = static_cast<int>(importances.size());
    out.selectionFrequency = selectionFrequency(topSets, nFeatures);
    out.meanRank = meanRank(ranks, nFeatures);
    out.medianImportance = medianImportance(importances, nFeatures);
    return out;
}

// Per-class findings when the accepted passes carry per-class importances (records from
// before per-class attribution carry none: then there are no per-class findings).
std::vector<ClassFindings> accumulateByClass(const std::vector<PassRecord>& passes, int64_t nFeatures, int topK) {
    size_t classes = 0;
    for (const PassRecord& r : passes)
        if (r.accepted) classes = std::max(classes, r.classImportance.size());
    std::vector<ClassFindings> out;
    for (size_t c = 0; c < classes; ++c) out.push_back(accumulateClass(passes, c, nFeatures, topK));
    return out;
}

}  // namespace

Findings accumulateFindings(std::vector<PassRecord> records, int passes, double minAccuracy, int maxTries, int topK,
                            std::vector<std::string> featureNames, std::vector<std::string> featureIds) {
    GateRule floor;
    floor.kind = "floor";
    floor.minAccuracy = minAccuracy;
    return accumulateFindings(std::move(records), passes, floor, maxTries, topK, std::move(featureNames),
                              std::move(featureIds));
}

int64_t Findings::topKAmongMostExpressed() const {
    if (meanExpression.empty() || accepted == 0) return -1;
    const size_t k = static_cast<size_t>(std::max(topK, 1));
    std::vector<int64_t> byMean(meanExpression.size());
    std::iota(byMean.begin(), byMean.end(), int64_t{0});
    const size_t m = std::min(k, byMean.size());
    std::partial_sort(byMean.begin(), byMean.begin() + static_cast<std::ptrdiff_t>(m), byMean.end(),
                      [&](int64_t a, int64_t b) { return meanExpression[a] > meanExpression[b]; });
    byMean.resize(m);
    int64_t n = 0;
    for (const RankedFeature& r : ranking(k)) n += std::count(byMean.begin(), byMean.end(), r.feature);
    return n;
}

double Findings::meanAcceptedAccuracy() const {
    double sum = 0;
    int n = 0;
    for (const PassRecord& p : passes)
        if (p.accepted) sum += p.accuracy, ++n;
    return n ? sum / n : std::numeric_limits<double>::quiet_NaN();
}

double Findings::meanChanceRate() const {
    double sum = 0;
    int n = 0;
    for (const PassRecord& p : passes)
        if (p.accepted && p.testCells > 0) sum += p.chanceRate, ++n;
    return n ? sum / n : std::numeric_limits<double>::quiet_NaN();
}

namespace {
std::vector<double> ranksOf(const std::vector<double>& v) {
    std::vector<int64_t> order(v.size());
    std::iota(order.begin(), order.end(), int64_t{0});
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return v[a] < v[b]; });
    std::vector<double> rank(v.size());
    for (size_t i = 0; i < order.size();) {
        size_t j = i;
        while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
        for (size_t m = i; m <= j; ++m) rank[order[m]] = 0.5 * double(i + j);  // ties share the mean rank
        i = j + 1;
    }
    return rank;
}
}  // namespace

double Findings::expressionSpearman() const {
    const size_t n = meanExpression.size();
    if (n < 2 || medianImportance.size() != n || accepted == 0) return std::numeric_limits<double>::quiet_NaN();
    const auto a = ranksOf(meanExpression), b = ranksOf(medianImportance);
    double ma = 0, mb = 0;
    for (size_t i = 0; i < n; ++i) ma += a[i] / double(n), mb += b[i] / double(n);
    double sab = 0, saa = 0, sbb = 0;
    for (size_t i = 0; i < n; ++i) {
        sab += (a[i] - ma) * (b[i] - mb);
        saa += (a[i] - ma) * (a[i] - ma);
        sbb += (b[i] - mb) * (b[i] - mb);
    }
    return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : std::numeric_limits<double>::quiet_NaN();
}

double Findings::meanBalancedAccuracy() const {
    double sum = 0;
    int n = 0;
    for (const PassRecord& p : passes) {
        if (!p.accepted) continue;
        if (std::isnan(p.balancedAccuracy)) return std::numeric_limits<double>::quiet_NaN();
        sum += p.balancedAccuracy, ++n;
    }
    return n ? sum / n : std::numeric_limits<double>::quiet_NaN();
}

namespace {
// Chance for balanced accuracy: one over the classes; NaN when the classes are unknown.
double balancedChance(const Findings& f) {
    return f.classNames.size() >= 2 ? 1.0 / double(f.classNames.size()) : std::numeric_limits<double>::quiet_NaN();
}

// Improvement over guessing as a share of what is left to gain (kappa-like): 0.35 against
// 1/3 is 0.03, 0.995 against 0.9 is 0.95. NaN when either figure is unknown.
double gainOverChance(double score, double chance) {
    if (std::isnan(score) || std::isnan(chance) || chance >= 1.0) return std::numeric_limits<double>::quiet_NaN();
    return (score - chance) / (1.0 - chance);
}
}  // namespace

std::string Findings::evidence() const {
    if (accepted == 0) return "none";
    // Balanced accuracy where the passes kept it: a 1:10 minority found at the price of a
    // few majority cells leaves plain accuracy below the majority rate, which is not weak.
    double gain = gainOverChance(meanBalancedAccuracy(), balancedChance(*this));
    if (std::isnan(gain)) gain = gainOverChance(meanAcceptedAccuracy(), meanChanceRate());
    const bool nearChance = !std::isnan(gain) && gain < 0.2;
    if (2 * accepted < tries || nearChance) return "weak";
    return "clear";
}

std::string Findings::accuracySummary() const {
    std::ostringstream s;
    s << std::fixed << std::setprecision(3) << "mean held-out accuracy " << meanAcceptedAccuracy();
    if (!std::isnan(meanChanceRate())) s << " against a majority-class rate of " << meanChanceRate();
    const double balanced = meanBalancedAccuracy(), chance = balancedChance(*this);
    if (!std::isnan(balanced)) {
        s << ", balanced accuracy " << balanced;
        if (!std::isnan(chance)) s << " against " << chance << " by chance";
    }
    return s.str();
}

Findings accumulateFindings(std::vector<PassRecord> records, int passes, const GateRule& gate, int maxTries, int topK,
                            std::vector<std::string> featureNames, std::vector<std::string> featureIds,
                            const std::string& rankingOrder) {
    if (maxTries <= 0) maxTries = 3 * passes;  // as RunConfig::effectiveMaxTries
    Findings f;
    f.gate = gate;
    f.rankingOrder = rankingOrder;
    f.passes = applyGate(std::move(records), passes, gate, maxTries);
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
    f.byClass = accumulateByClass(f.passes, nFeatures, topK);
    if (nFeatures > 0) {
        f.splitHalfCurve = splitHalfCurve(importances, topK, rankingOrder);
        f.mbBounds = mbBounds(f.selectionFrequency, std::min<int64_t>(topK, nFeatures), {0.6, 0.75, 0.9});
    }
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
std::vector<T> numbers(const json& array, const char* key) {
    if (!array.is_array())
        throw InputError(std::string("pass record: \"") + key + "\" must be an array of numbers, got " +
                         array.dump().substr(0, 80));
    std::vector<T> out;
    out.reserve(array.size());
    for (const json& v : array) out.push_back(static_cast<T>(numberOrNan(v, key)));
    return out;
}

template <typename T>
std::vector<T> numberArray(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end()) return {};
    return numbers<T>(*it, key);
}

// Absent in records written before per-class attribution: then empty.
std::vector<std::vector<float>> classImportanceFromJson(const json& j) {
    std::vector<std::vector<float>> out;
    auto it = j.find("class_importance");
    if (it == j.end()) return out;
    if (!it->is_array())
        throw InputError("pass record: \"class_importance\" must be an array (one array of numbers per class), got " +
                         it->dump().substr(0, 80));
    for (const json& perClass : *it) out.push_back(numbers<float>(perClass, "class_importance"));
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
        {"try_index", r.tryIndex},   {"seed", r.seed},         {"accuracy", r.accuracy},   {"test_cells", r.testCells}, {"chance_rate", r.chanceRate},
        {"balanced_accuracy", std::isnan(r.balancedAccuracy) ? json(nullptr) : json(r.balancedAccuracy)},
        {"p_value", std::isnan(r.pValue) ? json(nullptr) : json(r.pValue)},
        {"accepted", r.accepted},    {"stop_epoch", r.stopEpoch}, {"best_epoch", r.bestEpoch},
        {"seconds", r.seconds},      {"train_loss", r.trainLoss}, {"val_loss", r.valLoss},
        {"gene_importance", r.geneImportance},
        {"class_importance", r.classImportance}, {"class_cells", r.classCells},
    };
}

PassRecord passRecordFromJson(const nlohmann::json& j) {
    if (!j.is_object()) throw InputError("pass record: expected a JSON object {...}, got " + j.dump());
    static const char* const kKeys[] = {"try_index",   "seed",        "accuracy",        "test_cells",
                                        "chance_rate", "balanced_accuracy", "p_value",     "accepted",        "stop_epoch",
                                        "best_epoch",  "seconds",     "train_loss",      "val_loss",
                                        "gene_importance", "class_importance", "class_cells"};
    for (const auto& item : j.items())
        if (std::find(std::begin(kKeys), std::end(kKeys), item.key()) == std::end(kKeys))
            throw InputError("pass record: unknown key \"" + item.key() +
                             "\"; valid keys are try_index, seed, accuracy, test_cells, chance_rate, balanced_accuracy, p_value, "
                             "accepted, stop_epoch, best_epoch, seconds, train_loss, val_loss, gene_importance, "
                             "class_importance, class_cells");
    try {
        PassRecord r;
        r.tryIndex = required(j, "try_index").get<int>();
        r.seed = required(j, "seed").get<uint64_t>();
        r.accuracy = numberOrNan(required(j, "accuracy"), "accuracy");
        r.testCells = j.value("test_cells", int64_t{0});
        r.chanceRate = j.contains("chance_rate") ? numberOrNan(j.at("chance_rate"), "chance_rate") : 0.0;
        if (j.contains("balanced_accuracy")) r.balancedAccuracy = numberOrNan(j.at("balanced_accuracy"), "balanced_accuracy");
        if (j.contains("p_value")) r.pValue = numberOrNan(j.at("p_value"), "p_value");
        r.accepted = j.value("accepted", false);
        r.stopEpoch = j.value("stop_epoch", 0);
        r.bestEpoch = j.value("best_epoch", -1);
        r.seconds = j.contains("seconds") ? numberOrNan(j.at("seconds"), "seconds") : 0.0;
        r.trainLoss = numberArray<double>(j, "train_loss");
        r.valLoss = numberArray<double>(j, "val_loss");
        r.geneImportance = numberArray<float>(j, "gene_importance");
        r.classImportance = classImportanceFromJson(j);
        r.classCells = j.value("class_cells", std::vector<int>{});
        return r;
    } catch (const json::type_error& e) {
        throw InputError(std::string("pass record: a field has the wrong type (") + e.what() + ")");
    }
}

}  // namespace dm
