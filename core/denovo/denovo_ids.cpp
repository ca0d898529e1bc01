#include "denovo/denovo_ids.h"

#include "common/error.h"

#include <unordered_set>

namespace dm {

bool isDenovo(const std::string& id) {
    return id.rfind(kDenovoPrefix, 0) == 0;
}

std::string tagDenovo(const std::string& id) {
    return isDenovo(id) ? id : kDenovoPrefix + id;
}

std::vector<std::string> mergeReferenceAndDenovo(const std::vector<std::string>& referenceIds,
                                                 const std::vector<std::string>& denovoIds) {
    std::vector<std::string> merged;
    merged.reserve(referenceIds.size() + denovoIds.size());
    std::unordered_set<std::string> seen;
    for (const std::string& id : referenceIds) {
        if (isDenovo(id))
            throw InputError("reference transcript id '" + id + "' starts with " + kDenovoPrefix +
                             ", the prefix reserved for de-novo transcripts; rename it in the reference cDNA");
        if (!seen.insert(id).second)
            throw InputError("reference transcript id '" + id + "' appears twice; reference ids must be unique");
        merged.push_back(id);
    }
    for (const std::string& raw : denovoIds) {
        std::string id = tagDenovo(raw);
        if (!seen.insert(id).second)
            throw InputError("de-novo transcript id '" + id + "' collides with another id in the hybrid reference");
        merged.push_back(std::move(id));
    }
    return merged;
}

double denovoFraction(const std::vector<std::string>& ids) {
    if (ids.empty()) return 0.0;
    size_t n = 0;
    for (const std::string& id : ids) n += isDenovo(id) ? 1 : 0;
    return static_cast<double>(n) / static_cast<double>(ids.size());
}

}  // namespace dm
