#include "analysis/pca.h"

#include "common/error.h"
#include "data/random.h"

#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <Eigen/SVD>
#include <Eigen/Sparse>

#include <algorithm>
#include <limits>
#include <vector>

namespace dm {

namespace {

using RowSparse = Eigen::SparseMatrix<double, Eigen::RowMajor, int>;

RowSparse toEigen(const CsrMatrix& X) {
    if (X.nnz() >= std::numeric_limits<int>::max())
        throw InputError("PCA handles up to 2^31 stored values; this matrix has " + std::to_string(X.nnz()) +
                         ": subsample cells first");
    std::vector<Eigen::Triplet<double, int>> entries;
    entries.reserve(static_cast<size_t>(X.nnz()));
    for (int64_t r = 0; r < X.rows; ++r)
        for (int64_t k = X.rowBegin(r); k < X.rowEnd(r); ++k)
            entries.emplace_back(static_cast<int>(r), X.indices[k], X.values[k]);
    RowSparse m(X.rows, X.cols);
    m.setFromTriplets(entries.begin(), entries.end());
    return m;
}

// Products with the implicitly centred matrix Xc = X - 1 mean^T.
struct Centred {
    const RowSparse& X;
    const Eigen::VectorXd& mean;
    Eigen::MatrixXd times(const Eigen::MatrixXd& M) const {  // Xc M
        Eigen::MatrixXd out = X * M;
        out.rowwise() -= (mean.transpose() * M);
        return out;
    }
    Eigen::MatrixXd transposeTimes(const Eigen::MatrixXd& N) const {  // Xc^T N
        return Eigen::MatrixXd(X.transpose() * N) - mean * N.colwise().sum();
    }
};

Eigen::MatrixXd orthonormalBasis(const Eigen::MatrixXd& Y) {
    Eigen::HouseholderQR<Eigen::MatrixXd> qr(Y);
    return qr.householderQ() * Eigen::MatrixXd::Identity(Y.rows(), Y.cols());
}

// Top-d eigenvectors (columns, descending) of the genes x genes covariance.
void exactComponents(const RowSparse& X, const Eigen::VectorXd& mean, int d, Eigen::MatrixXd& V,
                     Eigen::VectorXd& variance) {
    const auto n = static_cast<double>(X.rows());
    Eigen::MatrixXd cov = Eigen::MatrixXd(X.transpose() * X) - n * mean * mean.transpose();
    cov /= std::max(1.0, n - 1);
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(cov);
    V = eig.eigenvectors().rightCols(d).rowwise().reverse();
    variance = eig.eigenvalues().tail(d).reverse().cwiseMax(0.0);
}

void randomizedComponents(const Centred& Xc, int64_t genes, int64_t cells, int d, const PcaOptions& o,
                          Eigen::MatrixXd& V, Eigen::VectorXd& variance) {
    const Eigen::Index l = std::min<int64_t>(d + std::max(0, o.oversampling), std::min(genes, cells));
    Rng rng(o.seed);
    Eigen::MatrixXd omega(genes, l);
    for (Eigen::Index j = 0; j < l; ++j)
        for (Eigen::Index i = 0; i < genes; ++i) omega(i, j) = rng.normal();
    Eigen::MatrixXd Q = orthonormalBasis(Xc.times(omega));
    for (int it = 0; it < o.powerIterations; ++it)
        Q = orthonormalBasis(Xc.times(orthonormalBasis(Xc.transposeTimes(Q))));
    const Eigen::MatrixXd Bt = Xc.transposeTimes(Q);  // genes x l = (Q^T Xc)^T
    Eigen::JacobiSVD<Eigen::MatrixXd> svd(Bt, Eigen::ComputeThinU);
    V = svd.matrixU().leftCols(d);
    variance = svd.singularValues().head(d).array().square() / std::max<double>(1.0, static_cast<double>(cells - 1));
}

}  // namespace

PcaResult pca(const CsrMatrix& X, const PcaOptions& o) {
    const int64_t limit = std::min(X.rows, X.cols);
    if (o.components < 1 || o.components > limit)
        throw InputError("PCA components must be between 1 and min(cells, genes) = " + std::to_string(limit) +
                         " (got " + std::to_string(o.components) + ")");
    const RowSparse Xs = toEigen(X);
    PcaResult r;
    r.mean = Eigen::VectorXd(Xs.transpose() * Eigen::VectorXd::Ones(X.rows)) / static_cast<double>(X.rows);
    const Centred Xc{Xs, r.mean};
    Eigen::MatrixXd V;  // genes x d
    if (X.cols <= o.exactMaxGenes)
        exactComponents(Xs, r.mean, o.components, V, r.explainedVariance);
    else
        randomizedComponents(Xc, X.cols, X.rows, o.components, o, V, r.explainedVariance);
    // Deterministic signs: the largest-magnitude loading of each component is positive.
    for (Eigen::Index c = 0; c < V.cols(); ++c) {
        Eigen::Index at = 0;
        V.col(c).cwiseAbs().maxCoeff(&at);
        if (V(at, c) < 0) V.col(c) *= -1.0;
    }
    r.components = V.transpose();
    r.scores = Xc.times(V);
    return r;
}

}  // namespace dm
