#pragma once
// chord.json: the held-out chord test as a record a script or the GUI reads back:
// the sides and their cell counts, the settings (K, splits, test fraction, seeds), per
// method the genes each split chose and the held-out AUCs (set, the set's best gene, the
// gain), their mean and sd, and the best single gene of all genes.
#include "analysis/chord_test.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace dm {

nlohmann::json chordJson(const ChordResult& result, const std::vector<std::string>& geneNames);
void writeChordJson(const ChordResult& result, const std::vector<std::string>& geneNames,
                    const nlohmann::json& extra, const std::string& path);  // atomic; extra merged at top level

}  // namespace dm
