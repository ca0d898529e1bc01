// Does the default analysis find the genes that separate the classes? A plain harness (no
// pass/fail) that prints tables and writes JSON; docs/science.md records and explains it.
//   ladder  planted datasets from the demo generator, easy to hard, several seeds each:
//           recall@50 of the planted markers and chord genes (counted apart) and held-out
//           accuracy for DeepMapper under each configuration, the linear baseline, a Welch
//           t-test and a Wilcoxon rank-sum test (one class against the rest, best class per
//           gene)
//   real    held-out accuracy on real files for each configuration against the linear
//           baseline, and the expression bias of each ranking: how many of its top 20 are
//           among the 20 genes of highest mean expression, how many it shares with the
//           linear baseline's and the t-test's top 20
//   bench_science [--json FILE] [--quick] [--only ladder,real] [--rungs a,b] [--seeds N]
//                 [--passes N] [--configs NAME,NAME=JSON-PATCH,...] [--threads N]
//                 [--data DIR] [--real pbmc68k,pancreas] [--orders ORDER,...]
// --orders also ranks each DeepMapper run's accumulated statistics in the other ranking
// orders (analysis/ranking_order.h), rows "dm:NAME@ORDER": the same passes, no training.
// A configuration is `default`, `seed` (the seed document's defaults), a backbone kind
// (the default with that backbone) or NAME=PATCH, a JSON merge patch on the default
// configuration, e.g. 'wide={"backbone":{"kind":"cnn_small","extra":{"width":32}}}'
// (NAME=seed:PATCH patches the seed preset instead).
#include "analysis/linear_baseline.h"
#include "data/preprocess.h"
#include "data/readers.h"
#include "data/synthetic.h"
#include "engine/presets.h"
#include "engine/runner.h"
#include "engine/runtime.h"
#include "train/split.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "bench_support.h"

namespace {

using namespace dm;
using namespace dm::bench;
using Json = nlohmann::json;

constexpr int kRecallAt = 50;

// ---------------------------------------------------------------- options

struct NamedConfig {
    std::string name;
    RunConfig config;
};

struct Options {
    std::string json = "bench_science.json";
    bool quick = false;
    std::set<std::string> only;
    std::set<std::string> rungs;
    int seeds = 0;   // 0: the ladder's own count
    int passes = 3;
    int threads = 0;
    std::vector<std::string> configSpecs = {"default", "seed", "cnn_small", "cnn", "mlp", "linear", "vit_cct"};
    std::vector<NamedConfig> configs;
    std::string dataDir;
    std::vector<std::string> real = {"pbmc68k", "pancreas"};
    std::vector<std::string> orders;  // extra ranking orders of the same runs
};

NamedConfig parseConfig(const std::string& spec) {
    const auto eq = spec.find('=');
    if (eq != std::string::npos) {
        std::string patch = spec.substr(eq + 1);
        const bool fromSeed = patch.rfind("seed:", 0) == 0;  // NAME=seed:PATCH patches the seed preset
        if (fromSeed) patch = patch.substr(5);
        Json j = toJson(fromSeed ? seedRunConfig() : defaultRunConfig());
        j.merge_patch(Json::parse(patch));
        return {spec.substr(0, eq), runConfigFromJson(j)};
    }
    if (spec == "default") return {spec, defaultRunConfig()};
    if (isPreset(spec)) return {spec, presetConfig(spec)};
    RunConfig c = defaultRunConfig();
    c.backbone.kind = spec;
    return {spec, c};
}

// Splits "a,b" at commas that are not inside a JSON patch.
std::vector<std::string> splitTopLevel(const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    int depth = 0;
    for (char ch : s) {
        if (ch == '{' || ch == '[') ++depth;
        if (ch == '}' || ch == ']') --depth;
        if (ch == ',' && depth == 0) {
            out.push_back(cur);
            cur.clear();
        } else {
            cur += ch;
        }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
}

Options parseOptions(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
            return argv[++i];
        };
        if (a == "--json") o.json = next();
        else if (a == "--quick") o.quick = true;
        else if (a == "--only") for (auto& s : splitTopLevel(next())) o.only.insert(s);
        else if (a == "--rungs") for (auto& s : splitTopLevel(next())) o.rungs.insert(s);
        else if (a == "--seeds") o.seeds = std::stoi(next());
        else if (a == "--passes") o.passes = std::stoi(next());
        else if (a == "--threads") o.threads = std::stoi(next());
        else if (a == "--configs") o.configSpecs = splitTopLevel(next());
        else if (a == "--data") o.dataDir = next();
        else if (a == "--real") o.real = splitTopLevel(next());
        else if (a == "--orders") o.orders = splitTopLevel(next());
        else throw std::runtime_error("unknown option " + a);
    }
    for (const auto& s : o.configSpecs) o.configs.push_back(parseConfig(s));
    if (o.dataDir.empty()) {
        const char* shared = std::getenv("DM_SHARED_DIR");
        o.dataDir = std::string(shared ? shared : "../shared") + "/data/h5ad";
    }
    return o;
}

