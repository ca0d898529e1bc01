#pragma once
// Preprocessing that mirrors the scanpy steps users already run, so a DeepMapper run on
// the same file sees the same numbers: normalize_total + log1p, the raw-counts check,
// highly-variable genes (to measure what a gene filter throws away), gene intersection
// and exclusive genes between two datasets, per-class subsampling, and the class
// restrictions (keep some classes, one class against the rest) offered by the GUI and CLI.
#include "data/dataset.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dm {

// scanpy.pp.normalize_total(target_sum) followed by scanpy.pp.log1p, in place:
// x <- log1p(x * targetSum / total of the cell). Cells whose total is 0 stay 0.
// Computed in double, stored as float32.
void normalizeTotalLog1p(CsrMatrix& X, double targetSum = 1e4);

// Whether a matrix holds raw counts (what normalizeTotalLog1p expects) or was already
// transformed. Every stored value is checked; implicit zeros count towards min/max.
struct CountsCheck {
    double fractionInteger = 1.0;  // of stored values; 1 for an empty matrix
    double min = 0.0;
    double max = 0.0;
    bool rawCounts = true;         // all values non-negative integers
    bool hasNegative = false;
    std::string verdict;           // "raw counts" / "already normalized (non-integer values)" /
                                   // "contains negative values (scaled?)"
};
CountsCheck looksLikeCounts(const CsrMatrix& X);

// Highly variable genes, scanpy.pp.highly_variable_genes(flavor="seurat", n_top_genes=nTop,
// n_bins=20), the scanpy default, after Satija et al. 2015 (Seurat v1-v2 "mean.var.plot"):
//   1. undo the log: mean and variance (ddof 1) of expm1(X) per gene;
//   2. dispersion = variance / mean (mean 0 -> 1e-12); dispersion 0 -> NaN; then
//      log(dispersion) and log1p(mean);
//   3. 20 equal-width bins over the log mean (pandas.cut semantics, right-closed);
//   4. per bin, z-score the log dispersion (mean and sample sd over the bin's non-NaN
//      genes); a bin with a single gene gives that gene a normalised dispersion of 1;
//   5. keep the nTop genes with the highest normalised dispersion (NaN last).
// Input: a log-normalised matrix (after normalizeTotalLog1p). Returns the kept gene
// indices in ascending (original) order; exactly min(nTop, genes) of them, ties broken by
// lower index (scanpy keeps every gene tied at the cut-off, occasionally a few more).
std::vector<int64_t> highlyVariableGenes(const CsrMatrix& logNormalized, int64_t nTop);

struct GeneSubset {
    Dataset data;
    std::vector<int64_t> kept;  // gene indices into the input, ascending
};
// The dataset restricted to its nTop highly variable genes (ds.X must be log-normalised).
GeneSubset highlyVariableSubset(const Dataset& ds, int64_t nTop);

// Both datasets restricted to their shared genes, column-aligned in the order of `a`.
// Genes are matched by id when both datasets carry ids, otherwise by name.
struct GeneIntersection {
    Dataset a;
    Dataset b;
    std::vector<std::string> shared;  // gene names (from a) of the shared genes, in order
    bool byId = false;                // matched on gene ids rather than names
};
GeneIntersection intersectGenes(const Dataset& a, const Dataset& b);

// Genes present in only one of the two datasets (same matching rule), each list in its
// dataset's gene order, as gene names. These separate the datasets trivially.
struct ExclusiveGenes {
    std::vector<std::string> onlyA;
    std::vector<std::string> onlyB;
};
ExclusiveGenes exclusiveGenes(const Dataset& a, const Dataset& b);

// At most maxPerClass cells of each class (all of them when maxPerClass <= 0 or the class
// is smaller), chosen with dm::Rng(seed); cells with a missing label are left out.
// Returns row indices in ascending order; the same labels and seed give the same rows.
std::vector<int64_t> subsamplePerClass(const Labels& labels, int64_t maxPerClass, uint64_t seed);

// Only the named classes, in the order given; other cells get a missing label (-1).
// Throws InputError for an unknown name (listing the classes) or fewer than two names.
Labels keepClasses(const Labels& labels, const std::vector<std::string>& classNames);

// Two classes: `className` (label 0) and every other labelled cell (label 1), named
// `restName`, or "not <className>" when restName is empty. Missing labels stay missing.
Labels oneVsRest(const Labels& labels, const std::string& className, const std::string& restName = "rest");

// Throws InputError naming `what`, the cell (row) and gene (column) of the first NaN or
// infinite value.
void checkFinite(const CsrMatrix& X, const std::string& what);

}  // namespace dm
