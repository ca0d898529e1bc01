#pragma once
// The held-out gene-chord test (Ersavas et al. 2024): does a gene set separate two cell
// states TOGETHER better than its best single gene does, judged on cells that played no
// part in choosing the genes?
//
// For each seed: split the cells of both sides (stratified) into train and test; on the
// TRAINING cells only, let every method choose its top-K genes; fit a standardized L2
// logistic regression on those K genes (training cells) and score the test cells: the
// set's held-out AUC. Beside it, the held-out AUC of the set's best single gene and of the
// best single gene of all (each chosen, with its direction, by training AUC). Mean and
// standard deviation over the seeds. Nothing about the test cells reaches a selection, so
// a gene set that only looks good on the cells it was picked on shows no gain.
//
// Methods are plug-ins (GeneSelector): the Wilcoxon top-K and the linear baseline's top-K
// live here; DeepMapper's (it trains) in engine/chord_selectors.h.
#include "data/csr_matrix.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace dm {

// Chooses k genes (column indices, best first) from training cells only. y: 1 for the
// positive side, 0 for the other. seed: the chord test's seed of this split.
struct GeneSelector {
    std::string name;
    std::function<std::vector<int64_t>(const CsrMatrix& trainX, const std::vector<int64_t>& trainY, int64_t k,
                                       uint64_t seed)>
        select;
};

// The Wilcoxon rank-sum top-K (smallest p-values of positive vs negative).
GeneSelector wilcoxonSelector(int threads = 0);
// The linear baseline's top-K (largest standardized |coefficient|), L2 strength C.
GeneSelector linearSelector(double C = 1.0);

struct ChordOptions {
    int64_t k = 60;
    int seeds = 5;             // splits
    uint64_t seed = 0;         // split s uses seed + s
    double testFraction = 0.25;
    double C = 1.0;            // L2 strength of the K-gene logistic regression
    int threads = 0;           // for the per-gene AUCs
};

struct SpreadSummary {
    double mean = 0, sd = 0;  // sd over seeds (n - 1 denominator; 0 for one seed)
};

struct ChordMethodResult {
    std::string method;
    std::vector<std::vector<int64_t>> genes;  // per seed: the K genes chosen on train
    std::vector<double> setAuc;               // per seed: held-out AUC of the K-gene model
    std::vector<double> bestGeneAuc;          // per seed: held-out AUC of the set's best gene
    std::vector<int64_t> bestGene;            // per seed: that gene (chosen on train)
    SpreadSummary set, single, gain;          // gain = setAuc - bestGeneAuc
};

struct ChordResult {
    std::string positive, negative;  // class, and "rest" or the other group
    int64_t positiveCells = 0, negativeCells = 0;
    ChordOptions options;
    int64_t k = 0;                    // K used (at most the number of genes)
    std::vector<uint64_t> seeds;      // the split seeds
    std::vector<int64_t> trainCells, testCells;  // per seed
    std::vector<ChordMethodResult> methods;
    // The best single gene over ALL genes (chosen on train), per seed, and its held-out AUC.
    std::vector<int64_t> overallBestGene;
    std::vector<double> overallBestGeneAuc;
    SpreadSummary overallBest;
};

// side: per cell 1 (positive), 0 (negative) or -1 (left out). Throws InputError when
// either side has fewer than 4 cells (each split needs two of each side in train and one
// in test), K < 1, no selector, or the options are out of range. `progress` (may be
// empty) hears "seed s/n: method" before each selection.
ChordResult chordTest(const CsrMatrix& X, const std::vector<int8_t>& side, const std::string& positive,
                      const std::string& negative, const std::vector<GeneSelector>& selectors,
                      const ChordOptions& options = {},
                      const std::function<void(const std::string&)>& progress = {});

// One split: each side's cells shuffled with the seed (xoshiro, the same on every
// platform), round(testFraction x n) of them (at least 1, leaving at least 2) to test.
// Rows ascend; y is 1 (positive) or 0.
struct ChordSplit {
    std::vector<int64_t> trainRows, testRows;
    std::vector<int64_t> trainY, testY;
};
ChordSplit chordSplit(const std::vector<int8_t>& side, double testFraction, uint64_t seed);

// side for one class against the rest of the labelled cells, or against class `versus`
// (empty: the rest). Throws InputError naming the classes when a name is unknown.
std::vector<int8_t> chordSides(const std::vector<int64_t>& y, const std::vector<std::string>& classes,
                               const std::string& cls, const std::string& versus = {});

}  // namespace dm
