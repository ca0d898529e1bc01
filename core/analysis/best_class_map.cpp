#include "analysis/best_class_map.h"

#include "common/error.h"

#include <algorithm>
#include <string>

namespace dm {

std::vector<float> bestClassMap(const std::vector<std::vector<float>>& classMaps) {
    std::vector<float> best;
    for (const auto& map : classMaps) {
        if (map.empty()) continue;
        if (best.empty()) best.assign(map.size(), 0.0f);
        if (map.size() != best.size())
            throw InputError("class attribution maps differ in length (" + std::to_string(map.size()) + " and " +
                             std::to_string(best.size()) + " features); every class must be attributed over the same "
                             "features");
        for (size_t g = 0; g < map.size(); ++g) best[g] = std::max(best[g], map[g]);
    }
    return best;
}

}  // namespace dm
