#pragma once
// Each gene's values replaced by normal scores of their ranks over every cell: a
// rank-based inverse normal transform (Blom's scores, Phi^-1((r - 3/8) / (n + 1/4)), ties
// sharing their mid-rank), label-free. Why: in sparse counts normalized per cell, a gene's
// values are a spike of zeros and a long tail set mostly by each cell's library size, and a
// model (or a t-test) that reads the values themselves weighs that tail; read through its
// ranks, a small shift shared by many cells of a class stands out, as it does for the
// Wilcoxon test (docs/science.md, "Round 5").
// The zeros' common score is subtracted from every value, so zeros stay zero and the
// matrix stays sparse: a per-gene shift, which the standardization that follows removes.
#include "data/csr_matrix.h"

namespace dm {

CsrMatrix rankNormalScores(const CsrMatrix& X);

// Phi^-1(p) for 0 < p < 1 (Acklam's rational approximation, relative error < 1.2e-9).
double normalQuantile(double p);

}  // namespace dm
