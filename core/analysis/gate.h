#pragma once
// Which passes count: a pass is kept only when its held-out accuracy says the classes were
// told apart. Pure statistics, no LibTorch.
#include <cstdint>
#include <string>

namespace dm {

// P(X >= k) for X ~ Binomial(n, p), summed in log space (exact for any n the test split
// can have). k <= 0 gives 1, k > n gives 0.
double binomialUpperTail(int64_t n, int64_t k, double p);

struct GateRule {
    std::string kind = "binomial";  // "binomial" | "floor"
    double alpha = 0.05;            // binomial: the one-sided test's level
    double minAccuracy = 0.0;       // a fixed floor, applied by both kinds
};

struct GateDecision {
    bool accepted = false;
    double pValue = 1.0;  // binomial: P(this many correct by guessing the majority class); NaN for "floor"
};

// accuracy: held-out accuracy over `testCells` cells; chanceRate: the share of the test
// cells in their largest class (what always guessing that class scores). The binomial
// test counts round(accuracy * testCells) successes against chanceRate. Records without a
// test size (testCells <= 0, from files written before the gate existed) fall back to the
// floor alone.
GateDecision decideGate(const GateRule& rule, double accuracy, int64_t testCells, double chanceRate);

}  // namespace dm
