// The linear baseline: StandardScaler semantics, the optimum of sklearn's objective,
// the binary convention, and planted markers ranked first.
#include "analysis/linear_baseline.h"
#include "common/error.h"
#include "data/synthetic.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <set>

using namespace dm;

namespace {

CsrMatrix denseToCsr(const std::vector<std::vector<float>>& rows) {
    CsrBuilder b(static_cast<int64_t>(rows.front().size()));
    for (const auto& r : rows) {
        for (size_t j = 0; j < r.size(); ++j) b.add(static_cast<int32_t>(j), r[j]);
        b.endRow();
    }
    return b.finish();
}

std::vector<std::string> geneNames(int64_t n) {
    std::vector<std::string> names;
    for (int64_t j = 0; j < n; ++j) names.push_back("g" + std::to_string(j));
    return names;
}

// log1p(normalize_total) of the counts, done here so the test does not depend on preprocess.
CsrMatrix logNormalized(CsrMatrix X) {
    const std::vector<double> totals = X.rowSums();
    for (int64_t r = 0; r < X.rows; ++r)
        for (int64_t k = X.rowBegin(r); k < X.rowEnd(r); ++k)
            X.values[k] = static_cast<float>(std::log1p(X.values[k] * 1e4 / totals[static_cast<size_t>(r)]));
    return X;
}

}  // namespace

class TestLinearBaseline : public QObject {
    Q_OBJECT
private slots:
    void standardizationFromCsr() {
        // Gene 0: 1, 0, 3, 0 -> mean 1, population var (0 + 1 + 4 + 1) / 4 = 1.5.
        // Gene 1: constant 2 -> scale 1. Gene 2: all zero -> mean 0, scale 1.
        const CsrMatrix X = denseToCsr({{1, 2, 0}, {0, 2, 0}, {3, 2, 0}, {0, 2, 0}});
        const Standardization s = standardizeColumns(X);
        QCOMPARE(s.mean, (std::vector<double>{1.0, 2.0, 0.0}));
        QVERIFY(std::abs(s.scale[0] - std::sqrt(1.5)) < 1e-15);
        QCOMPARE(s.scale[1], 1.0);
        QCOMPARE(s.scale[2], 1.0);
    }

    // Two cells, one gene: z = -1, +1. By symmetry b = 0 and W = (-w, w), and the
    // objective 2C log(1 + exp(-2w)) + w^2 is stationary where w = 2C / (1 + exp(2w)).
    void binaryClosedForm() {
        const CsrMatrix X = denseToCsr({{0}, {2}});
        const double C = 0.7;
        const LinearBaselineResult r = fitLinearBaseline(X, {0, 1}, {"a", "b"}, {"g"}, {C, 2000, 1e-12});
        double lo = 0, hi = 2;
        for (int i = 0; i < 200; ++i) {
            const double mid = 0.5 * (lo + hi);
            (mid - 2 * C / (1 + std::exp(2 * mid)) > 0 ? hi : lo) = mid;
        }
        QVERIFY(r.converged);
        QVERIFY2(std::abs(r.coefficients(1, 0) - lo) < 1e-9, qPrintable(QString::number(r.coefficients(1, 0))));
        QVERIFY(std::abs(r.coefficients(0, 0) + lo) < 1e-9);  // W_0 = -W_1: sklearn's coef_ is W_1
        QVERIFY(std::abs(r.intercepts(0)) < 1e-9);
        QVERIFY(std::abs(r.importance[0] - lo) < 1e-9);
        QCOMPARE(r.trainAccuracy, 1.0);
    }

    // Stationarity of C * sum CE + 0.5 ||W||^2, checked on a dense standardized copy:
    // W = -C Z^T (P - Y), and the columns of P - Y sum to 0 (free intercepts).
    void stationaryPoint() {
        SyntheticSpec spec;
        spec.cells = 120;
        spec.genes = 40;
        spec.classes = 3;
        spec.markersPerClass = 2;
        spec.chordPerClass = 2;
        spec.seed = 5;
        const SyntheticData data = generateSynthetic(spec);
        const CsrMatrix X = logNormalized(data.dataset.X);
        const Labels labels = labelsFromColumn(data.dataset, kSyntheticLabelColumn);
        const LinearBaselineResult r = fitLinearBaseline(X, labels.y, labels.classes, data.dataset.geneNames);
        QVERIFY2(r.converged, qPrintable(QString("max |gradient| %1 after %2 iterations")
                                             .arg(r.maxGradient)
                                             .arg(r.iterations)));
        Eigen::MatrixXd Z(X.rows, X.cols);
        for (int64_t i = 0; i < X.rows; ++i)
            for (int64_t j = 0; j < X.cols; ++j)
                Z(i, j) = (X.at(i, j) - r.scaler.mean[j]) / r.scaler.scale[j];
        Eigen::MatrixXd logits = Z * r.coefficients.transpose();
        logits.rowwise() += r.intercepts.transpose();
        Eigen::MatrixXd R(X.rows, 3);
        for (int64_t i = 0; i < X.rows; ++i) {
            const Eigen::RowVectorXd e = (logits.row(i).array() - logits.row(i).maxCoeff()).exp();
            R.row(i) = e / e.sum();
            R(i, labels.y[i]) -= 1.0;
        }
        const double residual = (r.coefficients + 1.0 * (Z.transpose() * R).transpose()).cwiseAbs().maxCoeff();
        QVERIFY2(residual < 1e-5, qPrintable(QString::number(residual)));
        QVERIFY(R.colwise().sum().cwiseAbs().maxCoeff() < 1e-6);
        QVERIFY(std::abs(r.intercepts.sum()) < 1e-12);
        // The probabilities of predictLinearBaseline are the fitted ones.
        const Eigen::MatrixXd P = predictLinearBaseline(r, X);
        QVERIFY(P.rows() == X.rows && P.cols() == 3);
        QVERIFY(std::abs(P.row(7).sum() - 1.0) < 1e-12);
    }

