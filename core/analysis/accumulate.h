#pragma once
// Iterate-N accumulation: pure statistics over per-pass importance vectors. No LibTorch.
#include <cstdint>
#include <vector>

namespace dm {

bool acceptPass(double accuracy, double minAccuracy);  // accuracy >= minAccuracy

// Rank 1 = most important; ties broken by index (stable), so ranks are a permutation of 1..n.
// NaN importances rank last.
std::vector<int64_t> ranksFromImportances(const std::vector<float>& importance);
// Indices of the k most important features, descending (ties by index).
std::vector<int64_t> topKSet(const std::vector<float>& importance, int64_t k);
// Fraction of passes whose top set holds each feature; no passes -> all 0.
std::vector<double> selectionFrequency(const std::vector<std::vector<int64_t>>& topSets, int64_t nFeatures);
// Borda: mean rank per feature across passes (lower is better); no passes -> all 0.
std::vector<double> meanRank(const std::vector<std::vector<int64_t>>& ranks, int64_t nFeatures);
// Median importance per feature across passes (mean of the two middle values for even
// counts); no passes -> all 0.
std::vector<double> medianImportance(const std::vector<std::vector<float>>& importances, int64_t nFeatures);
// Meinshausen-Buhlmann: E[V] <= q^2 / ((2 pi_thr - 1) F); throws ConfigError unless
// 0.5 < pi_thr <= 1, F >= 1 and q >= 0.
double stabilitySelectionBound(double piThr, double q, int64_t nFeatures);

}  // namespace dm