bool wanted(const Options& o, const std::string& section) { return o.only.empty() || o.only.count(section); }

// ---------------------------------------------------------------- the ladder

struct Rung {
    std::string name;
    SyntheticSpec spec;
    int seeds = 2;
};

SyntheticSpec spec(int64_t cells, int64_t genes, int classes, int markers, double markerFc, int chord, double chordFc,
                   double librarySize) {
    SyntheticSpec s;
    s.cells = cells;
    s.genes = genes;
    s.classes = classes;
    s.markersPerClass = markers;
    s.markerFoldChange = markerFc;
    s.chordPerClass = chord;
    s.chordFoldChange = chordFc;
    s.medianLibrarySize = librarySize;
    return s;
}

// Easy to hard, three data seeds each. Library sizes set the density: 0.05-0.3 non-zero, as
// issue 17 asks (measured densities are printed per rung). --quick drops the large rung.
std::vector<Rung> ladder(bool quick) {
    std::vector<Rung> r;
    r.push_back({"easy", spec(600, 2000, 3, 5, 3.0, 10, 1.5, 900), 3});
    r.push_back({"issue17", spec(1500, 4000, 3, 5, 2.0, 30, 1.25, 500), 3});
    r.push_back({"weak", spec(1200, 4000, 3, 5, 1.5, 60, 1.1, 1200), 3});
    r.push_back({"classes8", spec(2000, 3000, 8, 5, 2.0, 10, 1.3, 1000), 3});
    Rung imb{"imbalanced", spec(1500, 3000, 2, 5, 2.0, 30, 1.25, 800), 3};
    imb.spec.classWeights = {1, 10};
    r.push_back(imb);
    r.push_back({"dense", spec(1000, 2000, 4, 5, 1.5, 20, 1.2, 1200), 3});
    if (!quick) r.push_back({"large", spec(5000, 20000, 5, 5, 2.0, 40, 1.25, 5000), 3});
    return r;
}

// ---------------------------------------------------------------- statistics

struct Recall {
    double markers = 0, chords = 0, all = 0;
};

Json toJson(const Recall& r) { return {{"markers", r.markers}, {"chords", r.chords}, {"all", r.all}}; }

// Planted genes among the first 50 of `order`, as a fraction of what 50 slots can hold.
Recall recallAt(const std::vector<int64_t>& order, const std::vector<GeneTruth>& truth) {
    size_t markers = 0, chords = 0, nMarkers = 0, nChords = 0;
    for (const auto& t : truth) {
        nMarkers += t.role == GeneRole::Marker;
        nChords += t.role == GeneRole::Chord;
    }
    const size_t k = std::min<size_t>(kRecallAt, order.size());
    for (size_t i = 0; i < k; ++i) {
        const GeneRole role = truth[static_cast<size_t>(order[i])].role;
        markers += role == GeneRole::Marker;
        chords += role == GeneRole::Chord;
    }
    auto frac = [&](size_t found, size_t planted) {
        return planted ? double(found) / double(std::min<size_t>(planted, k)) : 0.0;
    };
    return {frac(markers, nMarkers), frac(chords, nChords), frac(markers + chords, nMarkers + nChords)};
}

