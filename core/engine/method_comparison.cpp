#include "engine/method_comparison.h"

#include "analysis/linear_baseline.h"
#include "common/error.h"

#include <algorithm>

namespace dm {

std::vector<std::vector<int64_t>> linearClassOrders(const LinearBaselineResult& fit, size_t classes, int64_t k) {
    std::vector<std::vector<int64_t>> out(classes);
    for (size_t row = 0; row < fit.classLabels.size(); ++row) {
        const auto label = static_cast<size_t>(fit.classLabels[row]);
        if (label >= classes) continue;
        // A row of the column-major matrix is strided: copy it element by element.
        std::vector<double> coefficients(static_cast<size_t>(fit.coefficients.cols()));
        for (size_t g = 0; g < coefficients.size(); ++g)
            coefficients[g] = fit.coefficients(static_cast<Eigen::Index>(row), static_cast<Eigen::Index>(g));
        out[label] = topByMagnitude(coefficients, k);
    }
    return out;
}

std::vector<TopSetOverlap> classTopSetOverlaps(const Findings& findings, int64_t k,
                                               const std::vector<std::vector<int64_t>>& wilcoxonOrders,
                                               const std::vector<std::vector<int64_t>>& linearOrders) {
    std::vector<TopSetOverlap> out;
    for (size_t c = 0; c < findings.byClass.size(); ++c) {
        if (findings.byClass[c].passes == 0) continue;  // never attributed: no ranking to compare
        std::vector<int64_t> deepmapper;
        for (const RankedFeature& g : findings.classRanking(c, static_cast<size_t>(k))) deepmapper.push_back(g.feature);
        const std::string name = c < findings.classNames.size() ? findings.classNames[c] : std::to_string(c);
        std::vector<int64_t> wilcoxon = c < wilcoxonOrders.size() ? wilcoxonOrders[c] : std::vector<int64_t>{};
        std::vector<int64_t> linear = c < linearOrders.size() ? linearOrders[c] : std::vector<int64_t>{};
        out.push_back(compareTopSets(name, k, std::move(deepmapper), std::move(wilcoxon), std::move(linear)));
    }
    return out;
}

const GeneDe* StandardMethods::wilcoxonRow(size_t cls, int64_t gene) const {
    if (cls >= comparisonOfClass.size() || comparisonOfClass[cls] < 0 || gene < 0) return nullptr;
    const auto& rows = rowOfGene[cls];
    if (static_cast<size_t>(gene) >= rows.size()) return nullptr;
    return &wilcoxon.comparisons[static_cast<size_t>(comparisonOfClass[cls])].genes[rows[static_cast<size_t>(gene)]];
}

StandardMethods runStandardMethods(const CsrMatrix& X, const std::vector<int64_t>& y,
                                   const std::vector<std::string>& classes,
                                   const std::vector<std::string>& featureNames, int threads,
                                   const std::function<void(const std::string&)>& log) {
    StandardMethods out;
    out.wilcoxonOrders.resize(classes.size());
    out.rowOfGene.resize(classes.size());
    out.comparisonOfClass.assign(classes.size(), -1);
    auto leftOut = [&](const std::string& what, const std::exception& e) {
        out.notes.push_back("the " + what + " was left out: " + e.what());
        if (log) log(out.notes.back());
    };
    try {
        DeOptions options;
        options.threads = threads;
        out.wilcoxon = findAllMarkers(X, y, classes, featureNames, options);
        for (size_t i = 0; i < out.wilcoxon.comparisons.size(); ++i) {
            const DeComparison& cmp = out.wilcoxon.comparisons[i];
            const auto it = std::find(classes.begin(), classes.end(), cmp.group);
            if (it == classes.end()) continue;
            const auto c = static_cast<size_t>(it - classes.begin());
            out.comparisonOfClass[c] = static_cast<int>(i);
            out.rowOfGene[c].assign(static_cast<size_t>(X.cols), 0);
            for (size_t r = 0; r < cmp.genes.size(); ++r) {
                out.wilcoxonOrders[c].push_back(cmp.genes[r].gene);
                out.rowOfGene[c][static_cast<size_t>(cmp.genes[r].gene)] = r;
            }
        }
    } catch (const Error& e) {
        leftOut("Wilcoxon test", e);
    }
    try {
        const LinearBaselineResult fit = fitLinearBaseline(X, y, classes, featureNames);
        out.linearOrders = linearClassOrders(fit, classes.size(), X.cols);
    } catch (const Error& e) {
        leftOut("linear baseline", e);
    }
    return out;
}

std::vector<TopSetOverlap> compareWithStandardMethods(const Findings& findings, const CsrMatrix& X,
                                                      const std::vector<int64_t>& y,
                                                      const std::vector<std::string>& classes, int64_t k,
                                                      const std::function<void(const std::string&)>& log) {
    if (!findings.hasClassFindings()) return {};
    const StandardMethods methods =
        runStandardMethods(X, y, classes, findings.featureNames, 0,
                           [&](const std::string& note) { if (log) log("overlap.csv: " + note); });
    return classTopSetOverlaps(findings, k, methods.wilcoxonOrders, methods.linearOrders);
}

MarkerPanel classMarkerPanel(const Findings& findings, size_t perClass) {
    MarkerPanel panel;
    for (size_t c = 0; c < findings.byClass.size(); ++c) {
        if (findings.byClass[c].passes == 0) continue;
        size_t taken = 0;
        // Walk further down the ranking when a top gene is already in the panel, so every
        // class contributes `perClass` genes of its own where it has them.
        for (const RankedFeature& g : findings.classRanking(c)) {
            if (taken == perClass) break;
            if (std::find(panel.genes.begin(), panel.genes.end(), g.feature) != panel.genes.end()) continue;
            panel.genes.push_back(g.feature);
            panel.owner.push_back(c);
            ++taken;
        }
    }
    return panel;
}

}  // namespace dm
