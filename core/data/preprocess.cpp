#include "data/preprocess.h"

#include "common/error.h"
#include "common/interrupt.h"
#include "data/random.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

namespace dm {

// --- normalisation -------------------------------------------------------------------

namespace {
// Rows between two interruption points (common/interrupt.h) of the passes over the matrix
// that input preparation makes: a few ms of work at 20,000 genes per cell, so a stop ends
// them at once while the check costs nothing measurable.
constexpr int64_t kRowsPerCheck = 1024;
}  // namespace

void normalizeTotalLog1p(CsrMatrix& X, double targetSum) {
    if (!(targetSum > 0.0) || !std::isfinite(targetSum))
        throw ConfigError("target sum for normalisation must be a positive number, got " + std::to_string(targetSum));
    for (int64_t r = 0; r < X.rows; ++r) {
        if (r % kRowsPerCheck == 0) interruptionPoint();  // X is left part-normalized: callers work on a copy
        double total = 0.0;
        for (int64_t k = X.indptr[r]; k < X.indptr[r + 1]; ++k) total += X.values[k];
        if (total == 0.0) continue;  // an empty cell stays empty, as in scanpy
        const double scale = targetSum / total;
        for (int64_t k = X.indptr[r]; k < X.indptr[r + 1]; ++k)
            X.values[k] = static_cast<float>(std::log1p(static_cast<double>(X.values[k]) * scale));
    }
}

CountsCheck looksLikeCounts(const CsrMatrix& X) {
    CountsCheck c;
    const bool hasImplicitZeros = X.nnz() < X.rows * X.cols;
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    int64_t integers = 0;
    for (int64_t r = 0; r < X.rows; ++r) {
        if (r % kRowsPerCheck == 0) interruptionPoint();
        for (int64_t k = X.indptr[r]; k < X.indptr[r + 1]; ++k) {
            const double d = X.values[k];
            lo = std::min(lo, d);
            hi = std::max(hi, d);
            if (std::isfinite(d) && d == std::floor(d)) ++integers;
        }
    }
    if (hasImplicitZeros || X.nnz() == 0) {
        lo = std::min(lo, 0.0);
        hi = std::max(hi, 0.0);
    }
    c.min = lo;
    c.max = hi;
    c.fractionInteger = X.nnz() == 0 ? 1.0 : static_cast<double>(integers) / static_cast<double>(X.nnz());
    c.hasNegative = lo < 0.0;
    c.rawCounts = !c.hasNegative && integers == X.nnz();
    if (c.hasNegative)
        c.verdict = "contains negative values (scaled?)";
    else if (!c.rawCounts)
        c.verdict = "already normalized (non-integer values)";
    else
        c.verdict = "raw counts";
    return c;
}

// --- highly variable genes (scanpy flavor "seurat") ------------------------------------

namespace {

// pandas.cut(x, bins=n) edges: n equal-width bins over [min, max], the lowest edge moved
// down by 0.1 % of the range so the minimum falls inside the first (right-closed) bin.
// When all values are equal pandas widens the range by 0.1 % instead.
std::vector<double> pandasCutEdges(double mn, double mx, int n) {
    const bool flat = mn == mx;
    if (flat) {
        mn -= mn != 0.0 ? 0.001 * std::abs(mn) : 0.001;
        mx += mx != 0.0 ? 0.001 * std::abs(mx) : 0.001;
    }
    std::vector<double> edges(static_cast<size_t>(n) + 1);
    const double step = (mx - mn) / n;  // as numpy.linspace computes it
    for (int i = 0; i <= n; ++i) edges[static_cast<size_t>(i)] = i * step + mn;
    edges.back() = mx;
    if (!flat) edges.front() -= (mx - mn) * 0.001;
    return edges;
}

// Index of the right-closed bin (edges[i], edges[i+1]] holding x.
int binOf(const std::vector<double>& edges, double x) {
    const auto it = std::lower_bound(edges.begin(), edges.end(), x);
    const int i = static_cast<int>(it - edges.begin()) - 1;
    return std::clamp(i, 0, static_cast<int>(edges.size()) - 2);
}

}  // namespace

std::vector<int64_t> highlyVariableGenes(const CsrMatrix& X, int64_t nTop) {
    if (nTop <= 0) throw ConfigError("the number of highly variable genes must be at least 1, got " + std::to_string(nTop));
    if (X.rows < 2)
        throw InputError("highly variable genes need at least 2 cells to estimate a variance; the matrix has " +
                         std::to_string(X.rows));
    const int64_t genes = X.cols;
    const double n = static_cast<double>(X.rows);

    // Mean and sample variance (ddof 1) of the de-logged values, per gene. Two passes,
    // so a constant gene gets a variance of exactly 0 (hence NaN dispersion, as in scanpy).
    std::vector<double> mean(static_cast<size_t>(genes), 0.0), ss(static_cast<size_t>(genes), 0.0);
    std::vector<int64_t> stored(static_cast<size_t>(genes), 0);
    for (int64_t k = 0; k < X.nnz(); ++k) {
        mean[X.indices[k]] += std::expm1(static_cast<double>(X.values[k]));
        ++stored[X.indices[k]];
    }
    for (double& m : mean) m /= n;
    for (int64_t k = 0; k < X.nnz(); ++k) {
        const double d = std::expm1(static_cast<double>(X.values[k])) - mean[X.indices[k]];
        ss[X.indices[k]] += d * d;
    }
    std::vector<double> logMean(static_cast<size_t>(genes)), logDisp(static_cast<size_t>(genes));
    for (int64_t g = 0; g < genes; ++g) {
        const double zeros = n - static_cast<double>(stored[g]);  // implicit zeros deviate by -mean
        const double var = (ss[g] + zeros * mean[g] * mean[g]) / (n - 1.0);
        const double m = mean[g] == 0.0 ? 1e-12 : mean[g];
        const double disp = var / m;
        logDisp[g] = disp == 0.0 ? std::numeric_limits<double>::quiet_NaN() : std::log(disp);
        logMean[g] = std::log1p(m);
    }

    // z-score of the log dispersion within 20 bins of log mean.
    constexpr int kBins = 20;
    const auto [mnIt, mxIt] = std::minmax_element(logMean.begin(), logMean.end());
    const std::vector<double> edges = genes > 0 ? pandasCutEdges(*mnIt, *mxIt, kBins) : std::vector<double>{};
    std::vector<int> bin(static_cast<size_t>(genes));
    std::vector<double> binSum(kBins, 0.0), binSumSq(kBins, 0.0);
    std::vector<int64_t> binCount(kBins, 0);
    for (int64_t g = 0; g < genes; ++g) {
        bin[g] = binOf(edges, logMean[g]);
        if (std::isnan(logDisp[g])) continue;  // pandas skips NaN in mean and std
        binSum[bin[g]] += logDisp[g];
        ++binCount[bin[g]];
    }
    std::vector<double> binMean(kBins), binSd(kBins);
    for (int b = 0; b < kBins; ++b) binMean[b] = binSum[b] / static_cast<double>(binCount[b]);
    for (int64_t g = 0; g < genes; ++g)
        if (!std::isnan(logDisp[g])) binSumSq[bin[g]] += (logDisp[g] - binMean[bin[g]]) * (logDisp[g] - binMean[bin[g]]);
    for (int b = 0; b < kBins; ++b) {
        if (binCount[b] == 1) {
            // scanpy: a lone gene in its bin gets normalised dispersion 1.
            binSd[b] = binMean[b];
            binMean[b] = 0.0;
        } else {
            binSd[b] = std::sqrt(binSumSq[b] / static_cast<double>(binCount[b] - 1));
        }
    }
    std::vector<double> norm(static_cast<size_t>(genes));
    for (int64_t g = 0; g < genes; ++g) norm[g] = (logDisp[g] - binMean[bin[g]]) / binSd[bin[g]];

    // Top nTop by normalised dispersion; NaN last, ties to the lower index.
    std::vector<int64_t> order(static_cast<size_t>(genes));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
        const bool na = std::isnan(norm[a]), nb = std::isnan(norm[b]);
        if (na != nb) return nb;
        return !na && norm[a] > norm[b];
    });
    order.resize(static_cast<size_t>(std::min(nTop, genes)));
    std::sort(order.begin(), order.end());
    return order;
}