std::vector<int64_t> orderByScore(const std::vector<double>& score) {
    std::vector<int64_t> order(score.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return score[a] > score[b]; });
    return order;
}

// Genes as columns: values of each gene over the cells (dense; the bench's matrices are modest).
std::vector<std::vector<float>> columns(const CsrMatrix& X) {
    std::vector<std::vector<float>> cols(static_cast<size_t>(X.cols), std::vector<float>(X.rows, 0.0f));
    for (int64_t r = 0; r < X.rows; ++r)
        for (int64_t k = X.indptr[r]; k < X.indptr[r + 1]; ++k) cols[X.indices[k]][r] = X.values[k];
    return cols;
}

// Welch t, one class against the rest; a gene's score is its largest |t| over classes.
std::vector<double> welchScores(const std::vector<std::vector<float>>& cols, const std::vector<int64_t>& y,
                                int classes) {
    std::vector<double> score(cols.size(), 0.0);
    std::vector<double> n(classes, 0);
    for (int64_t c : y) n[c] += 1;
    const double N = static_cast<double>(y.size());
    for (size_t g = 0; g < cols.size(); ++g) {
        std::vector<double> s(classes, 0), ss(classes, 0);
        double S = 0, SS = 0;
        for (size_t i = 0; i < y.size(); ++i) {
            const double v = cols[g][i];
            s[y[i]] += v;
            ss[y[i]] += v * v;
            S += v;
            SS += v * v;
        }
        double best = 0;
        for (int k = 0; k < classes; ++k) {
            const double n1 = n[k], n2 = N - n[k];
            if (n1 < 2 || n2 < 2) continue;
            const double m1 = s[k] / n1, m2 = (S - s[k]) / n2;
            const double v1 = (ss[k] - n1 * m1 * m1) / (n1 - 1), v2 = (SS - ss[k] - n2 * m2 * m2) / (n2 - 1);
            const double se = std::sqrt(std::max(v1 / n1 + v2 / n2, 1e-300));
            best = std::max(best, std::abs(m1 - m2) / se);
        }
        score[g] = best;
    }
    return score;
}

// Wilcoxon rank-sum (normal approximation with the tie correction), one class against the
// rest; a gene's score is its largest |z| over classes.
std::vector<double> wilcoxonScores(const std::vector<std::vector<float>>& cols, const std::vector<int64_t>& y,
                                   int classes) {
    std::vector<double> score(cols.size(), 0.0);
    std::vector<double> n(classes, 0);
    for (int64_t c : y) n[c] += 1;
    const size_t N = y.size();
    std::vector<size_t> idx(N);
    std::vector<double> rank(N);
    for (size_t g = 0; g < cols.size(); ++g) {
        const auto& v = cols[g];
        std::iota(idx.begin(), idx.end(), 0);
        std::sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return v[a] < v[b]; });
        double tieSum = 0;
        for (size_t i = 0; i < N;) {
            size_t j = i;
            while (j + 1 < N && v[idx[j + 1]] == v[idx[i]]) ++j;
            const double r = 0.5 * double(i + j) + 1.0;
            for (size_t m = i; m <= j; ++m) rank[idx[m]] = r;
            const double t = double(j - i + 1);
            tieSum += t * t * t - t;
            i = j + 1;
        }
        std::vector<double> R(classes, 0);
        for (size_t i = 0; i < N; ++i) R[y[i]] += rank[i];
        double best = 0;
        const double Nd = double(N);
        for (int k = 0; k < classes; ++k) {
            const double n1 = n[k], n2 = Nd - n[k];
            if (n1 < 1 || n2 < 1) continue;
            const double U = R[k] - n1 * (n1 + 1) / 2;
            const double var = n1 * n2 / 12.0 * ((Nd + 1) - tieSum / (Nd * (Nd - 1)));
            if (var <= 0) continue;
            best = std::max(best, std::abs(U - n1 * n2 / 2) / std::sqrt(var));
        }
        score[g] = best;
    }
    return score;
}

