#pragma once
// The planted-signal generator behind the demo dataset and many tests: negative-binomial
// counts with varying library sizes, where each class has a few strong marker genes and a
// "chord" of genes that shift only slightly, separating the class only when read together.
// Deterministic from the seed (whatever the thread count); the truth is recorded per gene.
#include "data/dataset.h"

#include <cstdint>
#include <vector>

namespace dm {

struct SyntheticSpec {
    int64_t cells = 2000;
    int64_t genes = 5000;
    int classes = 3;
    int markersPerClass = 10;
    double markerFoldChange = 4.0;
    int chordPerClass = 10;
    double chordFoldChange = 1.4;
    double medianLibrarySize = 3000.0;  // counts per cell (log-normal around this)
    double librarySizeSpread = 0.35;    // sd of log library size
    double nbSize = 2.0;                // negative-binomial size r (variance mu + mu^2 / r)
    // Relative class sizes (one per class, positive); empty: balanced. {1, 10} gives the
    // 1:10 imbalance of the science bench's hard rungs.
    std::vector<double> classWeights;
    uint64_t seed = 0;
};

enum class GeneRole { Background, Marker, Chord };

struct GeneTruth {
    GeneRole role = GeneRole::Background;
    int cls = -1;  // the class the gene marks, -1 for background
};

struct SyntheticData {
    Dataset dataset;               // raw integer counts; obs "cell_type" (categorical), "n_counts"
    std::vector<GeneTruth> truth;  // one per gene
    std::vector<int64_t> genesWithRole(GeneRole role) const;
};

// Throws InputError on impossible parameters (more planted genes than genes, < 2 classes...).
SyntheticData generateSynthetic(const SyntheticSpec& spec);

// The label column the generator writes.
inline const char* kSyntheticLabelColumn = "cell_type";

}  // namespace dm
