// loadPopulations: FACS-sorted populations, one matrix per label, joined into one
// labelled dataset. The gene order of the first source is kept; only genes present in
// every source survive (inner join), so no population is separable by a gene the others
// simply lack.
#include "common/error.h"
#include "data/preprocess.h"
#include "data/readers.h"

#include <algorithm>
#include <unordered_map>

namespace dm {

namespace {

// For each source, the column of each joined gene, in the first source's order.
std::vector<std::vector<int64_t>> joinGenes(const std::vector<Dataset>& parts, bool byId) {
    auto keys = [&](const Dataset& d) -> const std::vector<std::string>& { return byId ? d.geneIds : d.geneNames; };
    std::vector<std::unordered_map<std::string, int64_t>> index(parts.size());
    for (size_t s = 1; s < parts.size(); ++s)
        for (size_t j = 0; j < keys(parts[s]).size(); ++j) index[s].emplace(keys(parts[s])[j], static_cast<int64_t>(j));
    std::vector<std::vector<int64_t>> cols(parts.size());
    const auto& first = keys(parts[0]);
    for (size_t j = 0; j < first.size(); ++j) {
        std::vector<int64_t> hit{static_cast<int64_t>(j)};
        for (size_t s = 1; s < parts.size(); ++s) {
            const auto it = index[s].find(first[j]);
            if (it == index[s].end()) break;
            hit.push_back(it->second);
        }
        if (hit.size() != parts.size()) continue;
        for (size_t s = 0; s < parts.size(); ++s) cols[s].push_back(hit[s]);
    }
    return cols;
}

}  // namespace

Dataset loadPopulations(const std::vector<PopulationSource>& sources, const LoadOptions& options,
                        int64_t maxPerClass, uint64_t seed, const std::string& labelColumn) {
    if (sources.empty()) throw InputError("no populations given: add one input and label per sorted population");
    if (labelColumn.empty()) throw ConfigError("the label column for the populations needs a name");

    // Labels in the order given; a label given twice merges its sources into one class.
    std::vector<std::string> classes;
    std::vector<int32_t> sourceClass;
    for (const auto& s : sources) {
        if (s.label.empty()) throw InputError("population '" + s.path + "' has no label; give each input a label");
        auto it = std::find(classes.begin(), classes.end(), s.label);
        if (it == classes.end()) it = classes.insert(classes.end(), s.label);
        sourceClass.push_back(static_cast<int32_t>(it - classes.begin()));
    }

    std::vector<Dataset> parts;
    parts.reserve(sources.size());
    for (const auto& s : sources) parts.push_back(loadDataset(s.path, options));

    bool byId = true;
    for (const auto& d : parts) byId = byId && !d.geneIds.empty();
    const std::vector<std::vector<int64_t>> cols = joinGenes(parts, byId);
    if (cols[0].empty())
        throw InputError("the populations share no genes (matched by " + std::string(byId ? "gene id" : "gene name") +
                         "); they must come from the same reference annotation");

    // Every cell's label, then the seeded per-class cap over the merged classes.
    Labels labels;
    labels.column = labelColumn;
    labels.classes = classes;
    for (size_t s = 0; s < parts.size(); ++s) labels.y.insert(labels.y.end(), static_cast<size_t>(parts[s].cells()), sourceClass[s]);
    const std::vector<int64_t> rows = subsamplePerClass(labels, maxPerClass, seed);

    // Copy the chosen rows, remapping columns to the joined gene order.
    Dataset out;
    const int64_t genes = static_cast<int64_t>(cols[0].size());
    CsrBuilder builder(genes);
    std::vector<int32_t> codes;
    std::vector<std::pair<int32_t, float>> row;
    size_t next = 0;
    int64_t offset = 0;
    for (size_t s = 0; s < parts.size(); ++s) {
        const Dataset& d = parts[s];
        std::vector<int32_t> newCol(static_cast<size_t>(d.genes()), -1);
        for (int64_t j = 0; j < genes; ++j) newCol[static_cast<size_t>(cols[s][j])] = static_cast<int32_t>(j);
        for (; next < rows.size() && rows[next] < offset + d.cells(); ++next) {
            const int64_t r = rows[next] - offset;
            row.clear();
            for (int64_t k = d.X.indptr[r]; k < d.X.indptr[r + 1]; ++k)
                if (newCol[d.X.indices[k]] >= 0) row.emplace_back(newCol[d.X.indices[k]], d.X.values[k]);
            std::sort(row.begin(), row.end());
            for (const auto& [c, v] : row) builder.add(c, v);
            builder.endRow();
            out.cellNames.push_back(d.cellNames[static_cast<size_t>(r)]);
            codes.push_back(sourceClass[s]);
        }
        offset += d.cells();
        parts[s].X = CsrMatrix{};  // free each source once copied
    }
    out.X = builder.finish();
    for (int64_t j : cols[0]) {
        out.geneNames.push_back(parts[0].geneNames[static_cast<size_t>(j)]);
        if (byId) out.geneIds.push_back(parts[0].geneIds[static_cast<size_t>(j)]);
    }
    // The same barcode can occur in two sorts; keep names unique as anndata's concat would.
    makeNamesUnique(out.cellNames);
    out.obs.add(Column::categorical(labelColumn, classes, std::move(codes)));
    std::string sourceList;
    for (const auto& s : sources) sourceList += (sourceList.empty() ? "" : ";") + s.path;
    out.source = sourceList;
    out.matrix = parts[0].matrix;
    out.validate();
    return out;
}

}  // namespace dm
