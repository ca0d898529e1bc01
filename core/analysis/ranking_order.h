#pragma once
// The order of an accumulated ranking, from the per-feature statistics over the accepted
// passes. Pure statistics, no LibTorch.
//   "frequency" (the seed's): selection frequency in each pass's top k, then median
//     importance, then index. Frequency is the stability statistic, but it only sees the
//     top k: past the genes most passes select it counts lucky entries, so a noise gene that
//     reached one pass's top 20 goes before a gene ranked 25th in every pass.
//   "median_importance": median importance across passes, then selection frequency, then
//     index. Reads every pass's whole importance vector, so genes past the top k keep
//     their order (bench_science: docs/science.md, round 3).
//   "mean_rank": the Borda mean rank across passes (lower first), then median importance,
//     then index. Each pass's ranks are computed once, so its split-half curve costs what
//     median importance's costs (analysis/stability.cpp).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace dm {

inline const char* const kSeedRankingOrder = "frequency";

bool isRankingOrder(const std::string& order);

// Per-feature statistics over the accepted passes (same length; a shorter vector reads 0).
struct FeatureStatistics {
    const std::vector<double>& selectionFrequency;
    const std::vector<double>& medianImportance;
    const std::vector<double>& meanRank;
};

// The first `count` features in `order`: a total order (ties end at the index), so rankings
// are deterministic. An unknown order is a ConfigError.
std::vector<int64_t> orderFeatures(const std::string& order, const FeatureStatistics& s, size_t count);

}  // namespace dm
