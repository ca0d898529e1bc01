#include "analysis/class_means.h"

#include "common/error.h"

#include <algorithm>
#include <cmath>

namespace dm {

ClassMeans classMeans(const CsrMatrix& X, const std::vector<int64_t>& y, const std::vector<std::string>& classes) {
    if (static_cast<int64_t>(y.size()) != X.rows)
        throw InputError("class means: " + std::to_string(y.size()) + " labels for a matrix of " +
                         std::to_string(X.rows) + " cells; give one label per cell");
    const size_t k = classes.size();
    ClassMeans out;
    out.classes = classes;
    out.cells.assign(k, 0);
    // Sums in double: a class can hold 10^5 cells of small normalised values.
    std::vector<std::vector<double>> sums(k, std::vector<double>(static_cast<size_t>(X.cols), 0.0));
    std::vector<std::vector<int64_t>> expressing(k, std::vector<int64_t>(static_cast<size_t>(X.cols), 0));
    for (int64_t r = 0; r < X.rows; ++r) {
        const int64_t c = y[static_cast<size_t>(r)];
        if (c < 0) continue;
        if (c >= static_cast<int64_t>(k))
            throw InputError("class means: cell " + std::to_string(r) + " has label " + std::to_string(c) +
                             " but there are only " + std::to_string(k) + " classes");
        ++out.cells[static_cast<size_t>(c)];
        std::vector<double>& row = sums[static_cast<size_t>(c)];
        std::vector<int64_t>& on = expressing[static_cast<size_t>(c)];
        for (int64_t i = X.rowBegin(r); i < X.rowEnd(r); ++i) {
            const auto g = static_cast<size_t>(X.indices[static_cast<size_t>(i)]);
            const float v = X.values[static_cast<size_t>(i)];
            row[g] += v;
            on[g] += v > 0 ? 1 : 0;
        }
    }
    std::vector<double> all(static_cast<size_t>(X.cols), 0.0);
    int64_t labelled = 0;
    for (size_t c = 0; c < k; ++c) {
        labelled += out.cells[c];
        for (size_t g = 0; g < all.size(); ++g) all[g] += sums[c][g];
    }
    out.overall.resize(all.size());
    std::transform(all.begin(), all.end(), out.overall.begin(), [labelled](double s) {
        return static_cast<float>(s / static_cast<double>(std::max<int64_t>(labelled, 1)));
    });
    out.mean.resize(k);
    out.fraction.resize(k);
    for (size_t c = 0; c < k; ++c) {
        const double n = static_cast<double>(std::max<int64_t>(out.cells[c], 1));
        out.mean[c].resize(sums[c].size());
        std::transform(sums[c].begin(), sums[c].end(), out.mean[c].begin(),
                       [n](double s) { return static_cast<float>(s / n); });
        out.fraction[c].resize(expressing[c].size());
        std::transform(expressing[c].begin(), expressing[c].end(), out.fraction[c].begin(),
                       [n](int64_t e) { return static_cast<float>(static_cast<double>(e) / n); });
    }
    return out;
}

float ClassMeans::minimum() const {
    bool any = false;
    float lo = 0;
    for (const auto& m : mean)
        for (float v : m) lo = any ? std::min(lo, v) : v, any = true;
    return lo;
}

float ClassMeans::maximum() const {
    bool any = false;
    float hi = 0;
    for (const auto& m : mean)
        for (float v : m) hi = any ? std::max(hi, v) : v, any = true;
    return hi;
}

float ClassMeans::maxAbsContrast() const {
    float most = 0;
    for (size_t c = 0; c < mean.size(); ++c)
        for (size_t g = 0; g < overall.size() && g < mean[c].size(); ++g) most = std::max(most, std::abs(contrast(c, g)));
    return most;
}

}  // namespace dm
