#pragma once
// Which genes each method puts in its top K for one class, side by side: DeepMapper's
// per-class ranking, the Wilcoxon one-vs-rest test and the linear baseline. Pure set
// arithmetic over gene indices; no LibTorch.
#include <cstdint>
#include <string>
#include <vector>

namespace dm {

// |A n B| / |A u B| of two gene sets (duplicates ignored); NaN when either is empty (a
// method that was not run is no evidence of disagreement).
double jaccard(const std::vector<int64_t>& a, const std::vector<int64_t>& b);

struct TopSetOverlap {
    std::string className;
    int64_t k = 0;
    std::vector<int64_t> deepmapper, wilcoxon, linear;  // each method's top K, best first; empty: not run
    double jaccardDeepMapperWilcoxon = 0, jaccardDeepMapperLinear = 0, jaccardWilcoxonLinear = 0;
    std::vector<int64_t> onlyDeepMapper;  // in DeepMapper's top K and in no other method's (DeepMapper's order)
    std::vector<int64_t> shared;          // in every method's top K that was run (DeepMapper's order)
};

// The three top-K lists truncated to k, and their overlaps.
TopSetOverlap compareTopSets(std::string className, int64_t k, std::vector<int64_t> deepmapper,
                             std::vector<int64_t> wilcoxon, std::vector<int64_t> linear);

// The k indices of largest |score|, best first (ties by index; NaN last). For the linear
// baseline's per-class coefficients: a gene that pushes strongly against the class is as
// much a marker as one that pushes for it.
std::vector<int64_t> topByMagnitude(const std::vector<double>& score, int64_t k);

}  // namespace dm
