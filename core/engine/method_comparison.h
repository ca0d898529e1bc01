#pragma once
// DeepMapper's per-class top K beside the two methods a reader already trusts: the
// Wilcoxon one-vs-rest test and the linear baseline. Torch-free; the CLI's `run` writes
// the result as overlap.csv and the GUI shows it.
#include "analysis/differential.h"
#include "analysis/method_overlap.h"
#include "data/csr_matrix.h"
#include "engine/findings.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace dm {

struct LinearBaselineResult;

// Per class of the run (label order): genes by |standardized coefficient of that class|,
// best first, k of them. A class the fit skipped (no cell) gets an empty list. Binary fits
// have one row per class too (W_1 = -W_0), so both classes get the same genes.
std::vector<std::vector<int64_t>> linearClassOrders(const LinearBaselineResult& fit, size_t classes, int64_t k);

// One row per class with per-class DeepMapper findings: its top k beside the Wilcoxon and
// linear orders given per class (either outer list may be empty: that method was not run).
std::vector<TopSetOverlap> classTopSetOverlaps(const Findings& findings, int64_t k,
                                               const std::vector<std::vector<int64_t>>& wilcoxonOrders,
                                               const std::vector<std::vector<int64_t>>& linearOrders);

// The two standard methods on the run's matrix: the Wilcoxon one-vs-rest test (Seurat's
// FindAllMarkers) and the linear baseline, with each class's gene order. A method that
// fails (say the linear solver meets a matrix too large for it) is left out and `log`
// hears why; DeepMapper's results are never lost to it.
struct StandardMethods {
    DeResult wilcoxon;                                 // empty comparisons when it failed
    std::vector<std::vector<int64_t>> wilcoxonOrders;  // per class (label order): Seurat's order
    std::vector<std::vector<int64_t>> linearOrders;    // per class: by |coefficient|, every gene
    std::vector<std::string> notes;                    // why a method was left out
    // Per class, per gene: the Wilcoxon row of that gene (nullptr when not run).
    const GeneDe* wilcoxonRow(size_t cls, int64_t gene) const;
    std::vector<std::vector<size_t>> rowOfGene;        // [class][gene] -> index into the comparison's genes
    std::vector<int> comparisonOfClass;                // [class] -> comparison index, -1 none
};
StandardMethods runStandardMethods(const CsrMatrix& X, const std::vector<int64_t>& y,
                                   const std::vector<std::string>& classes,
                                   const std::vector<std::string>& featureNames, int threads = 0,
                                   const std::function<void(const std::string&)>& log = {});

// The whole comparison a run writes as overlap.csv: both standard methods, then each
// class's top k beside DeepMapper's.
std::vector<TopSetOverlap> compareWithStandardMethods(const Findings& findings, const CsrMatrix& X,
                                                      const std::vector<int64_t>& y,
                                                      const std::vector<std::string>& classes, int64_t k,
                                                      const std::function<void(const std::string&)>& log = {});

// A panel of marker genes for the dot plot and heatmap: the top `perClass` genes of each
// class's DeepMapper ranking, class by class, each gene once (kept under its first class).
// Empty when the findings have no per-class rankings.
struct MarkerPanel {
    std::vector<int64_t> genes;
    std::vector<size_t> owner;  // per gene: the class whose ranking put it in the panel
};
MarkerPanel classMarkerPanel(const Findings& findings, size_t perClass);

}  // namespace dm
