#include "data/synthetic.h"

#include "common/error.h"
#include "data/random.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <thread>

namespace dm {

std::vector<int64_t> SyntheticData::genesWithRole(GeneRole role) const {
    std::vector<int64_t> out;
    for (size_t g = 0; g < truth.size(); ++g)
        if (truth[g].role == role) out.push_back(static_cast<int64_t>(g));
    return out;
}

namespace {

void checkSpec(const SyntheticSpec& s) {
    if (s.classes < 2) throw InputError("synthetic data needs at least 2 classes");
    if (s.cells < s.classes) throw InputError("synthetic data needs at least one cell per class");
    const int64_t planted = static_cast<int64_t>(s.classes) * (s.markersPerClass + s.chordPerClass);
    if (planted > s.genes)
        throw InputError("synthetic data: " + std::to_string(planted) + " planted genes do not fit in " +
                         std::to_string(s.genes) + " genes");
    if (!s.classWeights.empty()) {
        if (s.classWeights.size() != static_cast<size_t>(s.classes))
            throw InputError("synthetic data: " + std::to_string(s.classWeights.size()) + " class weights for " +
                             std::to_string(s.classes) + " classes; give one weight per class");
        for (double w : s.classWeights)
            if (!(w > 0)) throw InputError("synthetic data: class weights must be positive");
    }
    if (s.markerFoldChange <= 0 || s.chordFoldChange <= 0 || s.nbSize <= 0 || s.medianLibrarySize <= 0)
        throw InputError("synthetic data: fold changes, library size and NB size must be positive");
}

std::string className(int k) {
    std::string name = "Type";
    if (k < 26) return name + static_cast<char>('A' + k);
    return name + std::to_string(k);
}

struct GenePlan {
    std::vector<double> baseline;  // expected share of a cell's counts, before fold changes
    std::vector<GeneTruth> truth;
    std::vector<std::string> names;
};

GenePlan planGenes(const SyntheticSpec& s, Rng& rng) {
    GenePlan plan;
    plan.baseline.resize(s.genes);
    // Log-normal gene abundance: a few highly expressed genes, a long tail of rare ones,
    // as in real single-cell data.
    for (auto& b : plan.baseline) b = std::exp(1.3 * rng.normal());
    // Place the planted genes at random columns.
    std::vector<int64_t> order(s.genes);
    for (int64_t g = 0; g < s.genes; ++g) order[g] = g;
    for (int64_t i = s.genes - 1; i > 0; --i) std::swap(order[i], order[rng.below(static_cast<uint64_t>(i + 1))]);
    plan.truth.assign(s.genes, GeneTruth{});
    plan.names.resize(s.genes);
    char buf[32];
    for (int64_t g = 0; g < s.genes; ++g) {
        std::snprintf(buf, sizeof buf, "G%05lld", static_cast<long long>(g));
        plan.names[g] = buf;
    }
    double total = 0;
    for (double b : plan.baseline) total += b;
    const double moderate = 2.0 * total / static_cast<double>(s.genes);  // well above the typical gene
    size_t next = 0;
    for (int k = 0; k < s.classes; ++k) {
        for (int m = 0; m < s.markersPerClass; ++m) {
            int64_t g = order[next++];
            plan.truth[g] = {GeneRole::Marker, k};
            plan.baseline[g] = moderate;
            std::snprintf(buf, sizeof buf, "MK_%s_%02d", className(k).c_str(), m + 1);
            plan.names[g] = buf;
        }
        for (int m = 0; m < s.chordPerClass; ++m) {
            int64_t g = order[next++];
            plan.truth[g] = {GeneRole::Chord, k};
            plan.baseline[g] = 2.0 * moderate;  // well measured, so the small shift is real signal
            std::snprintf(buf, sizeof buf, "CH_%s_%02d", className(k).c_str(), m + 1);
            plan.names[g] = buf;
        }
    }
    total = 0;
    for (double b : plan.baseline) total += b;
    for (auto& b : plan.baseline) b /= total;
    return plan;
}

// One cell's counts, from its own random stream so cells can be drawn in parallel.
void drawCell(const SyntheticSpec& s, const GenePlan& plan, int cls, uint64_t cellSeed, std::vector<int32_t>& idx,
              std::vector<float>& val, double& librarySize) {
    Rng rng(cellSeed);
    librarySize = s.medianLibrarySize * std::exp(s.librarySizeSpread * rng.normal());
    for (int64_t g = 0; g < s.genes; ++g) {
        double mean = librarySize * plan.baseline[g];
        const GeneTruth& t = plan.truth[g];
        if (t.cls == cls) mean *= (t.role == GeneRole::Marker) ? s.markerFoldChange : s.chordFoldChange;
        const int64_t count = rng.negativeBinomial(mean, s.nbSize);
        if (count > 0) {
            idx.push_back(static_cast<int32_t>(g));
            val.push_back(static_cast<float>(count));
        }
    }
}

// Class of every cell before shuffling: round-robin when balanced, else blocks sized by
// the weights (largest remainders), every class keeping at least one cell.
std::vector<int32_t> classSizes(const SyntheticSpec& s) {
    std::vector<int32_t> cls(s.cells);
    if (s.classWeights.empty()) {
        for (int64_t c = 0; c < s.cells; ++c) cls[c] = static_cast<int32_t>(c % s.classes);
        return cls;
    }
    double total = 0;
    for (double w : s.classWeights) total += w;
    std::vector<int64_t> n(s.classes, 1);
    int64_t left = s.cells - s.classes;
    std::vector<double> share(s.classes);
    for (int k = 0; k < s.classes; ++k) share[k] = static_cast<double>(left) * s.classWeights[k] / total;
    int64_t used = 0;
    for (int k = 0; k < s.classes; ++k) used += static_cast<int64_t>(share[k]);
    for (int k = 0; k < s.classes; ++k) n[k] += static_cast<int64_t>(share[k]);
    for (int64_t r = 0; r < left - used; ++r) n[r % s.classes] += 1;
    int64_t c = 0;
    for (int k = 0; k < s.classes; ++k)
        for (int64_t i = 0; i < n[k]; ++i) cls[c++] = static_cast<int32_t>(k);
    return cls;
}

}  // namespace

SyntheticData generateSynthetic(const SyntheticSpec& s) {
    checkSpec(s);
    Rng planRng(s.seed * 0x2545F4914F6CDD1Dull + 17);
    const GenePlan plan = planGenes(s, planRng);

    std::vector<int32_t> cls = classSizes(s);
    // Shuffle the class order so classes are interleaved but balanced.
    for (int64_t i = s.cells - 1; i > 0; --i) std::swap(cls[i], cls[planRng.below(static_cast<uint64_t>(i + 1))]);

    // Cells in parallel chunks; each cell's stream depends only on (seed, cell).
    std::vector<std::vector<int32_t>> idx(s.cells);
    std::vector<std::vector<float>> val(s.cells);
    std::vector<double> libsize(s.cells);
    const unsigned nThreads = std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
    std::vector<std::thread> workers;
    for (unsigned t = 0; t < nThreads; ++t)
        workers.emplace_back([&, t] {
            for (int64_t c = t; c < s.cells; c += nThreads) {
                uint64_t mix = s.seed ^ (0xD1B54A32D192ED03ull * static_cast<uint64_t>(c + 1));
                drawCell(s, plan, cls[c], splitmix64(mix), idx[c], val[c], libsize[c]);
            }
        });
    for (auto& w : workers) w.join();

    SyntheticData out;
    Dataset& ds = out.dataset;
    CsrBuilder b(s.genes);
    std::vector<double> nCounts(s.cells);
    for (int64_t c = 0; c < s.cells; ++c) {
        double total = 0;
        for (size_t k = 0; k < idx[c].size(); ++k) {
            b.add(idx[c][k], val[c][k]);
            total += val[c][k];
        }
        b.endRow();
        nCounts[c] = total;
        ds.cellNames.push_back("cell" + std::to_string(c + 1));
    }
    ds.X = b.finish();
    ds.geneNames = plan.names;
    std::vector<std::string> classes;
    for (int k = 0; k < s.classes; ++k) classes.push_back(className(k));
    ds.obs.add(Column::categorical(kSyntheticLabelColumn, classes, cls));
    ds.obs.add(Column::numeric("n_counts", nCounts));
    ds.source = "demo (planted signal, seed " + std::to_string(s.seed) + ")";
    ds.matrix = "X";
    out.truth = plan.truth;
    return out;
}

}  // namespace dm