GeneSubset highlyVariableSubset(const Dataset& ds, int64_t nTop) {
    GeneSubset out;
    out.kept = highlyVariableGenes(ds.X, nTop);
    out.data = ds.selectGenes(out.kept);
    return out;
}

// --- gene sets across two datasets ----------------------------------------------------

namespace {

bool matchById(const Dataset& a, const Dataset& b) { return !a.geneIds.empty() && !b.geneIds.empty(); }

const std::vector<std::string>& geneKeys(const Dataset& ds, bool byId) { return byId ? ds.geneIds : ds.geneNames; }

std::string sourceName(const Dataset& ds, const char* fallback) { return ds.source.empty() ? fallback : ds.source; }

}  // namespace

GeneIntersection intersectGenes(const Dataset& a, const Dataset& b) {
    GeneIntersection out;
    out.byId = matchById(a, b);
    const auto& keysA = geneKeys(a, out.byId);
    const auto& keysB = geneKeys(b, out.byId);
    std::unordered_map<std::string, int64_t> inB;
    for (size_t j = 0; j < keysB.size(); ++j) inB.emplace(keysB[j], static_cast<int64_t>(j));
    std::vector<int64_t> colsA, colsB;
    std::unordered_set<int64_t> usedB;
    for (size_t j = 0; j < keysA.size(); ++j) {
        const auto it = inB.find(keysA[j]);
        if (it == inB.end() || !usedB.insert(it->second).second) continue;
        colsA.push_back(static_cast<int64_t>(j));
        colsB.push_back(it->second);
    }
    if (colsA.empty())
        throw InputError("'" + sourceName(a, "first dataset") + "' and '" + sourceName(b, "second dataset") +
                         "' share no genes (matched by " + (out.byId ? "gene id" : "gene name") +
                         "); check that both use the same reference annotation and gene identifiers");
    out.a = a.selectGenes(colsA);
    out.b = b.selectGenes(colsB);
    out.shared = out.a.geneNames;
    return out;
}

