// Standardized multinomial logistic regression on the sparse matrix, solved with
// LibTorch's L-BFGS (strong Wolfe) on an objective and gradient computed with Eigen.
// Standardization is folded into the products (Z W^T = X (W / sd)^T - 1 (mu . W / sd)^T),
// so no dense cells x genes matrix is ever built.
#include "analysis/linear_baseline.h"

#include "common/error.h"
#include "common/interrupt.h"

#include <Eigen/Sparse>
#include <torch/torch.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>
#include <numeric>

namespace dm {

namespace {

using RowSparse = Eigen::SparseMatrix<double, Eigen::RowMajor, int>;

// The CSR arrays converted once to double / int, and viewed as an Eigen sparse matrix.
struct SparseCopy {
    std::vector<int> outer, inner;
    std::vector<double> values;
    int64_t rows = 0, cols = 0;

    explicit SparseCopy(const CsrMatrix& X) : rows(X.rows), cols(X.cols) {
        if (X.nnz() >= std::numeric_limits<int>::max() || X.rows >= std::numeric_limits<int>::max())
            throw InputError("the linear baseline handles up to 2^31 stored values; this matrix has " +
                             std::to_string(X.nnz()) + ": subsample cells (--max-per-class) first");
        outer.assign(X.indptr.begin(), X.indptr.end());
        inner.assign(X.indices.begin(), X.indices.end());
        values.assign(X.values.begin(), X.values.end());
    }
    Eigen::Map<const RowSparse> view() const {
        return {rows, cols, static_cast<int64_t>(values.size()), outer.data(), inner.data(), values.data()};
    }
};

// The products with the matrix run over blocks of rows with a stop check between them:
// one product over 20,000 x 20,000 cells takes about a second on a loaded machine, longer
// than a stop may wait (docs/reliability.md, "Stopping every stage").
constexpr Eigen::Index kRowBlock = 2048;

// Logits of every cell: X (W / sd)^T - 1 (mu . W / sd)^T + 1 b^T.
Eigen::MatrixXd logitsOf(const Eigen::Map<const RowSparse>& X, const Eigen::MatrixXd& W, const Eigen::VectorXd& b,
                         const Eigen::RowVectorXd& mean, const Eigen::RowVectorXd& scale) {
    const Eigen::MatrixXd V = W.array().rowwise() / scale.array();  // K x G
    const Eigen::VectorXd shift = b - V * mean.transpose();          // K
    Eigen::MatrixXd logits(X.rows(), V.rows());                       // n x K
    for (Eigen::Index r0 = 0; r0 < X.rows(); r0 += kRowBlock) {
        interruptionPoint();
        const Eigen::Index n = std::min(kRowBlock, X.rows() - r0);
        logits.middleRows(r0, n) = X.middleRows(r0, n) * V.transpose();
    }
    logits.rowwise() += shift.transpose();
    return logits;
}

// (X^T R)^T, K x G, summed over blocks of rows.
Eigen::MatrixXd residualTimesX(const Eigen::Map<const RowSparse>& X, const Eigen::MatrixXd& R) {
    Eigen::MatrixXd out = Eigen::MatrixXd::Zero(R.cols(), X.cols());
    for (Eigen::Index r0 = 0; r0 < X.rows(); r0 += kRowBlock) {
        interruptionPoint();
        const Eigen::Index n = std::min(kRowBlock, X.rows() - r0);
        out += (X.middleRows(r0, n).transpose() * R.middleRows(r0, n)).transpose();
    }
    return out;
}

// Row-wise softmax in place; returns the per-row log-sum-exp.
Eigen::VectorXd softmaxRows(Eigen::MatrixXd& logits) {
    Eigen::VectorXd lse(logits.rows());
    for (Eigen::Index i = 0; i < logits.rows(); ++i) {
        const double m = logits.row(i).maxCoeff();
        logits.row(i) = (logits.row(i).array() - m).exp();
        const double s = logits.row(i).sum();
        logits.row(i) /= s;
        lse(i) = m + std::log(s);
    }
    return lse;
}

class Objective {
public:
    Objective(const CsrMatrix& X, const std::vector<int64_t>& y, int64_t K, const Standardization& st, double C)
        : data_(X), y_(y), K_(K), G_(X.cols), n_(X.rows), ridge_(1.0 / (C * static_cast<double>(X.rows))) {
        mean_ = Eigen::Map<const Eigen::RowVectorXd>(st.mean.data(), G_);
        scale_ = Eigen::Map<const Eigen::RowVectorXd>(st.scale.data(), G_);
    }
    int64_t size() const { return K_ * (G_ + 1); }

