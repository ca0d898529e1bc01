#include "engine/run_accumulation.h"

#include "engine/runner.h"

#include <algorithm>
#include <set>

namespace dm {

Findings accumulateRun(std::vector<PassRecord> records, const RunConfig& config,
                       std::vector<std::string> featureNames, std::vector<std::string> featureIds) {
    Findings f = accumulateFindings(std::move(records), config.passes, gateRuleOf(config),
                                    config.effectiveMaxTries(), config.topK, std::move(featureNames),
                                    std::move(featureIds), config.rankingOrder);
    if (config.indexFeatures)
        for (size_t i = 0; i < f.featureNames.size(); ++i) f.featureNames[i] = std::to_string(i);
    return f;
}

TryCoverage tryCoverage(const std::vector<int>& presentTries, const Findings& accumulated, const RunConfig& config) {
    const std::set<int> present(presentTries.begin(), presentTries.end());
    TryCoverage c;
    c.lastPresent = present.empty() ? -1 : *present.rbegin();
    c.usedTries = accumulated.tries;
    c.accepted = accumulated.accepted;
    c.complete = c.accepted >= config.passes || c.usedTries >= config.effectiveMaxTries();
    for (int t = 0; t < c.lastPresent; ++t) {
        if (present.count(t)) continue;
        if (!c.missing.empty() && c.missing.back().second == t)
            c.missing.back().second = t + 1;
        else
            c.missing.emplace_back(t, t + 1);
    }
    return c;
}

namespace {
std::string rangeText(int begin, int end) {
    return end - begin == 1 ? "try " + std::to_string(begin)
                            : "tries " + std::to_string(begin) + "-" + std::to_string(end - 1);
}
}  // namespace

std::string TryCoverage::describe(const RunConfig& config) const {
    if (complete) return {};
    const int maxTries = config.effectiveMaxTries();
    std::string text = std::to_string(accepted) + " of " + std::to_string(config.passes) +
                       " passes accepted in tries 0-" + std::to_string(usedTries - 1) + "; ";
    if (usedTries == 0) text = "no try 0; ";
    if (!missing.empty()) {
        std::string list;
        for (const auto& [b, e] : missing) list += (list.empty() ? "" : ", ") + rangeText(b, e);
        text += "missing " + list + " (no shard holds them; the merge stops at the first, as one process in seed order would need it). ";
        text += "Run them with `deepmapper run ... --tries " + std::to_string(missing.front().first) + ":" +
                std::to_string(missing.front().second) + " --out DIR` and merge again";
    } else {
        const int next = lastPresent + 1;
        const int end = std::min(maxTries, next + std::max(1, config.passes - accepted));
        text += "the shards end at try " + std::to_string(lastPresent) + ". Run more tries with `deepmapper run ... --tries " +
                std::to_string(next) + ":" + std::to_string(end) + " --out DIR` and merge again";
    }
    return text;
}

}  // namespace dm