ExclusiveGenes exclusiveGenes(const Dataset& a, const Dataset& b) {
    const bool byId = matchById(a, b);
    const auto& keysA = geneKeys(a, byId);
    const auto& keysB = geneKeys(b, byId);
    const std::unordered_set<std::string> setA(keysA.begin(), keysA.end()), setB(keysB.begin(), keysB.end());
    ExclusiveGenes out;
    for (size_t j = 0; j < keysA.size(); ++j)
        if (!setB.count(keysA[j])) out.onlyA.push_back(a.geneNames[j]);
    for (size_t j = 0; j < keysB.size(); ++j)
        if (!setA.count(keysB[j])) out.onlyB.push_back(b.geneNames[j]);
    return out;
}

// --- cells and classes -----------------------------------------------------------------

std::vector<int64_t> subsamplePerClass(const Labels& labels, int64_t maxPerClass, uint64_t seed) {
    std::vector<std::vector<int64_t>> byClass(labels.classes.size());
    for (size_t i = 0; i < labels.y.size(); ++i) {
        const int64_t c = labels.y[i];
        if (c < 0) continue;
        if (c >= static_cast<int64_t>(byClass.size()))
            throw InputError("label " + std::to_string(c) + " of cell " + std::to_string(i) + " in '" +
                             labels.column + "' has no class name; the labels are inconsistent");
        byClass[static_cast<size_t>(c)].push_back(static_cast<int64_t>(i));
    }
    Rng rng(seed);
    std::vector<int64_t> rows;
    for (auto& members : byClass) {
        const size_t n = members.size();
        const size_t take = maxPerClass > 0 ? std::min(n, static_cast<size_t>(maxPerClass)) : n;
        if (take < n) {
            // Partial Fisher-Yates: the first `take` slots become a uniform sample.
            for (size_t i = 0; i < take; ++i) std::swap(members[i], members[i + rng.below(n - i)]);
        }
        rows.insert(rows.end(), members.begin(), members.begin() + static_cast<std::ptrdiff_t>(take));
    }
    std::sort(rows.begin(), rows.end());
    return rows;
}

