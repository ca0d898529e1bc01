#include "analysis/differential.h"

#include "analysis/tail_probability.h"
#include "common/error.h"
#include "common/interrupt.h"
#include "data/csr_columns.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <cmath>
#include <exception>
#include <limits>
#include <mutex>
#include <numeric>
#include <thread>

namespace dm {
namespace {

constexpr double kLn10 = 2.302585092994045684;
constexpr int64_t kBlockNnz = int64_t{4} << 20;  // stored values per gathered block (32 MB)

// Per gene and group: the sums every test and summary needs, from the stored values.
struct GroupSums {
    std::vector<int64_t> stored;    // stored (nonzero) values
    std::vector<int64_t> positive;  // values > 0 (Seurat's "expressing")
    std::vector<double> sum, sumFold, shiftedSquares;
    std::vector<double> rankSum;
    void reset(size_t groups) {
        stored.assign(groups, 0);
        positive.assign(groups, 0);
        sum.assign(groups, 0.0);
        sumFold.assign(groups, 0.0);
        shiftedSquares.assign(groups, 0.0);
        rankSum.assign(groups, 0.0);
    }
};

struct Setup {
    const std::vector<int32_t>* group;
    std::vector<int64_t> cells;  // per group
    int64_t universe = 0;        // cells in some group
    std::vector<int32_t> tested;
    DeOptions options;
};

// A stored value and its cell's group packed into one integer whose order is the value's
// order: the per-gene sort (the test's main cost) compares plain integers.
using Entry = uint64_t;

uint32_t orderedBits(float v) {
    uint32_t u;
    std::memcpy(&u, &v, sizeof u);
    return (u & 0x80000000u) ? ~u : (u | 0x80000000u);  // negatives reversed, below positives
}
float valueOf(Entry e) {
    uint32_t u = static_cast<uint32_t>(e >> 32);
    u = (u & 0x80000000u) ? (u & 0x7FFFFFFFu) : ~u;
    float v;
    std::memcpy(&v, &u, sizeof v);
    return v;
}
Entry makeEntry(float v, int32_t group) {
    return (static_cast<uint64_t>(orderedBits(v)) << 32) | static_cast<uint32_t>(group);
}
size_t groupOf(Entry e) { return static_cast<size_t>(static_cast<uint32_t>(e)); }

double foldMean(float v, FoldChangeMean mean) {
    return mean == FoldChangeMean::Expm1 ? std::expm1(static_cast<double>(v)) : static_cast<double>(v);
}

// Rank sums of every group and the tie term sum(t^3 - t) over the pooled cells; the
// stored zeros (all cells of the universe without a stored value) are one tied block.
// Also the groups' fold-change sums, one expm1 per distinct value.
double rankSums(std::vector<Entry>& entries, const Setup& s, GroupSums& g) {
    std::sort(entries.begin(), entries.end());
    const int64_t n = static_cast<int64_t>(entries.size());
    const int64_t zeros = s.universe - n;
    const Entry zeroKey = static_cast<Entry>(orderedBits(0.0f)) << 32;
    const int64_t negatives = std::lower_bound(entries.begin(), entries.end(), zeroKey) - entries.begin();
    double ties = 0;
    for (int64_t i = 0; i < n;) {
        const uint64_t key = entries[static_cast<size_t>(i)] >> 32;
        int64_t j = i + 1;
        while (j < n && (entries[static_cast<size_t>(j)] >> 32) == key) ++j;
        const int64_t offset = i >= negatives ? zeros : 0;  // positives rank after the zero block
        const double rank = static_cast<double>(offset) + static_cast<double>(i + j + 1) / 2.0;  // mean of ranks i+1..j
        const double fold = foldMean(valueOf(entries[static_cast<size_t>(i)]), s.options.foldChangeMean);
        for (int64_t k = i; k < j; ++k) {
            const size_t gr = groupOf(entries[static_cast<size_t>(k)]);
            g.rankSum[gr] += rank;
            g.sumFold[gr] += fold;
        }
        const double t = static_cast<double>(j - i);
        ties += t * t * t - t;
        i = j;
    }
    const double zeroRank = static_cast<double>(negatives) + static_cast<double>(zeros + 1) / 2.0;
    for (size_t k = 0; k < g.rankSum.size(); ++k)
        g.rankSum[k] += zeroRank * static_cast<double>(s.cells[k] - g.stored[k]);
    const double z = static_cast<double>(zeros);
    ties += z * z * z - z;
    return ties;
}

struct TestOutcome {
    double statistic;
    TailProbability tail;
};

// R's wilcox.test(x, y, exact = FALSE, correct = TRUE), two-sided.
TestOutcome wilcoxon(double rankSum, double n1, double n2, double ties) {
    const double w = rankSum - n1 * (n1 + 1) / 2;
    const double n = n1 + n2;
    const double centred = w - n1 * n2 / 2;
    const double sigma = std::sqrt((n1 * n2 / 12) * ((n + 1) - ties / (n * (n - 1))));
    if (!(sigma > 0)) return {w, {1.0, 0.0}};  // every compared cell ties: no evidence
    const double correction = centred > 0 ? 0.5 : (centred < 0 ? -0.5 : 0.0);
    return {w, normalTwoSided((centred - correction) / sigma)};
}

// R's t.test(x, y) (Welch), two-sided, from the groups' means and sums of squared
// deviations.
TestOutcome welch(double mean1, double squares1, double n1, double mean2, double squares2, double n2) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (n1 < 2 || n2 < 2) return {nan, {nan, nan}};
    const double se1 = squares1 / (n1 - 1) / n1, se2 = squares2 / (n2 - 1) / n2;
    const double se = std::sqrt(se1 + se2);
    const double diff = mean1 - mean2;
    // R stops with "data are essentially constant" here; the limits are reported instead.
    if (se < 10 * std::numeric_limits<double>::epsilon() * std::max(std::abs(mean1), std::abs(mean2)) || se == 0) {
        if (diff == 0) return {0.0, {1.0, 0.0}};
        return {diff > 0 ? HUGE_VAL : -HUGE_VAL, {0.0, -HUGE_VAL}};
    }
    const double df = (se1 + se2) * (se1 + se2) / (se1 * se1 / (n1 - 1) + se2 * se2 / (n2 - 1));
    const double t = diff / se;
    return {t, studentTwoSided(t, df)};
}

// Everything about one gene (its stored values `rows`/`values`), into out[t][gene] for
// each tested group t.
void analyseGene(int64_t gene, const int32_t* rows, const float* values, int64_t count, const Setup& s,
                 GroupSums& g, std::vector<Entry>& entries, std::vector<std::vector<GeneDe>>& out) {
    const auto& group = *s.group;
    const size_t groups = s.cells.size();
    g.reset(groups);
    entries.clear();
    double total = 0;
    for (int64_t k = 0; k < count; ++k) {
        const int32_t gr = group[static_cast<size_t>(rows[k])];
        if (gr < 0) continue;
        const float v = values[k];
        if (v == 0) continue;  // an explicitly stored zero belongs to the zero block
        if (std::isnan(v))
            throw InputError("differential expression: the matrix holds NaN (cell " + std::to_string(rows[k]) +
                             ", gene " + std::to_string(gene + 1) + "); remove or impute missing values first");
        entries.push_back(makeEntry(v, gr));
        ++g.stored[static_cast<size_t>(gr)];
        if (v > 0) ++g.positive[static_cast<size_t>(gr)];
        g.sum[static_cast<size_t>(gr)] += v;
        total += v;
    }
    const double n = static_cast<double>(s.universe);
    double allSum = 0, allFold = 0, allSquares = 0;
    int64_t allPositive = 0;
    double ties = 0;
    if (s.options.test == DeTest::Wilcoxon) {
        ties = rankSums(entries, s, g);
    } else {
        // Squares about the overall mean: per-group deviations follow without a pass per
        // group, and with little cancellation (the shift is close to every group's mean).
        const double shift = total / n;
        for (const Entry e : entries) {
            const float v = valueOf(e);
            const double d = v - shift;
            g.shiftedSquares[groupOf(e)] += d * d - shift * shift;  // zero's share added below
            g.sumFold[groupOf(e)] += foldMean(v, s.options.foldChangeMean);
        }
        for (size_t k = 0; k < groups; ++k) g.shiftedSquares[k] += static_cast<double>(s.cells[k]) * shift * shift;
    }
    for (size_t k = 0; k < groups; ++k) {
        allSum += g.sum[k];
        allFold += g.sumFold[k];
        allSquares += g.shiftedSquares[k];
        allPositive += g.positive[k];
    }
    const double shift = total / n;
    for (size_t t = 0; t < s.tested.size(); ++t) {
        const size_t k = static_cast<size_t>(s.tested[t]);
        const double n1 = static_cast<double>(s.cells[k]), n2 = n - n1;
        GeneDe& r = out[t][static_cast<size_t>(gene)];
        r.gene = gene;
        TestOutcome o;
        if (s.options.test == DeTest::Wilcoxon) {
            o = wilcoxon(g.rankSum[k], n1, n2, ties);
        } else {
            const double mean1 = g.sum[k] / n1, mean2 = (allSum - g.sum[k]) / n2;
            const double sq1 = g.shiftedSquares[k] - n1 * (mean1 - shift) * (mean1 - shift);
            const double sq2 = (allSquares - g.shiftedSquares[k]) - n2 * (mean2 - shift) * (mean2 - shift);
            o = welch(mean1, std::max(0.0, sq1), n1, mean2, std::max(0.0, sq2), n2);
        }
        r.statistic = o.statistic;
        r.pValue = o.tail.p;
        r.log10P = o.tail.logP / kLn10;
        r.avgLog2FC = std::log2(g.sumFold[k] / n1 + 1.0) - std::log2((allFold - g.sumFold[k]) / n2 + 1.0);
        r.pct1 = roundLikeR(static_cast<double>(g.positive[k]) / n1, 3);
        r.pct2 = roundLikeR(static_cast<double>(allPositive - g.positive[k]) / n2, 3);
    }
}

int workerCount(int requested, size_t blocks) {
    int n = requested > 0 ? requested : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    return std::max(1, std::min<int>(n, static_cast<int>(blocks)));
}

// Runs analyseGene over every gene, blocks of genes shared among the threads.
std::vector<std::vector<GeneDe>> analyseAllGenes(const CsrMatrix& X, const Setup& s) {
    std::vector<std::vector<GeneDe>> out(s.tested.size(), std::vector<GeneDe>(static_cast<size_t>(X.cols)));
    const int requested = s.options.threads > 0 ? s.options.threads
                                                : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const std::vector<ColumnRange> blocks = planColumnBlocks(X, kBlockNnz, int64_t{4} * requested);
    std::atomic<size_t> next{0};
    std::exception_ptr failure;
    std::mutex failureMutex;
    auto work = [&] {
        try {
            ColumnBlock block;
            GroupSums sums;
            std::vector<Entry> entries;
            for (size_t b = next++; b < blocks.size(); b = next++) {
                // A stop lands between blocks: the caller's thread takes blocks too, and its
                // Cancelled ends the others' loops through `failure`.
                interruptionPoint();
                gatherColumns(X, blocks[b], block);
                for (int64_t c = blocks[b].first; c < blocks[b].last; ++c) {
                    const int64_t from = block.offsets[static_cast<size_t>(c - blocks[b].first)];
                    const int64_t to = block.offsets[static_cast<size_t>(c - blocks[b].first + 1)];
                    analyseGene(c, block.rows.data() + from, block.values.data() + from, to - from, s, sums, entries,
                                out);
                }
            }
        } catch (...) {
            std::lock_guard<std::mutex> lock(failureMutex);
            if (!failure) failure = std::current_exception();
            next = blocks.size();
        }
    };
    const int threads = workerCount(requested, blocks.size());
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& th : pool) th.join();
    if (failure) std::rethrow_exception(failure);
    return out;
}

