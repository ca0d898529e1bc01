#include "analysis/chord_test.h"

#include "analysis/differential.h"
#include "analysis/linear_baseline.h"
#include "analysis/metrics.h"
#include "common/error.h"
#include "data/random.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

namespace dm {
namespace {

std::vector<std::string> placeholderNames(int64_t n) {
    std::vector<std::string> names(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) names[static_cast<size_t>(i)] = "gene" + std::to_string(i);
    return names;
}

// Per gene: the AUC of its value for positives against negatives (W / (n1 n2) of the
// rank-sum test: the same pairs, ties one half).
std::vector<double> geneAucs(const CsrMatrix& X, const std::vector<int64_t>& y, int threads) {
    std::vector<int32_t> group(y.size());
    for (size_t i = 0; i < y.size(); ++i) group[i] = y[i] == 1 ? 0 : 1;
    DeOptions o;
    o.threads = threads;
    const DeResult r = compareGroups(X, group, {"positive", "negative"}, {0}, placeholderNames(X.cols), o);
    const DeComparison& c = r.comparisons.front();
    const double pairs = static_cast<double>(c.cells1) * static_cast<double>(c.cells2);
    std::vector<double> auc(static_cast<size_t>(X.cols), 0.5);
    for (const GeneDe& g : c.genes) auc[static_cast<size_t>(g.gene)] = g.statistic / pairs;
    return auc;
}

// The gene of `candidates` whose training AUC is farthest from 0.5 (first on ties).
int64_t bestGene(const std::vector<int64_t>& candidates, const std::vector<double>& trainAuc) {
    int64_t best = candidates.front();
    for (int64_t g : candidates)
        if (std::abs(trainAuc[static_cast<size_t>(g)] - 0.5) > std::abs(trainAuc[static_cast<size_t>(best)] - 0.5))
            best = g;
    return best;
}

// Held-out AUC of one gene in the direction training chose.
double orientedAuc(int64_t gene, const std::vector<double>& trainAuc, const std::vector<double>& testAuc) {
    const double t = testAuc[static_cast<size_t>(gene)];
    return trainAuc[static_cast<size_t>(gene)] >= 0.5 ? t : 1.0 - t;
}

// Fits the standardized logistic regression on the genes (train) and scores test cells.
double setAuc(const CsrMatrix& trainX, const std::vector<int64_t>& trainY, const CsrMatrix& testX,
              const std::vector<int64_t>& testY, const std::vector<int64_t>& genes, double C) {
    LinearBaselineOptions o;
    o.C = C;
    const CsrMatrix train = trainX.selectCols(genes);
    const LinearBaselineResult fit =
        fitLinearBaseline(train, trainY, {"negative", "positive"}, placeholderNames(train.cols), o);
    const Eigen::MatrixXd p = predictLinearBaseline(fit, testX.selectCols(genes));
    const auto at = std::find(fit.classLabels.begin(), fit.classLabels.end(), int64_t{1});
    const Eigen::Index column = static_cast<Eigen::Index>(at - fit.classLabels.begin());
    std::vector<double> score(static_cast<size_t>(p.rows()));
    for (Eigen::Index i = 0; i < p.rows(); ++i) score[static_cast<size_t>(i)] = p(i, column);
    return rocAucScore(testY, score);
}

SpreadSummary summarize(const std::vector<double>& v) {
    SpreadSummary s;
    if (v.empty()) return s;
    s.mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
    if (v.size() > 1) {
        double squares = 0;
        for (double x : v) squares += (x - s.mean) * (x - s.mean);
        s.sd = std::sqrt(squares / static_cast<double>(v.size() - 1));
    }
    return s;
}

std::vector<int64_t> checkedSelection(const GeneSelector& selector, std::vector<int64_t> genes, int64_t k,
                                      int64_t cols) {
    std::set<int64_t> seen;
    for (int64_t g : genes)
        if (g < 0 || g >= cols || !seen.insert(g).second)
            throw Error("chord test: method '" + selector.name + "' chose gene " + std::to_string(g) +
                        " twice or outside the matrix");
    if (genes.empty()) throw Error("chord test: method '" + selector.name + "' chose no gene");
    if (static_cast<int64_t>(genes.size()) > k) genes.resize(static_cast<size_t>(k));
    return genes;
}

void checkOptions(const std::vector<int8_t>& side, const CsrMatrix& X, const std::vector<GeneSelector>& selectors,
                  const ChordOptions& o, const std::string& positive, const std::string& negative) {
    if (static_cast<int64_t>(side.size()) != X.rows)
        throw InputError("chord test: " + std::to_string(side.size()) + " cell sides for " + std::to_string(X.rows) +
                         " cells");
    if (o.k < 1) throw InputError("chord test: K must be at least 1 (got " + std::to_string(o.k) + ")");
    if (o.seeds < 1) throw InputError("chord test: give at least one seed (got " + std::to_string(o.seeds) + ")");
    if (!(o.testFraction > 0 && o.testFraction < 1))
        throw InputError("chord test: the test fraction must lie strictly between 0 and 1");
    if (selectors.empty()) throw InputError("chord test: no gene-selection method given");
    if (X.cols < 1) throw InputError("chord test: the matrix has no genes");
    const int64_t pos = std::count(side.begin(), side.end(), int8_t{1});
    const int64_t neg = std::count(side.begin(), side.end(), int8_t{0});
    if (pos < 4 || neg < 4)
        throw InputError("chord test: '" + (pos < 4 ? positive : negative) + "' has " +
                         std::to_string(pos < 4 ? pos : neg) +
                         " cells; each side needs at least 4 (two to train on and one to test, per split)");
}

}  // namespace

GeneSelector wilcoxonSelector(int threads) {
    return {"wilcoxon", [threads](const CsrMatrix& X, const std::vector<int64_t>& y, int64_t k, uint64_t) {
                std::vector<int32_t> group(y.size());
                for (size_t i = 0; i < y.size(); ++i) group[i] = y[i] == 1 ? 0 : 1;
                DeOptions o;
                o.threads = threads;
                const DeResult r = compareGroups(X, group, {"positive", "negative"}, {0}, placeholderNames(X.cols), o);
                return topGenes(r.comparisons.front(), k);
            }};
}

GeneSelector linearSelector(double C) {
    return {"linear", [C](const CsrMatrix& X, const std::vector<int64_t>& y, int64_t k, uint64_t) {
                LinearBaselineOptions o;
                o.C = C;
                const LinearBaselineResult fit =
                    fitLinearBaseline(X, y, {"negative", "positive"}, placeholderNames(X.cols), o);
                std::vector<int64_t> top(fit.order.begin(),
                                         fit.order.begin() + std::min<int64_t>(k, static_cast<int64_t>(fit.order.size())));
                return top;
            }};
}

ChordSplit chordSplit(const std::vector<int8_t>& side, double testFraction, uint64_t seed) {
    Rng rng(seed);
    ChordSplit s;
    for (int8_t label : {int8_t{1}, int8_t{0}}) {
        std::vector<int64_t> cells;
        for (size_t i = 0; i < side.size(); ++i)
            if (side[i] == label) cells.push_back(static_cast<int64_t>(i));
        for (size_t i = cells.size(); i > 1; --i) std::swap(cells[i - 1], cells[rng.below(i)]);
        const int64_t n = static_cast<int64_t>(cells.size());
        const int64_t nTest = std::clamp<int64_t>(std::llround(testFraction * static_cast<double>(n)), 1, n - 2);
        s.testRows.insert(s.testRows.end(), cells.begin(), cells.begin() + nTest);
        s.trainRows.insert(s.trainRows.end(), cells.begin() + nTest, cells.end());
    }
    std::sort(s.trainRows.begin(), s.trainRows.end());
    std::sort(s.testRows.begin(), s.testRows.end());
    for (int64_t r : s.trainRows) s.trainY.push_back(side[static_cast<size_t>(r)]);
    for (int64_t r : s.testRows) s.testY.push_back(side[static_cast<size_t>(r)]);
    return s;
}

std::vector<int8_t> chordSides(const std::vector<int64_t>& y, const std::vector<std::string>& classes,
                               const std::string& cls, const std::string& versus) {
    auto index = [&](const std::string& name, const char* flag) {
        const auto it = std::find(classes.begin(), classes.end(), name);
        if (it == classes.end()) {
            std::string list;
            for (const auto& c : classes) list += (list.empty() ? "" : ", ") + c;
            throw InputError(std::string(flag) + " '" + name + "' is not a class; available: " + list);
        }
        return static_cast<int64_t>(it - classes.begin());
    };
    const int64_t a = index(cls, "class");
    const int64_t b = versus.empty() ? -1 : index(versus, "versus class");
    if (a == b) throw InputError("the two sides of the chord test are the same class ('" + cls + "')");
    std::vector<int8_t> side(y.size(), -1);
    for (size_t i = 0; i < y.size(); ++i) {
        if (y[i] == a) side[i] = 1;
        else if (y[i] >= 0 && (b < 0 || y[i] == b)) side[i] = 0;
    }
    return side;
}

ChordResult chordTest(const CsrMatrix& X, const std::vector<int8_t>& side, const std::string& positive,
                      const std::string& negative, const std::vector<GeneSelector>& selectors,
                      const ChordOptions& options, const std::function<void(const std::string&)>& progress) {
    checkOptions(side, X, selectors, options, positive, negative);
    ChordResult r;
    r.positive = positive;
    r.negative = negative;
    r.positiveCells = std::count(side.begin(), side.end(), int8_t{1});
    r.negativeCells = std::count(side.begin(), side.end(), int8_t{0});
    r.options = options;
    r.k = std::min<int64_t>(options.k, X.cols);
    for (const auto& s : selectors) r.methods.push_back({s.name, {}, {}, {}, {}, {}, {}, {}});
    std::vector<int64_t> all(static_cast<size_t>(X.cols));
    std::iota(all.begin(), all.end(), int64_t{0});
    for (int s = 0; s < options.seeds; ++s) {
        const uint64_t seed = options.seed + static_cast<uint64_t>(s);
        r.seeds.push_back(seed);
        const ChordSplit split = chordSplit(side, options.testFraction, seed);
        r.trainCells.push_back(static_cast<int64_t>(split.trainRows.size()));
        r.testCells.push_back(static_cast<int64_t>(split.testRows.size()));
        const CsrMatrix trainX = X.selectRows(split.trainRows);
        const CsrMatrix testX = X.selectRows(split.testRows);
        const std::vector<double> trainAuc = geneAucs(trainX, split.trainY, options.threads);
        const std::vector<double> testAuc = geneAucs(testX, split.testY, options.threads);
        const int64_t overall = bestGene(all, trainAuc);
        r.overallBestGene.push_back(overall);
        r.overallBestGeneAuc.push_back(orientedAuc(overall, trainAuc, testAuc));
        for (size_t m = 0; m < selectors.size(); ++m) {
            if (progress)
                progress("split " + std::to_string(s + 1) + "/" + std::to_string(options.seeds) + ": " +
                         selectors[m].name + " top " + std::to_string(r.k) + " on " +
                         std::to_string(split.trainRows.size()) + " training cells");
            const std::vector<int64_t> genes =
                checkedSelection(selectors[m], selectors[m].select(trainX, split.trainY, r.k, seed), r.k, X.cols);
            ChordMethodResult& out = r.methods[m];
            out.genes.push_back(genes);
            out.setAuc.push_back(setAuc(trainX, split.trainY, testX, split.testY, genes, options.C));
            const int64_t best = bestGene(genes, trainAuc);
            out.bestGene.push_back(best);
            out.bestGeneAuc.push_back(orientedAuc(best, trainAuc, testAuc));
        }
    }
    for (ChordMethodResult& m : r.methods) {
        std::vector<double> gain(m.setAuc.size());
        for (size_t i = 0; i < gain.size(); ++i) gain[i] = m.setAuc[i] - m.bestGeneAuc[i];
        m.set = summarize(m.setAuc);
        m.single = summarize(m.bestGeneAuc);
        m.gain = summarize(gain);
    }
    r.overallBest = summarize(r.overallBestGeneAuc);
    return r;
}

}  // namespace dm
