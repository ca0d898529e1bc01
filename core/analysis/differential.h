#pragma once
// Differential expression, the test every biologist already knows, beside DeepMapper's
// ranking: each class against the rest of the cells (Seurat's FindAllMarkers, scanpy's
// rank_genes_groups) or group A against group B (FindMarkers(ident.1, ident.2)).
//
// Per gene and comparison, with Seurat 4.3's definitions so the numbers compare one to one:
//   - Wilcoxon rank-sum test, normal approximation with tie and continuity correction
//     (R's wilcox.test(exact = FALSE, correct = TRUE)); statistic = W, the rank sum of
//     the group minus n1 (n1 + 1) / 2;
//   - or Welch's t-test (R's t.test, var.equal = FALSE); statistic = t (group minus rest);
//   - two-sided p, Bonferroni-adjusted over all genes (Seurat's p_val_adj, capped at 1)
//     and Benjamini-Hochberg-adjusted over all genes;
//   - avg_log2FC = log2(mean(expm1(x)) + 1) of the group minus the same of the rest
//     (Seurat 4 after NormalizeData: the mean in count space), or log2(mean(x) + 1) with
//     FoldChangeMean::Plain (Seurat 4 when the data slot was set directly, as for the
//     golden reference files);
//   - pct.1 / pct.2: fraction of cells with x > 0 in the group / the rest, rounded to 3
//     decimals as R's round does.
// The matrix is read gene by gene in blocks transposed from the CSR rows (never a dense
// copy); stored zeros of a gene share one tied rank. Work is spread over threads by gene.
//
// Where R gives NA (a gene constant over all compared cells) the result here is p = 1,
// statistic at its null value (W = n1 n2 / 2, t = 0): no evidence of a difference, and a
// row a spreadsheet sorts sensibly. A gene constant within both groups but different
// between them has p = 0 (t = +-inf). Welch's test needs two cells in each group: a
// comparison with fewer has p = NaN for every gene and says so in `note`.
#include "data/csr_matrix.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dm {

enum class DeTest { Wilcoxon, WelchT };
enum class FoldChangeMean { Expm1, Plain };

const char* deTestName(DeTest test);              // "wilcoxon" | "t"
DeTest deTestFromName(const std::string& name);   // throws InputError naming the choices
const char* foldChangeMeanName(FoldChangeMean mean);              // "expm1" | "plain"
FoldChangeMean foldChangeMeanFromName(const std::string& name);   // throws InputError

struct DeOptions {
    DeTest test = DeTest::Wilcoxon;
    FoldChangeMean foldChangeMean = FoldChangeMean::Expm1;
    int threads = 0;  // <= 0: the machine's cores
};

// One gene in one comparison.
struct GeneDe {
    int64_t gene = 0;        // column in the matrix
    double statistic = 0;    // W (Wilcoxon) or t (Welch)
    double pValue = 1;       // may underflow to 0; see log10P
    double log10P = 0;       // log10 of the p-value, finite where pValue underflows
    double pAdjBonferroni = 1;
    double pAdjBH = 1;
    double avgLog2FC = 0;    // group minus rest (or minus group B)
    double pct1 = 0, pct2 = 0;
};

// One group against its reference, genes in Seurat's order: ascending p-value, then
// descending avg_log2FC, then gene order (NaN p-values last).
struct DeComparison {
    std::string group;       // the class, or group A
    std::string reference;   // "rest" or group B
    int64_t cells1 = 0, cells2 = 0;
    std::vector<GeneDe> genes;
    std::string note;        // why the p-values are NaN, when they are
};

struct DeResult {
    DeTest test = DeTest::Wilcoxon;
    std::vector<std::string> geneNames;
    std::vector<DeComparison> comparisons;
    std::vector<std::string> skippedClasses;  // classes with no cell (not compared)
};

// Each class that has cells against all other labelled cells. y: class per cell in
// 0..classes.size()-1, or -1 for an unlabelled cell (left out of every comparison).
// Throws InputError for mismatched lengths, a label outside the classes, or fewer than
// two classes with cells.
DeResult findAllMarkers(const CsrMatrix& X, const std::vector<int64_t>& y, const std::vector<std::string>& classes,
                        const std::vector<std::string>& geneNames, const DeOptions& options = {});

// Cells of class `groupA` against cells of class `groupB` (other cells are left out).
// Throws InputError when a name is not a class (listing the classes), both are the same,
// or either group has no cell.
DeResult findMarkersBetween(const CsrMatrix& X, const std::vector<int64_t>& y, const std::vector<std::string>& classes,
                            const std::vector<std::string>& geneNames, const std::string& groupA,
                            const std::string& groupB, const DeOptions& options = {});

// The general form both use: cell c belongs to group[c] (0..nGroups-1, or -1: left out);
// every group in `tested` is compared with all other cells that belong to some group.
// Group names label the comparisons; the reference of a comparison is "rest", or the
// other group's name when there are exactly two groups.
DeResult compareGroups(const CsrMatrix& X, const std::vector<int32_t>& group, const std::vector<std::string>& groupNames,
                       const std::vector<int32_t>& tested, const std::vector<std::string>& geneNames,
                       const DeOptions& options = {});

// Benjamini-Hochberg adjusted p-values (R's p.adjust(p, "BH")): NaN stays NaN and counts
// towards n, as p.adjust's default n = length(p) does.
std::vector<double> adjustBenjaminiHochberg(const std::vector<double>& p);

// The first k genes of a comparison in its order (column indices).
std::vector<int64_t> topGenes(const DeComparison& comparison, int64_t k);

}  // namespace dm