CsrMatrix rowsOf(const CsrMatrix& X, const std::vector<int64_t>& rows) { return X.selectRows(rows); }
std::vector<int64_t> labelsOf(const std::vector<int64_t>& y, const std::vector<int64_t>& rows) {
    std::vector<int64_t> out;
    for (int64_t r : rows) out.push_back(y[r]);
    return out;
}

// The linear baseline: held-out accuracy from a fit on the training cells of the same
// stratified split DeepMapper's first pass uses; the ranking from the fit on every cell
// (what `deepmapper linear` reports).
struct LinearOutcome {
    double accuracy = 0;
    std::vector<int64_t> order;
};

LinearOutcome linearBaseline(const CsrMatrix& X, const std::vector<int64_t>& y, const std::vector<std::string>& classes,
                             const std::vector<std::string>& names, uint64_t seed) {
    LinearOutcome out;
    const Split split = splitCells(y, static_cast<int64_t>(classes.size()), 0.25, 0.0, seed);
    const auto fit = fitLinearBaseline(rowsOf(X, split.train), labelsOf(y, split.train), classes, names);
    const Eigen::MatrixXd p = predictLinearBaseline(fit, rowsOf(X, split.test));
    int64_t correct = 0;
    for (size_t i = 0; i < split.test.size(); ++i) {
        Eigen::Index best;
        p.row(static_cast<Eigen::Index>(i)).maxCoeff(&best);
        correct += fit.classLabels[static_cast<size_t>(best)] == y[split.test[i]];
    }
    out.accuracy = double(correct) / double(std::max<size_t>(1, split.test.size()));
    out.order = fitLinearBaseline(X, y, classes, names).order;
    return out;
}

struct DmOutcome {
    double accuracy = 0;      // mean held-out accuracy over tries
    double seconds = 0;
    int accepted = 0, tries = 0;
    std::vector<int64_t> order;
    std::map<std::string, std::vector<int64_t>> orderBy;  // --orders: the same findings re-ranked
};

DmOutcome deepMapper(const CsrMatrix& X, const std::vector<int64_t>& y, const std::vector<std::string>& classes,
                     const std::vector<std::string>& names, RunConfig c, int passes, uint64_t seed, int threads,
                     const std::vector<std::string>& orders = {}) {
    c.passes = passes;
    c.seed = seed;
    c.threads = threads;
    c.topK = std::max(c.topK, 1);
    RunInput in;
    in.X = &X;
    in.y = y;
    in.classes = classes;
    in.featureNames = names;
    const auto t0 = std::chrono::steady_clock::now();
    const Findings f = runDeepMapper(in, c);
    DmOutcome out;
    out.seconds = seconds(t0);
    out.accepted = f.accepted;
    out.tries = f.tries;
    for (const auto& p : f.passes) out.accuracy += p.accuracy / double(std::max<size_t>(1, f.passes.size()));
    for (const auto& r : f.ranking()) out.order.push_back(r.feature);
    for (const std::string& order : orders) {
        Findings reordered = f;
        reordered.rankingOrder = order;
        for (const auto& r : reordered.ranking()) out.orderBy[order].push_back(r.feature);
    }
    return out;
}

// ---------------------------------------------------------------- sections

struct Cell {
    std::vector<double> acc, mk, ch, all, secs;
    void add(double a, const Recall& r, double s) {
        acc.push_back(a);
        mk.push_back(r.markers);
        ch.push_back(r.chords);
        all.push_back(r.all);
        secs.push_back(s);
    }
};

double mean(const std::vector<double>& v) {
    return v.empty() ? std::nan("") : std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
}

