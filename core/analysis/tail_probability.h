#pragma once
// Two-sided tail probabilities of the test statistics used for differential expression,
// accurate in the far tails: a marker gene on a few thousand cells easily has p < 1e-300,
// where a plain double underflows to 0. Each function returns the natural log of p as
// well, which stays finite long after p itself is 0 (R's pnorm/pt with log.p = TRUE).
// Pure (no LibTorch, no Qt).

namespace dm {

struct TailProbability {
    double p = 1;     // may underflow to 0 for extreme statistics
    double logP = 0;  // natural log of p, finite wherever the statistic is
};

// P(|Z| >= |z|) for a standard normal Z: R's 2 * pnorm(-|z|).
TailProbability normalTwoSided(double z);

// P(|T| >= |t|) for Student's T with df degrees of freedom (df > 0, not necessarily an
// integer, as Welch's test gives): R's 2 * pt(-|t|, df).
TailProbability studentTwoSided(double t, double df);

// R's round(x, digits) (R >= 4.0.0): picks the closer of the two decimal neighbours of the
// double x, ties to the even last digit. Seurat rounds pct.1 / pct.2 with it.
double roundLikeR(double x, int digits);

}  // namespace dm
