#pragma once
// Principal component analysis of a cells x genes CSR matrix (typically log-normalized),
// the standard single-cell reduction the DeepMapper embedding is compared against.
// Columns are centred implicitly: the sparse matrix is never densified. Pure Eigen.
#include "data/csr_matrix.h"

#include <Eigen/Dense>

#include <cstdint>

namespace dm {

struct PcaOptions {
    int components = 16;
    // Up to this many genes the exact covariance eigendecomposition (genes x genes) is
    // used; above it a randomized SVD (Halko et al. 2011) with oversampling and power
    // iterations, as scanpy's and sklearn's "randomized" solver.
    int64_t exactMaxGenes = 2000;
    int oversampling = 10;
    int powerIterations = 7;
    uint64_t seed = 0;
};

struct PcaResult {
    Eigen::MatrixXd scores;              // cells x components: centred data times components
    Eigen::MatrixXd components;          // components x genes, orthonormal rows
    Eigen::VectorXd explainedVariance;   // per component (ddof 1), descending
    Eigen::VectorXd mean;                // per gene
};

// Signs are fixed so that each component's largest-magnitude loading is positive.
// Throws InputError when components < 1 or exceeds min(cells, genes).
PcaResult pca(const CsrMatrix& X, const PcaOptions& options);

}  // namespace dm