// Sample standard deviation over seeds (0 for one seed): the spread the tables report.
double spread(const std::vector<double>& v) {
    if (v.size() < 2) return 0.0;
    const double m = mean(v);
    double ss = 0;
    for (double x : v) ss += (x - m) * (x - m);
    return std::sqrt(ss / double(v.size() - 1));
}

// "0.633±0.058"
std::string meanSpread(const std::vector<double>& v) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.3f±%.3f", mean(v), spread(v));
    return buf;
}

Json statJson(const std::vector<double>& v) {
    const double m = mean(v);
    if (std::isnan(m)) return nullptr;
    return {{"mean", m}, {"sd", spread(v)}, {"min", *std::min_element(v.begin(), v.end())},
            {"max", *std::max_element(v.begin(), v.end())}};
}

Json runLadder(const Options& o) {
    Json rungsJson = Json::array();
    std::printf("\n== ladder: recall@%d (markers / chords / all planted) and held-out accuracy, mean over seeds ==\n",
                kRecallAt);
    for (const Rung& rung : ladder(o.quick)) {
        if (!o.rungs.empty() && !o.rungs.count(rung.name)) continue;
        const int seeds = o.seeds > 0 ? o.seeds : rung.seeds;
        std::map<std::string, Cell> cells;
        std::vector<std::string> methods;
        Json seedsJson = Json::array();
        double density = 0;
        for (int s = 0; s < seeds; ++s) {
            SyntheticSpec sp = rung.spec;
            sp.seed = static_cast<uint64_t>(s);
            SyntheticData data = generateSynthetic(sp);
            CsrMatrix X = data.dataset.X;
            density += X.density() / seeds;
            normalizeTotalLog1p(X, 1e4);
            const Labels labels = labelsFromColumn(data.dataset, kSyntheticLabelColumn);
            const auto& names = data.dataset.geneNames;
            const int K = static_cast<int>(labels.classes.size());
            Json seedJson = {{"seed", s}};
            auto record = [&](const std::string& m, double acc, const Recall& r, double secs) {
                if (!cells.count(m)) methods.push_back(m);
                cells[m].add(acc, r, secs);
                seedJson[m] = {{"accuracy", acc}, {"recall", toJson(r)}, {"seconds", secs}};
            };
            auto t0 = std::chrono::steady_clock::now();
            const auto cols = columns(X);
            const Recall rt = recallAt(orderByScore(welchScores(cols, labels.y, K)), data.truth);
            std::fprintf(stderr, "  %s seed %d t-test: recall %.3f / %.3f / %.3f\n", rung.name.c_str(), s, rt.markers,
                         rt.chords, rt.all);
            record("t-test", std::nan(""), rt, seconds(t0));
            t0 = std::chrono::steady_clock::now();
            const Recall rw = recallAt(orderByScore(wilcoxonScores(cols, labels.y, K)), data.truth);
            record("wilcoxon", std::nan(""), rw, seconds(t0));
            t0 = std::chrono::steady_clock::now();
            const LinearOutcome lin = linearBaseline(X, labels.y, labels.classes, names, sp.seed);
            const Recall rl = recallAt(lin.order, data.truth);
            record("linear baseline", lin.accuracy, rl, seconds(t0));
            std::fprintf(stderr, "  %s seed %d linear: recall %.3f / %.3f / %.3f, acc %.3f\n", rung.name.c_str(), s,
                         rl.markers, rl.chords, rl.all, lin.accuracy);
            for (const NamedConfig& nc : o.configs) {
                const DmOutcome dm = deepMapper(X, labels.y, labels.classes, names, nc.config, o.passes, sp.seed,
                                                o.threads, o.orders);
                // No accepted pass: the CLI exits 3 and delivers no ranking, so nothing is found.
                const Recall rd = dm.accepted > 0 ? recallAt(dm.order, data.truth) : Recall{};
                record("dm:" + nc.name, dm.accuracy, rd, dm.seconds);
                for (const auto& [order, features] : dm.orderBy) {
                    const Recall ro = dm.accepted > 0 ? recallAt(features, data.truth) : Recall{};
                    record("dm:" + nc.name + "@" + order, dm.accuracy, ro, 0.0);
                    std::fprintf(stderr, "  %s seed %d %s@%s: recall %.3f / %.3f / %.3f\n", rung.name.c_str(), s,
                                 nc.name.c_str(), order.c_str(), ro.markers, ro.chords, ro.all);
                }
                seedJson["dm:" + nc.name]["accepted"] = dm.accepted;
                seedJson["dm:" + nc.name]["tries"] = dm.tries;
                std::fprintf(stderr, "  %s seed %d %s: recall %.3f / %.3f / %.3f, acc %.3f, %d of %d accepted, %.0f s (load %s)\n",
                             rung.name.c_str(), s, nc.name.c_str(), rd.markers, rd.chords, rd.all, dm.accuracy,
                             dm.accepted, dm.tries, dm.seconds, loadAverage().c_str());
            }
            seedsJson.push_back(seedJson);
        }
        const auto& sp = rung.spec;
        std::printf("\n-- %s: %lld cells x %lld genes, %d classes%s, markers %d x fc %.2f, chord %d x fc %.2f, "
                    "density %.3f, %d seed(s), %d passes\n",
                    rung.name.c_str(), (long long)sp.cells, (long long)sp.genes, sp.classes,
                    sp.classWeights.empty() ? "" : " (imbalanced)", sp.markersPerClass, sp.markerFoldChange,
                    sp.chordPerClass, sp.chordFoldChange, density, seeds, o.passes);
        std::printf("  %-28s %13s %13s %13s %13s %8s\n", "method", "markers", "chords", "all", "acc", "secs");
        Json summary = Json::object();
        for (const auto& m : methods) {
            const Cell& c = cells[m];
            std::printf("  %-28s %13s %13s %13s %13s %8.1f\n", m.c_str(), meanSpread(c.mk).c_str(),
                        meanSpread(c.ch).c_str(), meanSpread(c.all).c_str(), meanSpread(c.acc).c_str(),
                        mean(c.secs));
            summary[m] = {{"markers", statJson(c.mk)}, {"chords", statJson(c.ch)}, {"all", statJson(c.all)},
                          {"accuracy", statJson(c.acc)}, {"seconds", mean(c.secs)}};
        }
        std::fflush(stdout);
        rungsJson.push_back({{"rung", rung.name},
                             {"cells", sp.cells},
                             {"genes", sp.genes},
                             {"classes", sp.classes},
                             {"class_weights", sp.classWeights},
                             {"markers_per_class", sp.markersPerClass},
                             {"marker_fold_change", sp.markerFoldChange},
                             {"chord_per_class", sp.chordPerClass},
                             {"chord_fold_change", sp.chordFoldChange},
                             {"density", density},
                             {"passes", o.passes},
                             {"summary", summary},
                             {"seeds", seedsJson}});
    }
    return rungsJson;
}

