#include "analysis/cell_expression.h"

#include "common/error.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace dm {

CellExpression::CellExpression(const CsrMatrix& X, bool normalize) : X_(X), normalize_(normalize) {
    if (!normalize_) return;
    scale_ = X.rowSums();
    for (double& s : scale_) s = s > 0 ? 1e4 / s : 0.0;
}

float CellExpression::value(int64_t row, float stored) const {
    if (!normalize_) return stored;
    return static_cast<float>(std::log1p(stored * scale_[static_cast<size_t>(row)]));
}

std::vector<float> CellExpression::gene(int64_t g) const {
    if (g < 0 || g >= X_.cols)
        throw InputError("gene index " + std::to_string(g) + " is outside the matrix's " + std::to_string(X_.cols) +
                         " genes");
    const auto col = static_cast<int32_t>(g);
    std::vector<float> out(static_cast<size_t>(X_.rows), 0.0f);
    for (int64_t r = 0; r < X_.rows; ++r) {
        const auto first = X_.indices.begin() + X_.rowBegin(r), last = X_.indices.begin() + X_.rowEnd(r);
        const auto it = std::lower_bound(first, last, col);
        if (it != last && *it == col) out[static_cast<size_t>(r)] = value(r, X_.values[static_cast<size_t>(it - X_.indices.begin())]);
    }
    return out;
}

std::vector<float> CellExpression::moduleScore(const std::vector<int64_t>& genes) const {
    if (genes.empty()) throw InputError("a module score needs at least one gene; choose K >= 1");
    std::vector<char> inSet(static_cast<size_t>(X_.cols), 0);
    for (int64_t g : genes) {
        if (g < 0 || g >= X_.cols) throw InputError("module gene index " + std::to_string(g) + " is out of range");
        inSet[static_cast<size_t>(g)] = 1;
    }
    const double n = static_cast<double>(std::count(inSet.begin(), inSet.end(), 1));
    std::vector<float> out(static_cast<size_t>(X_.rows), 0.0f);
    for (int64_t r = 0; r < X_.rows; ++r) {
        double sum = 0;
        for (int64_t k = X_.rowBegin(r); k < X_.rowEnd(r); ++k)
            if (inSet[static_cast<size_t>(X_.indices[static_cast<size_t>(k)])]) sum += value(r, X_.values[static_cast<size_t>(k)]);
        out[static_cast<size_t>(r)] = static_cast<float>(sum / n);
    }
    return out;
}

int64_t findGene(const std::vector<std::string>& names, const std::vector<std::string>& ids, const std::string& query) {
    for (const auto* list : {&names, &ids})
        for (size_t i = 0; i < list->size(); ++i)
            if ((*list)[i] == query) return static_cast<int64_t>(i);
    auto lower = [](std::string s) {
        std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
        return s;
    };
    const std::string q = lower(query);
    for (const auto* list : {&names, &ids})
        for (size_t i = 0; i < list->size(); ++i)
            if (lower((*list)[i]) == q) return static_cast<int64_t>(i);
    return -1;
}

}  // namespace dm