namespace {

std::string classList(const Labels& labels) {
    std::string s;
    for (const auto& c : labels.classes) s += (s.empty() ? "" : ", ") + c;
    return s;
}

int64_t classIndex(const Labels& labels, const std::string& name) {
    const auto it = std::find(labels.classes.begin(), labels.classes.end(), name);
    if (it == labels.classes.end())
        throw InputError("class '" + name + "' not found in '" + labels.column + "'; available: " + classList(labels));
    return it - labels.classes.begin();
}

}  // namespace

Labels keepClasses(const Labels& labels, const std::vector<std::string>& classNames) {
    if (classNames.size() < 2)
        throw InputError("keep at least two classes of '" + labels.column +
                         "' so there is something to separate; available: " + classList(labels));
    std::vector<int64_t> newIndex(labels.classes.size(), -1);
    for (size_t i = 0; i < classNames.size(); ++i) {
        const int64_t old = classIndex(labels, classNames[i]);
        if (newIndex[static_cast<size_t>(old)] >= 0)
            throw InputError("class '" + classNames[i] + "' is listed twice");
        newIndex[static_cast<size_t>(old)] = static_cast<int64_t>(i);
    }
    Labels out;
    out.column = labels.column;
    out.classes = classNames;
    out.y.reserve(labels.y.size());
    for (int64_t v : labels.y) out.y.push_back(v >= 0 ? newIndex[static_cast<size_t>(v)] : -1);
    return out;
}

Labels oneVsRest(const Labels& labels, const std::string& className, const std::string& restName) {
    const int64_t target = classIndex(labels, className);
    Labels out;
    out.column = labels.column;
    out.classes = {className, restName.empty() ? "not " + className : restName};
    if (out.classes[1] == className)
        throw InputError("the rest class cannot have the same name as '" + className + "'");
    out.y.reserve(labels.y.size());
    int64_t inClass = 0, inRest = 0;
    for (int64_t v : labels.y) {
        if (v < 0) {
            out.y.push_back(-1);
        } else if (v == target) {
            out.y.push_back(0);
            ++inClass;
        } else {
            out.y.push_back(1);
            ++inRest;
        }
    }
    if (inClass == 0 || inRest == 0)
        throw InputError("'" + className + "' against the rest of '" + labels.column + "' leaves " +
                         (inClass == 0 ? "no cells in '" + className + "'" : std::string("no other cells")) +
                         "; pick another class");
    return out;
}

void checkFinite(const CsrMatrix& X, const std::string& what) {
    for (int64_t r = 0; r < X.rows; ++r) {
        if (r % kRowsPerCheck == 0) interruptionPoint();
        for (int64_t k = X.indptr[r]; k < X.indptr[r + 1]; ++k)
            if (!std::isfinite(X.values[k]))
                throw InputError(what + " holds " + (std::isnan(X.values[k]) ? "NaN" : "an infinite value") +
                                 " at cell (row) " + std::to_string(r) + ", gene (column) " +
                                 std::to_string(X.indices[k]) +
                                 "; remove or impute non-finite values before the analysis");
    }
}

}  // namespace dm