struct RealFile {
    std::string name, file, matrix, label;
};

std::vector<RealFile> realFiles() {
    return {{"pbmc68k", "pbmc68k_reduced.h5ad", "raw", "bulk_labels"},
            {"pancreas", "pancreas_endocrinogenesis.h5ad", "X", "cell_type"}};
}

size_t overlap(const std::vector<int64_t>& a, const std::vector<int64_t>& b, size_t k) {
    std::set<int64_t> sa(a.begin(), a.begin() + std::min(k, a.size()));
    size_t n = 0;
    for (size_t i = 0; i < std::min(k, b.size()); ++i) n += sa.count(b[i]);
    return n;
}

Json runReal(const Options& o) {
    Json out = Json::array();
    std::printf("\n== real files: held-out accuracy and the top 20 against the 20 most expressed genes ==\n");
    for (const RealFile& rf : realFiles()) {
        if (std::find(o.real.begin(), o.real.end(), rf.name) == o.real.end()) continue;
        Dataset ds;
        try {
            ds = readH5ad(o.dataDir + "/" + rf.file, H5adReadOptions{rf.matrix});
        } catch (const std::exception& e) {
            std::printf("  %s: skipped (%s)\n", rf.name.c_str(), e.what());
            continue;
        }
        const Labels labels = labelsFromColumn(ds, rf.label);
        CsrMatrix X = ds.X;
        const bool counts = looksLikeCounts(X).rawCounts;
        if (counts) normalizeTotalLog1p(X, 1e4);
        const int K = static_cast<int>(labels.classes.size());
        std::vector<double> meanExpr(static_cast<size_t>(X.cols), 0.0);
        for (int64_t k = 0; k < X.nnz(); ++k) meanExpr[X.indices[k]] += X.values[k] / double(X.rows);
        const auto byMean = orderByScore(meanExpr);
        const auto cols = columns(X);
        const auto byT = orderByScore(welchScores(cols, labels.y, K));
        const LinearOutcome lin = linearBaseline(X, labels.y, labels.classes, ds.geneNames, 0);
        std::printf("\n-- %s (%s, %s%s): %lld cells x %lld genes, %d classes\n", rf.name.c_str(), rf.matrix.c_str(),
                    rf.label.c_str(), counts ? ", normalize_total + log1p" : "", (long long)X.rows,
                    (long long)X.cols, K);
        std::printf("  %-28s %6s %10s %10s %10s %8s\n", "method", "acc", "top20^expr", "top20^lin", "top20^t",
                    "secs");
        Json fileJson = {{"file", rf.name}, {"matrix", rf.matrix}, {"label", rf.label}};
        auto row = [&](const std::string& m, double acc, const std::vector<int64_t>& order, double secs) {
            const size_t e = overlap(byMean, order, 20), l = overlap(lin.order, order, 20), t = overlap(byT, order, 20);
            std::printf("  %-28s %6.3f %10zu %10zu %10zu %8.1f\n", m.c_str(), acc, e, l, t, secs);
            std::string top;
            for (size_t i = 0; i < std::min<size_t>(20, order.size()); ++i)
                top += (i ? " " : "") + ds.geneNames[order[i]];
            fileJson[m] = {{"accuracy", std::isnan(acc) ? Json(nullptr) : Json(acc)},
                           {"top20_among_most_expressed", e},
                           {"top20_shared_with_linear", l},
                           {"top20_shared_with_t_test", t},
                           {"top20", top},
                           {"seconds", secs}};
            std::fflush(stdout);
        };
        row("mean expression", std::nan(""), byMean, 0);
        row("t-test", std::nan(""), byT, 0);
        row("linear baseline", lin.accuracy, lin.order, 0);
        for (const NamedConfig& nc : o.configs) {
            const DmOutcome dm =
                deepMapper(X, labels.y, labels.classes, ds.geneNames, nc.config, o.passes, 0, o.threads);
            row("dm:" + nc.name, dm.accuracy, dm.order, dm.seconds);
        }
        out.push_back(fileJson);
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const Options o = parseOptions(argc, argv);
        configureRuntime(o.threads);
        std::printf("bench_science: %d passes per DeepMapper run, configurations:", o.passes);
        for (const auto& c : o.configs) std::printf(" %s", c.name.c_str());
        std::printf("\nload %s\n", loadAverage().c_str());
        Json result = {{"passes", o.passes}, {"load_before", loadAverage()}};
        Json configs = Json::object();
        for (const auto& c : o.configs) configs[c.name] = toJson(c.config);
        result["configs"] = configs;
        if (wanted(o, "ladder")) result["ladder"] = runLadder(o);
        if (wanted(o, "real")) result["real"] = runReal(o);
        result["load_after"] = loadAverage();
        std::ofstream(o.json) << result.dump(2) << "\n";
        std::printf("\nwrote %s\n", o.json.c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_science: %s\n", e.what());
        return 2;
    }
    return 0;
}
