#pragma once
// The gene set behind a module score in the Cells view. A module score is the mean, over
// the set, of each cell's expression (log-normalized when the matrix holds counts:
// analysis/cell_expression); the set is the top K genes of a chosen statistic:
//   - DeepMapper, pooled: the stability-scored ranking over every class;
//   - DeepMapper, one class: that class's own ranking, keeping only genes higher in the
//     class than in the rest (a gene ranked for its absence would pull the score the
//     wrong way);
//   - markers of one class: the Wilcoxon table (Seurat's order: ascending p-value) of the
//     class against the rest, keeping only genes with avg_log2FC > 0.
// So a high score means "expresses what this statistic singles out", comparable between
// cells of one dataset, not between gene sets of different sizes.
#include "engine/findings.h"
#include "engine/method_comparison.h"

#include <string>
#include <vector>

namespace dm {

enum class ModuleSource { DeepMapperPooled, DeepMapperClass, Markers };

struct ModuleGeneSet {
    std::vector<std::string> genes;  // names, best first, at most K
    std::string description;         // "top 20 DeepMapper genes of Beta (higher in the class)"
};

// `cls` indexes findings.classNames (ignored for the pooled ranking). Throws InputError
// naming what is missing (no per-class ranking, markers not computed, a class out of
// range, an empty set) and how to get it.
ModuleGeneSet moduleGenes(const Findings& findings, const StandardMethods* markers, ModuleSource source, int cls,
                          size_t k);

// Rows of `genes` in `datasetGenes` (matched by name: a run may have used a subset);
// names not found are skipped.
std::vector<int64_t> geneRows(const std::vector<std::string>& genes, const std::vector<std::string>& datasetGenes);

}  // namespace dm