// p_val_adj and p_val_bh, then Seurat's order.
void finishComparison(std::vector<GeneDe>& genes) {
    std::vector<double> p(genes.size());
    for (size_t i = 0; i < genes.size(); ++i) p[i] = genes[i].pValue;
    const std::vector<double> bh = adjustBenjaminiHochberg(p);
    const double n = static_cast<double>(genes.size());
    for (size_t i = 0; i < genes.size(); ++i) {
        genes[i].pAdjBH = bh[i];
        genes[i].pAdjBonferroni = std::isnan(p[i]) ? p[i] : std::min(1.0, p[i] * n);
    }
    // R's order(p_val, -avg_log2FC) is stable: equal keys keep gene order. Where R would
    // see a tie of p-values that underflowed to 0, log10P orders them as the exact values.
    std::stable_sort(genes.begin(), genes.end(), [](const GeneDe& a, const GeneDe& b) {
        const bool an = std::isnan(a.pValue), bn = std::isnan(b.pValue);
        if (an != bn) return bn;
        if (an) return false;
        if (a.pValue != b.pValue) return a.pValue < b.pValue;
        if (a.pValue == 0 && a.log10P != b.log10P) return a.log10P < b.log10P;
        return a.avgLog2FC > b.avgLog2FC;
    });
}

