#include "data/label_columns.h"

#include "common/error.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace dm {

std::string tooManyClasses(int64_t classes, int64_t cells) {
    const double perClass = classes > 0 ? static_cast<double>(cells) / static_cast<double>(classes) : 0.0;
    if (classes <= kMaxLabelClasses && (classes <= kFewCellsClassFloor || perClass >= kMinCellsPerClass)) return {};
    char line[160];
    std::snprintf(line, sizeof line, "%lld classes for %lld cells (%.1f cells per class)",
                  static_cast<long long>(classes), static_cast<long long>(cells), perClass);
    return line;
}

bool looksNumeric(const std::vector<std::string>& categories) {
    if (categories.empty()) return false;
    for (const std::string& c : categories) {
        if (c.empty()) return false;
        char* end = nullptr;
        std::strtod(c.c_str(), &end);
        if (end != c.c_str() + c.size()) return false;
    }
    return true;
}

std::vector<std::string> labelColumnSuggestions(const Dataset& ds, const std::string& except) {
    std::vector<std::pair<int64_t, std::string>> ok;
    for (const Column& c : ds.obs.columns()) {
        if (c.kind != Column::Kind::Categorical || c.name == except) continue;
        const std::vector<int64_t> counts = c.categoryCounts();
        int64_t classes = 0, cells = 0;
        for (int64_t n : counts) {
            classes += n > 0 ? 1 : 0;
            cells += n;
        }
        if (classes >= 2 && tooManyClasses(classes, cells).empty()) ok.emplace_back(classes, c.name);
    }
    std::stable_sort(ok.begin(), ok.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> out;
    for (const auto& [classes, name] : ok) out.push_back(name + " (" + std::to_string(classes) + " classes)");
    return out;
}

void checkClassCount(const Dataset& ds, const Labels& labels) {
    const std::vector<int64_t> counts = labels.counts();
    int64_t classes = 0, cells = 0;
    for (int64_t n : counts) {
        classes += n > 0 ? 1 : 0;
        cells += n;
    }
    const std::string why = tooManyClasses(classes, cells);
    if (why.empty()) return;
    const std::vector<std::string> others = labelColumnSuggestions(ds, labels.column);
    std::string hint;
    for (size_t i = 0; i < others.size() && i < 8; ++i) hint += (i ? ", " : "") + others[i];
    throw InputError("label column '" + labels.column + "' has " + why +
                     ": too many classes to learn or to rank genes for (at most " + std::to_string(kMaxLabelClasses) +
                     " classes, and at least " + std::to_string(static_cast<int>(kMinCellsPerClass)) +
                     " cells per class on average above " + std::to_string(kFewCellsClassFloor) + " classes). " +
                     (hint.empty() ? "No categorical obs column has fewer classes; group the cells into fewer "
                                     "classes first."
                                   : "Choose a categorical column with fewer classes: " + hint + "."));
}

}  // namespace dm
