#include "report/linear_outputs.h"

#include "common/atomic_file.h"
#include "report/output_folder.h"
#include "report/ranking_table.h"

namespace dm {

namespace {

void writeCoefficients(const LinearBaselineResult& fit, const std::string& path) {
    writeFileAtomically(path, [&](std::ostream& os) {
        os << "rank,gene,importance";
        for (const auto& c : fit.classes) os << "," << delimitedField("coef_" + c, ',');
        os << "\n";
        for (size_t r = 0; r < fit.order.size(); ++r) {
            const auto j = static_cast<Eigen::Index>(fit.order[r]);
            os << r + 1 << "," << delimitedField(fit.featureNames[static_cast<size_t>(j)], ',') << ","
               << formatNumber(fit.importance[static_cast<size_t>(j)]);
            for (Eigen::Index k = 0; k < fit.coefficients.rows(); ++k) os << "," << formatNumber(fit.coefficients(k, j));
            os << "\n";
        }
    });
}

}  // namespace

nlohmann::json linearModelJson(const LinearBaselineResult& fit, const LinearBaselineOptions& o) {
    return {{"format", "deepmapper-linear-baseline"},
            {"model", "StandardScaler (population sd; constant genes scale 1) + multinomial logistic regression, "
                      "L2 penalty, intercept unpenalized"},
            {"objective", "C * sum_i cross_entropy(softmax(W z_i + b), y_i) + 0.5 * ||W||^2"},
            {"importance", "max over classes of |coefficient| on standardized genes"},
            {"C", o.C},
            {"classes", fit.classes},
            {"intercepts", std::vector<double>(fit.intercepts.data(), fit.intercepts.data() + fit.intercepts.size())},
            {"train_accuracy", fit.trainAccuracy},
            {"lbfgs_iterations", fit.iterations},
            {"newton_iterations", fit.newtonIterations},
            {"objective_per_cell", fit.objective},
            {"max_gradient", fit.maxGradient},
            {"converged", fit.converged}};
}

std::vector<std::string> writeLinearOutputs(const LinearBaselineResult& fit, const LinearBaselineOptions& options,
                                            const std::string& dir) {
    const std::string model = outputPath(dir, "linear_model.json");
    const nlohmann::json info = linearModelJson(fit, options);
    writeFileAtomically(model, [&](std::ostream& os) { os << info.dump(2) << "\n"; });
    const std::string coefficients = outputPath(dir, "coefficients.csv");
    writeCoefficients(fit, coefficients);
    return {model, coefficients};
}

}  // namespace dm
