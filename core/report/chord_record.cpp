#include "report/chord_record.h"

#include "common/atomic_file.h"

#include <ostream>

namespace dm {

namespace {

nlohmann::json spread(const SpreadSummary& s) { return {{"mean", s.mean}, {"sd", s.sd}}; }

std::vector<std::string> names(const std::vector<int64_t>& genes, const std::vector<std::string>& geneNames) {
    std::vector<std::string> out;
    for (int64_t g : genes) out.push_back(geneNames[static_cast<size_t>(g)]);
    return out;
}

}  // namespace

nlohmann::json chordJson(const ChordResult& r, const std::vector<std::string>& geneNames) {
    nlohmann::json methods = nlohmann::json::array();
    for (const ChordMethodResult& m : r.methods) {
        nlohmann::json splits = nlohmann::json::array();
        for (size_t s = 0; s < m.setAuc.size(); ++s)
            splits.push_back({{"seed", r.seeds[s]},
                              {"set_auc", m.setAuc[s]},
                              {"best_gene", geneNames[static_cast<size_t>(m.bestGene[s])]},
                              {"best_gene_auc", m.bestGeneAuc[s]},
                              {"gain", m.setAuc[s] - m.bestGeneAuc[s]},
                              {"genes", names(m.genes[s], geneNames)}});
        methods.push_back({{"method", m.method},
                           {"set_auc", spread(m.set)},
                           {"best_gene_auc", spread(m.single)},
                           {"gain", spread(m.gain)},
                           {"splits", splits}});
    }
    nlohmann::json overall = nlohmann::json::array();
    for (size_t s = 0; s < r.overallBestGene.size(); ++s)
        overall.push_back({{"seed", r.seeds[s]},
                           {"gene", geneNames[static_cast<size_t>(r.overallBestGene[s])]},
                           {"auc", r.overallBestGeneAuc[s]}});
    return {{"format", "deepmapper-chord-test"},
            {"positive", r.positive},
            {"negative", r.negative},
            {"positive_cells", r.positiveCells},
            {"negative_cells", r.negativeCells},
            {"k", r.k},
            {"splits", r.seeds.size()},
            {"test_fraction", r.options.testFraction},
            {"C", r.options.C},
            {"seeds", r.seeds},
            {"train_cells", r.trainCells},
            {"test_cells", r.testCells},
            {"selection", "every method chooses its genes on the training cells of a split only; AUCs are on "
                          "that split's test cells"},
            {"methods", methods},
            {"best_single_gene_overall", {{"auc", spread(r.overallBest)}, {"splits", overall}}}};
}

void writeChordJson(const ChordResult& r, const std::vector<std::string>& geneNames, const nlohmann::json& extra,
                    const std::string& path) {
    nlohmann::json j = chordJson(r, geneNames);
    for (auto it = extra.begin(); it != extra.end(); ++it) j[it.key()] = it.value();
    writeFileAtomically(path, [&](std::ostream& os) { os << j.dump(2) << "\n"; });
}

}  // namespace dm
