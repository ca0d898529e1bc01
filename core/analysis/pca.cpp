#include "analysis/pca.h"

#include "common/error.h"
#include "common/interrupt.h"
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

// Rows per block of the products below: a stop (common/interrupt.h) lands between blocks,
// about 10 ms of work at 20,000 genes, instead of after a whole product (seconds each on a
// 20,000 x 20,000 matrix, 15 of them in the randomized SVD).
constexpr Eigen::Index kRowsPerBlock = 2048;

bool sortedUniqueRows(const CsrMatrix& X) {
    for (int64_t r = 0; r < X.rows; ++r)
        for (int64_t k = X.rowBegin(r) + 1; k < X.rowEnd(r); ++k)
            if (X.indices[k] <= X.indices[k - 1]) return false;
    return true;
}

RowSparse toEigen(const CsrMatrix& X) {
    if (X.nnz() >= std::numeric_limits<int>::max())
        throw InputError("PCA handles up to 2^31 stored values; this matrix has " + std::to_string(X.nnz()) +
                         ": subsample cells first");
    RowSparse m(X.rows, X.cols);
    if (!sortedUniqueRows(X)) {  // what setFromTriplets makes of it: sorted, duplicates summed
        std::vector<Eigen::Triplet<double, int>> entries;
        entries.reserve(static_cast<size_t>(X.nnz()));
        for (int64_t r = 0; r < X.rows; ++r)
            for (int64_t k = X.rowBegin(r); k < X.rowEnd(r); ++k)
                entries.emplace_back(static_cast<int>(r), X.indices[k], X.values[k]);
        m.setFromTriplets(entries.begin(), entries.end());
        return m;
    }
    // Already the compressed row layout: copied block by block (the same matrix the
    // triplets give, without their 16 bytes per value and their sort).
    m.resizeNonZeros(X.nnz());
    int* outer = m.outerIndexPtr();
    for (int64_t r = 0; r <= X.rows; ++r) outer[r] = static_cast<int>(X.indptr[static_cast<size_t>(r)]);
    for (int64_t r0 = 0; r0 < X.rows; r0 += kRowsPerBlock) {
        interruptionPoint();
        const int64_t r1 = std::min<int64_t>(X.rows, r0 + kRowsPerBlock);
        for (int64_t k = X.rowBegin(r0); k < X.rowBegin(r1); ++k) {
            m.innerIndexPtr()[k] = X.indices[static_cast<size_t>(k)];
            m.valuePtr()[k] = X.values[static_cast<size_t>(k)];
        }
    }
    return m;
}

// Products with the implicitly centred matrix Xc = X - 1 mean^T.
struct Centred {
    const RowSparse& X;
    const Eigen::VectorXd& mean;
    // By blocks of rows: each output row is the same sum as in one product.
    Eigen::MatrixXd times(const Eigen::MatrixXd& M) const {  // Xc M
        Eigen::MatrixXd out(X.rows(), M.cols());
        for (Eigen::Index r = 0; r < X.rows(); r += kRowsPerBlock) {
            interruptionPoint();
            const Eigen::Index n = std::min(kRowsPerBlock, X.rows() - r);
            out.middleRows(r, n).noalias() = X.middleRows(r, n) * M;
        }
        out.rowwise() -= (mean.transpose() * M);
        return out;
    }
    // Accumulated block after block: every output entry adds the rows' terms in the same
    // order as one product does (Eigen's sparse^T x dense adds row by row).
    Eigen::MatrixXd transposeTimes(const Eigen::MatrixXd& N) const {  // Xc^T N
        Eigen::MatrixXd out = Eigen::MatrixXd::Zero(X.cols(), N.cols());
        for (Eigen::Index r = 0; r < X.rows(); r += kRowsPerBlock) {
            interruptionPoint();
            const Eigen::Index n = std::min(kRowsPerBlock, X.rows() - r);
            out.noalias() += X.middleRows(r, n).transpose() * N.middleRows(r, n);
        }
        return out - mean * N.colwise().sum();
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
    interruptionPoint();
    Eigen::MatrixXd cov = Eigen::MatrixXd(X.transpose() * X) - n * mean * mean.transpose();
    cov /= std::max(1.0, n - 1);
    interruptionPoint();
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
    interruptionPoint();
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