void checkLabels(const CsrMatrix& X, const std::vector<int64_t>& y, const std::vector<std::string>& classes,
                 const std::vector<std::string>& geneNames) {
    if (static_cast<int64_t>(y.size()) != X.rows)
        throw InputError("differential expression: " + std::to_string(y.size()) + " labels for " +
                         std::to_string(X.rows) + " cells; give one label per cell");
    if (static_cast<int64_t>(geneNames.size()) != X.cols)
        throw InputError("differential expression: " + std::to_string(geneNames.size()) + " gene names for " +
                         std::to_string(X.cols) + " genes");
    for (int64_t v : y)
        if (v < -1 || v >= static_cast<int64_t>(classes.size()))
            throw InputError("differential expression: label " + std::to_string(v) + " is not one of the " +
                             std::to_string(classes.size()) + " classes");
}

std::string classList(const std::vector<std::string>& classes) {
    std::string s;
    for (const auto& c : classes) s += (s.empty() ? "" : ", ") + c;
    return s;
}

}  // namespace

const char* deTestName(DeTest test) { return test == DeTest::Wilcoxon ? "wilcoxon" : "t"; }

DeTest deTestFromName(const std::string& name) {
    if (name == "wilcoxon" || name == "wilcox") return DeTest::Wilcoxon;
    if (name == "t" || name == "welch") return DeTest::WelchT;
    throw InputError("unknown test '" + name + "'; choose wilcoxon or t");
}

