// makeNamesUnique: anndata's var_names_make_unique (anndata.utils.make_index_unique),
// so gene names match what scanpy users see for the same file.
#include "data/readers.h"

#include <unordered_map>
#include <unordered_set>

namespace dm {

void makeNamesUnique(std::vector<std::string>& names) {
    std::unordered_set<std::string> taken(names.begin(), names.end());
    if (taken.size() == names.size()) return;
    std::unordered_set<std::string> seen;
    std::unordered_map<std::string, int64_t> counter;
    // Only repeats after the first occurrence are renamed, in file order; each tries
    // NAME-1, NAME-2, ... (its own counter) until the name is not taken by anything.
    for (auto& name : names) {
        if (seen.insert(name).second) continue;
        const std::string base = name;
        while (true) {
            const std::string candidate = base + "-" + std::to_string(++counter[base]);
            if (taken.insert(candidate).second) {
                name = candidate;
                break;
            }
        }
    }
}

}  // namespace dm
