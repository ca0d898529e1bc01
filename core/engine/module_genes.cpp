#include "engine/module_genes.h"

#include "common/error.h"

#include <unordered_map>

namespace dm {

namespace {

std::string className(const Findings& f, int cls) {
    if (cls < 0 || static_cast<size_t>(cls) >= f.classNames.size())
        throw InputError("class " + std::to_string(cls) + " is not one of the run's " +
                         std::to_string(f.classNames.size()) + " classes; choose a class of this run");
    return f.classNames[static_cast<size_t>(cls)];
}

ModuleGeneSet pooled(const Findings& f, size_t k) {
    ModuleGeneSet set;
    for (const RankedFeature& g : f.ranking(k)) set.genes.push_back(g.name);
    set.description = "top " + std::to_string(set.genes.size()) + " DeepMapper genes (pooled)";
    return set;
}

ModuleGeneSet ofClass(const Findings& f, int cls, size_t k) {
    const std::string name = className(f, cls);
    if (!f.hasClassFindings() || f.byClass[static_cast<size_t>(cls)].passes == 0)
        throw InputError("the run has no ranking of class '" + name + "' on its own; run again (per-class attribution "
                         "is on by default) or use the pooled ranking");
    ModuleGeneSet set;
    for (const RankedFeature& g : f.classRanking(static_cast<size_t>(cls))) {
        if (set.genes.size() >= k) break;
        if (g.direction >= 0) set.genes.push_back(g.name);  // lower in the class: left out
    }
    set.description = "top " + std::to_string(set.genes.size()) + " DeepMapper genes of " + name + " (higher in the class)";
    return set;
}

ModuleGeneSet ofMarkers(const Findings& f, const StandardMethods* m, int cls, size_t k) {
    const std::string name = className(f, cls);
    if (!m || static_cast<size_t>(cls) >= m->wilcoxonOrders.size() || m->wilcoxonOrders[static_cast<size_t>(cls)].empty())
        throw InputError("no markers table for class '" + name + "' yet; open the Markers tab (it computes the "
                         "Wilcoxon test) or use a DeepMapper ranking");
    if (m->rowOfGene[static_cast<size_t>(cls)].size() != f.featureNames.size())
        throw InputError("the markers table was computed on other genes than the run ranked; reopen the dataset the "
                         "run was made from");
    ModuleGeneSet set;
    for (int64_t gene : m->wilcoxonOrders[static_cast<size_t>(cls)]) {
        if (set.genes.size() >= k) break;
        const GeneDe* row = m->wilcoxonRow(static_cast<size_t>(cls), gene);
        if (row && row->avgLog2FC > 0 && static_cast<size_t>(gene) < f.featureNames.size())
            set.genes.push_back(f.featureNames[static_cast<size_t>(gene)]);
    }
    set.description = "top " + std::to_string(set.genes.size()) + " markers of " + name + " (Wilcoxon, up in the class)";
    return set;
}

}  // namespace

ModuleGeneSet moduleGenes(const Findings& findings, const StandardMethods* markers, ModuleSource source, int cls,
                          size_t k) {
    if (k == 0) throw InputError("a module needs at least one gene; choose K of 1 or more");
    ModuleGeneSet set;
    switch (source) {
        case ModuleSource::DeepMapperPooled: set = pooled(findings, k); break;
        case ModuleSource::DeepMapperClass: set = ofClass(findings, cls, k); break;
        case ModuleSource::Markers: set = ofMarkers(findings, markers, cls, k); break;
    }
    if (set.genes.empty()) throw InputError("the gene set is empty (" + set.description + "); choose another source");
    return set;
}

std::vector<int64_t> geneRows(const std::vector<std::string>& genes, const std::vector<std::string>& datasetGenes) {
    std::unordered_map<std::string, int64_t> index;
    for (size_t i = 0; i < datasetGenes.size(); ++i) index.emplace(datasetGenes[i], static_cast<int64_t>(i));
    std::vector<int64_t> rows;
    for (const auto& g : genes)
        if (const auto it = index.find(g); it != index.end()) rows.push_back(it->second);
    return rows;
}

}  // namespace dm