const char* foldChangeMeanName(FoldChangeMean mean) { return mean == FoldChangeMean::Expm1 ? "expm1" : "plain"; }

FoldChangeMean foldChangeMeanFromName(const std::string& name) {
    if (name == "expm1") return FoldChangeMean::Expm1;
    if (name == "plain") return FoldChangeMean::Plain;
    throw InputError("unknown fold-change mean '" + name + "'; choose expm1 or plain");
}

std::vector<double> adjustBenjaminiHochberg(const std::vector<double>& p) {
    const double n = static_cast<double>(p.size());
    std::vector<size_t> order;
    for (size_t i = 0; i < p.size(); ++i)
        if (!std::isnan(p[i])) order.push_back(i);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return p[a] > p[b]; });
    std::vector<double> out(p);
    double running = 1.0;
    for (size_t k = 0; k < order.size(); ++k) {
        const double rank = static_cast<double>(order.size() - k);  // 1-based rank, ascending p
        running = std::min(running, n / rank * p[order[k]]);
        out[order[k]] = std::min(1.0, running);
    }
    return out;
}

std::vector<int64_t> topGenes(const DeComparison& comparison, int64_t k) {
    std::vector<int64_t> top;
    for (const GeneDe& g : comparison.genes) {
        if (static_cast<int64_t>(top.size()) >= k) break;
        top.push_back(g.gene);
    }
    return top;
}

