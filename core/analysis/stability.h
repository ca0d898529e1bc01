#pragma once
// How stable is a ranking across arrangements? Pure statistics over per-pass importance
// vectors, no LibTorch.
//   split-half agreement: accumulate the odd-numbered and the even-numbered accepted passes
//   separately (in the run's ranking order) and compare the two top-k sets by their Jaccard index. 1: the two halves
//   name the same genes; near k/F: they agree no better than chance.
//   Meinshausen-Buhlmann: E[V] <= q^2 / ((2 pi - 1) F), the expected number of genes
//   selected with frequency >= pi that carry no signal, for q genes selected per pass out
//   of F (exchangeability of the noise genes assumed, as in their Theorem 1).
#include "analysis/ranking_order.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace dm {

// |A n B| / |A u B|; two empty sets give 1.
double splitJaccard(const std::vector<int64_t>& a, const std::vector<int64_t>& b);

// The k features of the accumulated ranking of `passes`, ordered as the run orders its
// ranking (analysis/ranking_order.h).
std::vector<int64_t> accumulatedTopK(const std::vector<const std::vector<float>*>& passes, int64_t nFeatures,
                                     int64_t k, const std::string& order = kSeedRankingOrder);

// Split-half agreement of the first `n` passes (n >= 2; passes 0, 2, 4... against 1, 3,
// 5...). NaN when n < 2.
double splitHalfAgreement(const std::vector<std::vector<float>>& passes, size_t n, int64_t k,
                          const std::string& order = kSeedRankingOrder);

// The agreement after 2, 3, ..., passes.size() passes.
std::vector<double> splitHalfCurve(const std::vector<std::vector<float>>& passes, int64_t k,
                                   const std::string& order = kSeedRankingOrder);

struct MbBound {
    double threshold = 0;      // pi
    double bound = 0;          // E[V] upper bound
    int64_t selected = 0;      // genes with selection frequency >= pi
};

// The bound at each threshold (each in (0.5, 1]) with q = k genes per pass.
std::vector<MbBound> mbBounds(const std::vector<double>& selectionFrequency, int64_t k,
                              const std::vector<double>& thresholds);

}  // namespace dm