    // Parameters: W (K x G, column-major) then b (K). Returns the objective divided by
    // C * n, writes its gradient and keeps the softmax probabilities for hessianTimes().
    double evaluate(const double* theta, double* grad) {
        interruptionPoint();  // every L-BFGS and Newton step: the GUI can stop a long fit
        const Eigen::Map<const Eigen::MatrixXd> W(theta, K_, G_);
        probs_ = linear(theta);
        double loss = 0;
        for (int64_t i = 0; i < n_; ++i) loss -= probs_(i, y_[static_cast<size_t>(i)]);
        loss += softmaxRows(probs_).sum();
        // R = (P - Y) / n.
        Eigen::MatrixXd R = probs_;
        for (int64_t i = 0; i < n_; ++i) R(i, y_[static_cast<size_t>(i)]) -= 1.0;
        backward(R / static_cast<double>(n_), theta, grad);
        return loss / static_cast<double>(n_) + 0.5 * ridge_ * W.squaredNorm();
    }

    // Hessian (at the last evaluate()) times v: per cell, diag(p) - p p^T applied to the
    // logit change of v, then the same back-projection as the gradient.
    void hessianTimes(const double* v, double* out) const {
        Eigen::MatrixXd Q = linear(v);
        for (int64_t i = 0; i < n_; ++i) {
            const double pd = probs_.row(i).dot(Q.row(i));
            Q.row(i) = probs_.row(i).cwiseProduct(Q.row(i)) - pd * probs_.row(i);
        }
        backward(Q / static_cast<double>(n_), v, out);
    }

private:
    // Z W^T + 1 b^T for parameters (W, b).
    Eigen::MatrixXd linear(const double* theta) const {
        const Eigen::Map<const Eigen::MatrixXd> W(theta, K_, G_);
        const Eigen::Map<const Eigen::VectorXd> b(theta + K_ * G_, K_);
        return logitsOf(data_.view(), W, b, mean_, scale_);
    }
    // out = (Z^T R)^T + ridge W, then colsum(R); Z^T R = (X^T R - mu (R^T 1)^T) / sd.
    void backward(const Eigen::MatrixXd& R, const double* theta, double* out) const {
        const Eigen::Map<const Eigen::MatrixXd> W(theta, K_, G_);
        const Eigen::VectorXd colSum = R.colwise().sum().transpose();
        const Eigen::MatrixXd RtX = residualTimesX(data_.view(), R);  // K x G
        Eigen::Map<Eigen::MatrixXd> gW(out, K_, G_);
        gW = ((RtX - colSum * mean_).array().rowwise() / scale_.array()).matrix() + ridge_ * W;
        Eigen::Map<Eigen::VectorXd> gb(out + K_ * G_, K_);
        gb = colSum.array() - colSum.mean();  // a common intercept shift changes nothing
    }