DeResult compareGroups(const CsrMatrix& X, const std::vector<int32_t>& group, const std::vector<std::string>& groupNames,
                       const std::vector<int32_t>& tested, const std::vector<std::string>& geneNames,
                       const DeOptions& options) {
    if (static_cast<int64_t>(group.size()) != X.rows)
        throw InputError("differential expression: " + std::to_string(group.size()) + " group entries for " +
                         std::to_string(X.rows) + " cells");
    if (static_cast<int64_t>(geneNames.size()) != X.cols)
        throw InputError("differential expression: gene names and matrix columns differ in number");
    Setup s;
    s.group = &group;
    s.options = options;
    s.tested = tested;
    s.cells.assign(groupNames.size(), 0);
    for (int32_t g : group) {
        if (g < -1 || g >= static_cast<int32_t>(groupNames.size()))
            throw InputError("differential expression: group " + std::to_string(g) + " out of range");
        if (g >= 0) ++s.cells[static_cast<size_t>(g)], ++s.universe;
    }
    for (int32_t t : tested) {
        if (t < 0 || t >= static_cast<int32_t>(groupNames.size()))
            throw InputError("differential expression: tested group " + std::to_string(t) + " out of range");
        if (s.cells[static_cast<size_t>(t)] == 0 || s.cells[static_cast<size_t>(t)] == s.universe)
            throw InputError("differential expression: group '" + groupNames[static_cast<size_t>(t)] +
                             "' has " + std::to_string(s.cells[static_cast<size_t>(t)]) + " of the " +
                             std::to_string(s.universe) + " compared cells; both sides need cells");
    }
    DeResult result;
    result.test = options.test;
    result.geneNames = geneNames;
    std::vector<std::vector<GeneDe>> genes = analyseAllGenes(X, s);
    for (size_t t = 0; t < tested.size(); ++t) {
        DeComparison c;
        const size_t k = static_cast<size_t>(tested[t]);
        c.group = groupNames[k];
        c.reference = groupNames.size() == 2 ? groupNames[1 - k] : "rest";
        c.cells1 = s.cells[k];
        c.cells2 = s.universe - s.cells[k];
        if (options.test == DeTest::WelchT && (c.cells1 < 2 || c.cells2 < 2))
            c.note = "Welch's t-test needs at least 2 cells on each side ('" + c.group + "' has " +
                     std::to_string(c.cells1) + ", '" + c.reference + "' " + std::to_string(c.cells2) +
                     "); p-values are NaN: use the Wilcoxon test for this comparison";
        c.genes = std::move(genes[t]);
        finishComparison(c.genes);
        result.comparisons.push_back(std::move(c));
    }
    return result;
}

DeResult findAllMarkers(const CsrMatrix& X, const std::vector<int64_t>& y, const std::vector<std::string>& classes,
                        const std::vector<std::string>& geneNames, const DeOptions& options) {
    checkLabels(X, y, classes, geneNames);
    std::vector<int64_t> counts(classes.size(), 0);
    for (int64_t v : y)
        if (v >= 0) ++counts[static_cast<size_t>(v)];
    std::vector<int32_t> tested;
    std::vector<std::string> skipped;
    for (size_t k = 0; k < classes.size(); ++k) {
        if (counts[k] > 0)
            tested.push_back(static_cast<int32_t>(k));
        else
            skipped.push_back(classes[k]);
    }
    if (tested.size() < 2)
        throw InputError("differential expression needs at least two classes with cells; found " +
                         std::to_string(tested.size()) + " (classes: " + classList(classes) + ")");
    std::vector<int32_t> group(y.size());
    for (size_t i = 0; i < y.size(); ++i) group[i] = static_cast<int32_t>(y[i]);
    // With exactly two classes the reference still reads "rest" (one-vs-rest semantics).
    std::vector<std::string> names = classes;
    DeResult r = compareGroups(X, group, names, tested, geneNames, options);
    for (auto& c : r.comparisons) c.reference = "rest";
    r.skippedClasses = skipped;
    return r;
}

DeResult findMarkersBetween(const CsrMatrix& X, const std::vector<int64_t>& y, const std::vector<std::string>& classes,
                            const std::vector<std::string>& geneNames, const std::string& groupA,
                            const std::string& groupB, const DeOptions& options) {
    checkLabels(X, y, classes, geneNames);
    auto find = [&](const std::string& name) {
        const auto it = std::find(classes.begin(), classes.end(), name);
        if (it == classes.end())
            throw InputError("group '" + name + "' is not a class; available: " + classList(classes));
        return static_cast<int64_t>(it - classes.begin());
    };
    const int64_t a = find(groupA), b = find(groupB);
    if (a == b) throw InputError("the two groups are the same class ('" + groupA + "'); give two different classes");
    std::vector<int32_t> group(y.size(), -1);
    int64_t na = 0, nb = 0;
    for (size_t i = 0; i < y.size(); ++i) {
        if (y[i] == a) group[i] = 0, ++na;
        if (y[i] == b) group[i] = 1, ++nb;
    }
    if (na == 0 || nb == 0)
        throw InputError("group '" + (na == 0 ? groupA : groupB) + "' has no cells; choose a class with cells");
    return compareGroups(X, group, {groupA, groupB}, {0}, geneNames, options);
}

}  // namespace dm
