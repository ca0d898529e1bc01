#include "analysis/marker_heatmap.h"

#include "common/error.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>

namespace dm {

namespace {

void checkInput(const CsrMatrix& X, const std::vector<int64_t>& y, size_t classes, const std::vector<int64_t>& genes) {
    if (static_cast<int64_t>(y.size()) != X.rows)
        throw InputError("marker heatmap: " + std::to_string(y.size()) + " labels for " + std::to_string(X.rows) +
                         " cells; give one label per cell");
    for (int64_t c : y)
        if (c >= static_cast<int64_t>(classes))
            throw InputError("marker heatmap: label " + std::to_string(c) + " but only " + std::to_string(classes) +
                             " classes");
    for (int64_t g : genes)
        if (g < 0 || g >= X.cols)
            throw InputError("marker heatmap: gene " + std::to_string(g) + " is outside the matrix (" +
                             std::to_string(X.cols) + " genes)");
}

// Evenly spaced picks of at most m out of `rows` (all of them when m >= size).
std::vector<int64_t> evenSample(const std::vector<int64_t>& rows, int64_t m) {
    const auto n = static_cast<int64_t>(rows.size());
    if (m <= 0 || n <= m) return rows;
    std::vector<int64_t> out;
    for (int64_t i = 0; i < m; ++i) out.push_back(rows[static_cast<size_t>(i * n / m)]);
    return out;
}

}  // namespace

MarkerHeatmap markerHeatmap(const CsrMatrix& X, const std::vector<int64_t>& y, size_t classes,
                            const std::vector<int64_t>& genes, int64_t maxCellsPerClass, float clip) {
    checkInput(X, y, classes, genes);
    MarkerHeatmap h;
    h.genes = genes;
    h.clip = clip;
    std::unordered_map<int64_t, size_t> slot;  // matrix column -> position in `genes` (first one)
    for (size_t i = 0; i < genes.size(); ++i) slot.emplace(genes[i], i);

    // Mean and standard deviation of each gene over the labelled cells (zeros included).
    std::vector<double> sum(genes.size(), 0.0), sumSq(genes.size(), 0.0);
    std::vector<std::vector<int64_t>> byClass(classes);
    int64_t labelled = 0;
    for (int64_t r = 0; r < X.rows; ++r) {
        const int64_t c = y[static_cast<size_t>(r)];
        if (c < 0) continue;
        ++labelled;
        byClass[static_cast<size_t>(c)].push_back(r);
        for (int64_t i = X.rowBegin(r); i < X.rowEnd(r); ++i) {
            auto it = slot.find(X.indices[static_cast<size_t>(i)]);
            if (it == slot.end()) continue;
            const double v = X.values[static_cast<size_t>(i)];
            sum[it->second] += v;
            sumSq[it->second] += v * v;
        }
    }
    std::vector<double> mean(genes.size(), 0.0), sd(genes.size(), 0.0);
    for (size_t g = 0; g < genes.size(); ++g) {
        if (labelled == 0) break;
        mean[g] = sum[g] / static_cast<double>(labelled);
        const double var = labelled > 1 ? (sumSq[g] - static_cast<double>(labelled) * mean[g] * mean[g]) /
                                               static_cast<double>(labelled - 1)
                                         : 0.0;
        sd[g] = std::sqrt(std::max(var, 0.0));
    }

    h.classStart.push_back(0);
    for (const auto& rows : byClass) {
        for (int64_t r : evenSample(rows, maxCellsPerClass)) h.cells.push_back(r);
        h.classStart.push_back(static_cast<int64_t>(h.cells.size()));
    }
    h.z.assign(genes.size(), std::vector<float>(h.cells.size(), 0.0f));
    std::vector<double> value(genes.size());
    for (size_t col = 0; col < h.cells.size(); ++col) {
        std::fill(value.begin(), value.end(), 0.0);
        const int64_t r = h.cells[col];
        for (int64_t i = X.rowBegin(r); i < X.rowEnd(r); ++i) {
            auto it = slot.find(X.indices[static_cast<size_t>(i)]);
            if (it != slot.end()) value[it->second] = X.values[static_cast<size_t>(i)];
        }
        for (size_t g = 0; g < genes.size(); ++g) {
            // A repeated gene shares its first slot's values.
            const size_t s = slot.at(genes[g]);
            const double z = sd[s] > 0 ? (value[s] - mean[s]) / sd[s] : 0.0;
            h.z[g][col] = static_cast<float>(std::clamp(z, -static_cast<double>(clip), static_cast<double>(clip)));
        }
    }
    return h;
}

}  // namespace dm