    SparseCopy data_;
    const std::vector<int64_t>& y_;
    int64_t K_, G_, n_;
    double ridge_;
    Eigen::RowVectorXd mean_, scale_;
    Eigen::MatrixXd probs_;
};

// Conjugate gradients for H s = -g (H positive semi-definite on the space g lives in).
Eigen::VectorXd newtonStep(const Objective& f, const Eigen::VectorXd& g, int maxIter, double relTol) {
    Eigen::VectorXd s = Eigen::VectorXd::Zero(g.size()), r = -g, p = r, Hp(g.size());
    double rr = r.squaredNorm();
    const double stop = relTol * relTol * rr;
    for (int it = 0; it < maxIter && rr > stop; ++it) {
        interruptionPoint();  // up to 500 Hessian products per Newton step: each costs a gradient
        f.hessianTimes(p.data(), Hp.data());
        const double pHp = p.dot(Hp);
        if (!(pHp > 0)) break;
        const double alpha = rr / pHp;
        s += alpha * p;
        r -= alpha * Hp;
        const double rrNew = r.squaredNorm();
        p = r + (rrNew / rr) * p;
        rr = rrNew;
    }
    return s;
}

// Newton-CG from an L-BFGS solution. Near the optimum the objective is flat to double
// precision, so a step is accepted when it shrinks the gradient (which stays accurate),
// not when it lowers the objective. Returns the Newton iterations used.
int polish(Objective& f, Eigen::VectorXd& theta, Eigen::VectorXd& grad, double& value, int maxIter) {
    int it = 0;
    for (; it < maxIter; ++it) {
        const double gNorm = grad.norm();
        if (grad.cwiseAbs().maxCoeff() < 1e-14) break;
        const Eigen::VectorXd step = newtonStep(f, grad, 500, 1e-4);
        bool accepted = false;
        for (double t = 1.0; t > 1e-3 && !accepted; t *= 0.5) {
            Eigen::VectorXd trial = theta + t * step, trialGrad(theta.size());
            const double trialValue = f.evaluate(trial.data(), trialGrad.data());
            if (trialGrad.norm() < gNorm) {
                theta.swap(trial);
                grad.swap(trialGrad);
                value = trialValue;
                accepted = true;
            }
        }
        if (!accepted) {
            value = f.evaluate(theta.data(), grad.data());  // restore the probabilities of theta
            break;
        }
    }
    return it;
}

// Labels remapped to the classes that have cells (sklearn's classes_ = unique(y)).
struct ClassMap {
    std::vector<int64_t> present;  // original label of each fitted class
    std::vector<int64_t> y;        // remapped labels
};

ClassMap presentClasses(const std::vector<int64_t>& y, size_t nClasses) {
    std::vector<int64_t> counts(nClasses, 0);
    for (int64_t v : y) {
        if (v < 0 || v >= static_cast<int64_t>(nClasses))
            throw InputError("a cell has label " + std::to_string(v) + " outside the " + std::to_string(nClasses) +
                             " classes; drop unlabelled cells before the linear baseline");
        ++counts[static_cast<size_t>(v)];
    }
    ClassMap m;
    std::vector<int64_t> to(nClasses, -1);
    for (size_t c = 0; c < nClasses; ++c)
        if (counts[c] > 0) {
            to[c] = static_cast<int64_t>(m.present.size());
            m.present.push_back(static_cast<int64_t>(c));
        }
    if (m.present.size() < 2)
        throw InputError("the linear baseline needs cells of at least two classes; found " +
                         std::to_string(m.present.size()));
    m.y.reserve(y.size());
    for (int64_t v : y) m.y.push_back(to[static_cast<size_t>(v)]);
    return m;
}

void rankGenes(LinearBaselineResult& r) {
    const int64_t G = r.coefficients.cols();
    r.importance.resize(static_cast<size_t>(G));
    for (int64_t j = 0; j < G; ++j) r.importance[static_cast<size_t>(j)] = r.coefficients.col(j).cwiseAbs().maxCoeff();
    r.order.resize(static_cast<size_t>(G));
    std::iota(r.order.begin(), r.order.end(), 0);
    std::stable_sort(r.order.begin(), r.order.end(), [&](int64_t a, int64_t b) {
        return r.importance[static_cast<size_t>(a)] > r.importance[static_cast<size_t>(b)];
    });
    r.ranking.clear();
    for (int64_t j : r.order)
        r.ranking.emplace_back(r.featureNames[static_cast<size_t>(j)], r.importance[static_cast<size_t>(j)]);
}

}  // namespace

Standardization standardizeColumns(const CsrMatrix& X) {
    const auto G = static_cast<size_t>(X.cols);
    const auto n = static_cast<double>(X.rows);
    Standardization s;
    s.mean.assign(G, 0.0);
    s.scale.assign(G, 1.0);
    if (X.rows == 0) return s;
    std::vector<double> sq(G, 0.0);
    std::vector<int64_t> stored(G, 0);
    for (int64_t k = 0; k < X.nnz(); ++k) s.mean[static_cast<size_t>(X.indices[k])] += X.values[k];
    for (double& m : s.mean) m /= n;
    // Second pass around the mean (no cancellation); implicit zeros add mean^2 each.
    for (int64_t k = 0; k < X.nnz(); ++k) {
        const auto j = static_cast<size_t>(X.indices[k]);
        const double d = X.values[k] - s.mean[j];
        sq[j] += d * d;
        ++stored[j];
    }
    for (size_t j = 0; j < G; ++j) {
        const double var = (sq[j] + (n - static_cast<double>(stored[j])) * s.mean[j] * s.mean[j]) / n;
        // A constant gene's variance is zero up to the rounding of its mean: scale 1.
        const double roundoff = n * DBL_EPSILON * std::abs(s.mean[j]);
        s.scale[j] = var > roundoff * roundoff ? std::sqrt(var) : 1.0;
    }
    return s;
}

LinearBaselineResult fitLinearBaseline(const CsrMatrix& X, const std::vector<int64_t>& y,
                                       const std::vector<std::string>& classes,
                                       const std::vector<std::string>& featureNames,
                                       const LinearBaselineOptions& options) {
    if (static_cast<int64_t>(y.size()) != X.rows)
        throw InputError("labels for " + std::to_string(y.size()) + " cells but the matrix has " +
                         std::to_string(X.rows) + " cells");
    if (static_cast<int64_t>(featureNames.size()) != X.cols)
        throw InputError(std::to_string(featureNames.size()) + " gene names for a matrix with " +
                         std::to_string(X.cols) + " genes");
    if (!(options.C > 0)) throw ConfigError("linear baseline C must be > 0 (got " + std::to_string(options.C) + ")");
    if (options.maxIterations < 1) throw ConfigError("linear baseline needs at least one iteration");
    const ClassMap cm = presentClasses(y, classes.size());
    const auto K = static_cast<int64_t>(cm.present.size());

    LinearBaselineResult r;
    for (int64_t c : cm.present) {
        r.classes.push_back(classes[static_cast<size_t>(c)]);
        r.classLabels.push_back(c);
    }
    r.featureNames = featureNames;
    interruptionPoint();  // between the passes over the matrix before and after the solver
    r.scaler = standardizeColumns(X);
    interruptionPoint();
    Objective objective(X, cm.y, K, r.scaler, options.C);

    torch::Tensor theta = torch::zeros({objective.size()}, torch::kFloat64);
    theta.set_requires_grad(true);
    torch::Tensor grad = torch::zeros_like(theta);
    auto closure = [&]() -> torch::Tensor {
        const double f = objective.evaluate(theta.data_ptr<double>(), grad.data_ptr<double>());
        theta.mutable_grad() = grad.clone();
        return torch::tensor(f, torch::kFloat64);
    };
    // tolerance_change 0: stop on the gradient (or the iteration cap), not on a loss change
    // that is tiny only because the objective is flat near its optimum.
    torch::optim::LBFGS solver({theta}, torch::optim::LBFGSOptions(1.0)
                                            .max_iter(options.maxIterations)
                                            .max_eval(options.maxIterations * 2)
                                            .tolerance_grad(options.gradientTolerance)
                                            .tolerance_change(0.0)
                                            .history_size(20)
                                            .line_search_fn("strong_wolfe"));
    solver.step(closure);
    {
        auto& state = static_cast<torch::optim::LBFGSParamState&>(*solver.state().begin()->second);
        r.iterations = static_cast<int>(state.n_iter());
    }

    // L-BFGS stalls once the objective is flat to double precision (max |gradient| around
    // 1e-8 on pbmc68k, where the intercepts are still off by 1e-3); Newton steps on the
    // exact Hessian finish the job.
    Eigen::VectorXd x = Eigen::Map<const Eigen::VectorXd>(theta.data_ptr<double>(), objective.size());
    Eigen::VectorXd g(x.size());
    r.objective = objective.evaluate(x.data(), g.data());
    r.newtonIterations = polish(objective, x, g, r.objective, 20);
    r.maxGradient = g.cwiseAbs().maxCoeff();
    r.converged = r.maxGradient <= options.gradientTolerance;
    const int64_t G = X.cols;
    r.coefficients = Eigen::Map<const Eigen::MatrixXd>(x.data(), K, G);
    r.intercepts = x.tail(K);
    r.intercepts.array() -= r.intercepts.mean();  // the softmax is invariant to a common shift
    rankGenes(r);
    interruptionPoint();

    const Eigen::MatrixXd P = predictLinearBaseline(r, X);
    int64_t correct = 0;
    for (int64_t i = 0; i < X.rows; ++i) {
        Eigen::Index best = 0;
        P.row(i).maxCoeff(&best);
        correct += best == cm.y[static_cast<size_t>(i)] ? 1 : 0;
    }
    r.trainAccuracy = static_cast<double>(correct) / static_cast<double>(X.rows);
    return r;
}

Eigen::MatrixXd predictLinearBaseline(const LinearBaselineResult& fit, const CsrMatrix& X) {
    if (X.cols != fit.coefficients.cols())
        throw InputError("the linear baseline was fitted on " + std::to_string(fit.coefficients.cols()) +
                         " genes but the matrix has " + std::to_string(X.cols));
    const SparseCopy data(X);
    const auto G = static_cast<Eigen::Index>(X.cols);
    const Eigen::RowVectorXd mean = Eigen::Map<const Eigen::RowVectorXd>(fit.scaler.mean.data(), G);
    const Eigen::RowVectorXd scale = Eigen::Map<const Eigen::RowVectorXd>(fit.scaler.scale.data(), G);
    Eigen::MatrixXd P = logitsOf(data.view(), fit.coefficients, fit.intercepts, mean, scale);
    softmaxRows(P);
    return P;
}

}  // namespace dm
