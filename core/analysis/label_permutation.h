#pragma once
// The "permutation" gate: do a pass's held-out predictions depend on the true labels?
// Honest under class imbalance, where the binomial test against the majority-class rate
// refuses a model that finds a 1:10 minority at the price of a few majority cells (its
// accuracy can stay below the majority rate while its predictions carry the labels).
// Pure statistics, no LibTorch.
#include "analysis/gate.h"

#include <cstdint>
#include <vector>

namespace dm {

// The mean over the classes present in `yTrue` of the share of their cells predicted
// right (recall). Labels are 0..classes-1; cells with a label outside are an InputError.
// NaN without cells.
double balancedAccuracy(const std::vector<int64_t>& yTrue, const std::vector<int64_t>& yPred, int64_t classes);

// One-sided permutation test of "predictions do not depend on the labels": the balanced
// accuracy of the predictions against `permutations` seeded shuffles of the true labels
// (predictions fixed), p = (1 + #{shuffled >= observed}) / (1 + permutations). Valid at any
// class balance (it needs no chance rate); a model that always predicts one class scores
// the same under every shuffle and gets p = 1. Deterministic in `seed`.
double labelPermutationPValue(const std::vector<int64_t>& yTrue, const std::vector<int64_t>& yPred, int64_t classes,
                              int permutations, uint64_t seed);

// Permutations the gate draws per pass: p-values resolve to 1/2000.
constexpr int kGatePermutations = 1999;

// The permutation gate's decision from a pass's recorded p-value (computed when the pass
// ran, from its predictions): accepted when p < alpha and the accuracy clears the floor.
// A record without a p-value (NaN: written before this gate) is decided by the floor alone.
GateDecision decidePermutationGate(const GateRule& rule, double accuracy, double pValue);

}  // namespace dm