    // Planted markers are the most important genes; a gene permutation permutes the
    // importances (the arrangement is irrelevant to a linear model).
    void plantedMarkersFirstAndPermutationEquivariant() {
        SyntheticSpec spec;
        spec.cells = 300;
        spec.genes = 200;
        spec.classes = 3;
        spec.markersPerClass = 4;
        spec.chordPerClass = 0;
        spec.markerFoldChange = 6.0;
        spec.seed = 11;
        const SyntheticData data = generateSynthetic(spec);
        const CsrMatrix X = logNormalized(data.dataset.X);
        const Labels labels = labelsFromColumn(data.dataset, kSyntheticLabelColumn);
        const LinearBaselineResult r = fitLinearBaseline(X, labels.y, labels.classes, data.dataset.geneNames);
        QCOMPARE(r.trainAccuracy, 1.0);
        const std::vector<int64_t> markers = data.genesWithRole(GeneRole::Marker);
        std::set<int64_t> top(r.order.begin(), r.order.begin() + 12);
        int found = 0;
        for (int64_t m : markers) found += top.count(m) ? 1 : 0;
        QVERIFY2(found >= 10, qPrintable(QString("%1 of 12 markers in the top 12").arg(found)));
        QVERIFY(std::is_sorted(r.ranking.begin(), r.ranking.end(),
                               [](const auto& a, const auto& b) { return a.second > b.second; }));

        std::vector<int64_t> perm(static_cast<size_t>(X.cols));
        for (int64_t j = 0; j < X.cols; ++j) perm[static_cast<size_t>(j)] = (j * 37 + 11) % X.cols;  // 37 coprime to 200
        std::vector<std::string> names;
        for (int64_t j : perm) names.push_back(data.dataset.geneNames[static_cast<size_t>(j)]);
        const LinearBaselineResult p = fitLinearBaseline(X.selectCols(perm), labels.y, labels.classes, names);
        double worst = 0;
        for (int64_t j = 0; j < X.cols; ++j)
            worst = std::max(worst, std::abs(p.importance[static_cast<size_t>(j)] -
                                             r.importance[static_cast<size_t>(perm[static_cast<size_t>(j)])]));
        QVERIFY2(worst < 1e-6, qPrintable(QString::number(worst)));
    }

    // A class with no cell is left out of the fit, as sklearn's classes_ = unique(y).
    void emptyClassIsNotFitted() {
        const CsrMatrix X = denseToCsr({{0, 1}, {1, 0}, {0, 2}, {2, 0}});
        const LinearBaselineResult r = fitLinearBaseline(X, {0, 2, 0, 2}, {"a", "b", "c"}, geneNames(2));
        QCOMPARE(r.classes, (std::vector<std::string>{"a", "c"}));
        QCOMPARE(r.classLabels, (std::vector<int64_t>{0, 2}));
        QCOMPARE(r.coefficients.rows(), Eigen::Index(2));
        QCOMPARE(r.trainAccuracy, 1.0);
    }

    void refusesBadInput() {
        const CsrMatrix X = denseToCsr({{0, 1}, {1, 0}});
        QVERIFY_THROWS_EXCEPTION(InputError, fitLinearBaseline(X, {0}, {"a", "b"}, geneNames(2)));
        QVERIFY_THROWS_EXCEPTION(InputError, fitLinearBaseline(X, {0, -1}, {"a", "b"}, geneNames(2)));
        QVERIFY_THROWS_EXCEPTION(InputError, fitLinearBaseline(X, {0, 0}, {"a", "b"}, geneNames(2)));
        QVERIFY_THROWS_EXCEPTION(InputError, fitLinearBaseline(X, {0, 1}, {"a", "b"}, geneNames(3)));
        QVERIFY_THROWS_EXCEPTION(ConfigError, fitLinearBaseline(X, {0, 1}, {"a", "b"}, geneNames(2), {0.0}));
    }
};

QTEST_GUILESS_MAIN(TestLinearBaseline)
#include "test_linear_baseline.moc"
