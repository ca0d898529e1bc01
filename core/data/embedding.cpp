#include "data/embedding.h"

#include <algorithm>
#include <cctype>

namespace dm {

namespace {

// X_umap -> UMAP, X_draw_graph_fa -> DRAW_GRAPH_FA, PCA -> PC, "VAE latent" -> z.
std::string axisStem(const std::string& name) {
    std::string s = name;
    if (s.rfind("X_", 0) == 0) s = s.substr(2);
    std::string upper = s;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
    if (upper == "PCA") return "PC";
    if (upper.find("LATENT") != std::string::npos) return "z";
    return upper.empty() ? std::string("dim") : upper;
}

}  // namespace

std::string Embedding::componentLabel(int64_t col) const {
    if (col >= 0 && col < static_cast<int64_t>(componentNames.size()) && !componentNames[static_cast<size_t>(col)].empty())
        return componentNames[static_cast<size_t>(col)];
    return axisStem(name) + std::to_string(col + 1);
}

std::vector<float> Embedding::component(int64_t col) const {
    std::vector<float> out(static_cast<size_t>(rows));
    for (int64_t r = 0; r < rows; ++r) out[static_cast<size_t>(r)] = at(r, col);
    return out;
}

Embedding Embedding::selectRows(const std::vector<int64_t>& rowIds) const {
    Embedding out;
    out.name = name;
    out.origin = origin;
    out.cols = cols;
    out.componentNames = componentNames;
    out.rows = static_cast<int64_t>(rowIds.size());
    out.values.reserve(rowIds.size() * static_cast<size_t>(cols));
    for (int64_t r : rowIds)
        out.values.insert(out.values.end(), values.begin() + r * cols, values.begin() + (r + 1) * cols);
    return out;
}

const Embedding* findEmbedding(const std::vector<Embedding>& list, const std::string& name) {
    for (const auto& e : list)
        if (e.name == name) return &e;
    return nullptr;
}

}  // namespace dm
