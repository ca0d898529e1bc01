#pragma once
// The deterministic linear baseline: standardized genes, multinomial logistic regression
// with an L2 penalty on EVERY gene, solved to convergence. For a linear model the
// arrangement is irrelevant and the optimum is unique, so one fit is exact and the
// (standardized) coefficients are the attribution. Reproduces scikit-learn's
//   StandardScaler() -> LogisticRegression(multi_class="multinomial", C, penalty="l2",
//                                          solver="lbfgs", fit_intercept=True)
// Torch-free header (Eigen only); the GUI and the CLI include it.
#include "data/csr_matrix.h"

#include <Eigen/Dense>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace dm {

// Per gene: mean and population standard deviation (ddof 0) over the cells; a constant
// gene gets scale 1 (StandardScaler semantics). Computed from the CSR arrays in double,
// two passes, without densifying the matrix.
struct Standardization {
    std::vector<double> mean, scale;
};
Standardization standardizeColumns(const CsrMatrix& X);

struct LinearBaselineOptions {
    double C = 1.0;               // inverse L2 strength, as sklearn's C
    int maxIterations = 2000;     // L-BFGS iterations
    // Max |gradient| of the per-cell objective that counts as converged (sklearn's tol);
    // the Newton polish then goes on towards 1e-14.
    double gradientTolerance = 1e-8;
};

// Objective (sklearn's, divided by C * cells for a well-scaled gradient):
//   C * sum_i cross_entropy(softmax(W z_i + b), y_i) + 0.5 * ||W||^2,
// z_i the standardized cell, b unpenalized. Solved in double precision with L-BFGS
// (strong Wolfe line search) from zero, then polished with Newton-CG steps on the exact
// Hessian (L-BFGS alone stalls where the objective is flat to double precision). The
// intercepts are reported centred (sum 0), the optimum sklearn's lbfgs reaches from its
// zero start.
//
// Binary problems: the two-class softmax is fitted, whose optimum has W_1 = -W_0. sklearn
// reports only the row of the second class (coef_ has shape (1, genes), intercept_ has one
// value b_1); `coefficients` here keeps both rows, and importance = max_k |W_kj| = |W_1j|
// equals sklearn's |coef_[0, j]|.
//
// Memory: the matrix is used in sparse form (an Eigen copy of the CSR arrays in double,
// 12 bytes per stored value) plus a few cells x classes dense blocks; the coefficient
// matrix is classes x genes. No cells x genes dense copy is made, so it scales to any
// matrix whose CSR fits in memory (fewer than 2^31 stored values).
struct LinearBaselineResult {
    std::vector<std::string> classes;      // the classes fitted (those with at least one cell), in label order
    std::vector<int64_t> classLabels;      // their label values in the input y
    std::vector<std::string> featureNames;
    Standardization scaler;
    Eigen::MatrixXd coefficients;          // classes x genes, on standardized genes
    Eigen::VectorXd intercepts;            // classes, centred (sum 0)
    std::vector<double> importance;        // per gene: max over classes |coefficient|
    std::vector<std::pair<std::string, double>> ranking;  // (gene, importance), descending; ties by gene index
    std::vector<int64_t> order;            // gene indices in ranking order
    double trainAccuracy = 0;
    int iterations = 0;                    // L-BFGS iterations used
    int newtonIterations = 0;              // Newton-CG polishing steps after L-BFGS
    double objective = 0;                  // per-cell objective at the solution
    double maxGradient = 0;                // max |gradient| at the solution
    bool converged = false;                // maxGradient <= options.gradientTolerance
};

// y: class per cell in 0..classes.size()-1. Throws InputError for mismatched lengths, a
// label outside the classes (unlabelled cells must be dropped first), fewer than two
// classes with cells, or a matrix too large for the sparse solver. Throws Cancelled when
// an InterruptScope of the calling thread says so (checked at every solver step).
LinearBaselineResult fitLinearBaseline(const CsrMatrix& X, const std::vector<int64_t>& y,
                                       const std::vector<std::string>& classes,
                                       const std::vector<std::string>& featureNames,
                                       const LinearBaselineOptions& options = {});

// Softmax probabilities (cells x fitted classes) of new cells under a fitted baseline
// (standardized with the fit's scaler). Throws InputError when the gene count differs.
Eigen::MatrixXd predictLinearBaseline(const LinearBaselineResult& fit, const CsrMatrix& X);

}  // namespace dm
