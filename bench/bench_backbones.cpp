// Every backbone on a real dataset, and the engine's peak memory on a large sparse one: a
// plain timed harness (no pass/fail) that prints tables.
//
//   bench_backbones [--h5ad FILE] [--matrix raw] [--label bulk_labels] [--kinds a,b,...]
//                   [--passes 2] [--epochs 15] [--threads 2] [--samples 16]
//       Trains every backbone kind (default: all of the registry plus
//       torchscript:<shared>/golden/tiny_cnn.pt) with one configuration and prints held-out
//       accuracy (mean over passes), wall seconds per pass, the top gene, and the load.
//       tiny_cnn.pt returns 3 logits, so it runs on the 3 largest classes only (said in the
//       table); any other kind uses every class.
//   bench_backbones --rss [--rss-cells 20000] [--rss-genes 20000] [--rss-library 1500]
//                   [--rss-backbone cnn_small] [--threads 2]
//       Peak RSS of one short pass (1 epoch) on a planted sparse dataset, measured in a
//       child process (VmHWM, reset after data generation) and compared with the CSR
//       size plus the model (weights, gradients, Adam moments) and the batch buffer.
//   bench_backbones --write-demo FILE
//       Writes the demo dataset (2,000 cells x 5,000 genes x 3 classes, raw counts, obs
//       "cell_type") as .h5ad, for `deepmapper evaluate / linear / embed` on it.
#include "data/h5ad_writer.h"
#include "data/preprocess.h"
#include "data/readers.h"
#include "data/synthetic.h"
#include "engine/runner.h"
#include "engine/runtime.h"
#include "mapping/arrangement.h"
#include "models/backbone.h"

#include <torch/torch.h>

#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <numeric>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "bench_support.h"

namespace {

using namespace dm::bench;

struct Options {
    std::string mode = "backbones";  // backbones | rss | rss-child | write-demo
    std::string h5ad = sharedDir() + "/data/h5ad/pbmc68k_reduced.h5ad";
    std::string matrix = "raw";
    std::string label = "bulk_labels";
    std::vector<std::string> kinds;
    int passes = 2;
    int epochs = 15;
    int threads = 2;
    int samples = 16;
    int64_t rssCells = 20000, rssGenes = 20000;
    double rssLibrary = 1500;
    std::string rssBackbone = "cnn_small";
    std::string out;
};

std::vector<std::string> defaultKinds() {
    std::vector<std::string> kinds;
    for (const auto& info : dm::backboneRegistry())
        if (info.kind.rfind("torchscript:", 0) != 0) kinds.push_back(info.kind);
    kinds.push_back("torchscript:" + sharedDir() + "/golden/tiny_cnn.pt");
    return kinds;
}

void usage() {
    std::cerr << "usage: bench_backbones [--h5ad FILE] [--matrix raw] [--label COLUMN] [--kinds a,b]\n"
                 "                       [--passes N] [--epochs N] [--threads N] [--samples N]\n"
                 "       bench_backbones --rss [--rss-cells N] [--rss-genes N] [--rss-library N]\n"
                 "                       [--rss-backbone KIND] [--threads N]\n"
                 "       bench_backbones --write-demo FILE\n";
}

bool parse(int argc, char** argv, Options& o) {
    for (ArgWalker args(argc, argv); args.next();) {
        const std::string& a = args.flag();
        auto value = [&] { return args.value(); };
        if (a == "--h5ad") o.h5ad = value();
        else if (a == "--matrix") o.matrix = value();
        else if (a == "--label") o.label = value();
        else if (a == "--kinds") o.kinds = splitList(value());
        else if (a == "--passes") o.passes = std::atoi(value().c_str());
        else if (a == "--epochs") o.epochs = std::atoi(value().c_str());
        else if (a == "--threads") o.threads = std::atoi(value().c_str());
        else if (a == "--samples") o.samples = std::atoi(value().c_str());
        else if (a == "--rss") o.mode = "rss";
        else if (a == "--rss-child") o.mode = "rss-child";
        else if (a == "--rss-cells") o.rssCells = std::atoll(value().c_str());
        else if (a == "--rss-genes") o.rssGenes = std::atoll(value().c_str());
        else if (a == "--rss-library") o.rssLibrary = std::atof(value().c_str());
        else if (a == "--rss-backbone") o.rssBackbone = value();
        else if (a == "--out") o.out = value();
        else if (a == "--write-demo") {
            o.mode = "write-demo";
            o.out = value();
        } else {
            usage();
            return false;
        }
    }
    if (o.kinds.empty()) o.kinds = defaultKinds();
    return true;
}

// ---------------------------------------------------------------- every backbone

struct Prepared {
    dm::Dataset ds;
    dm::Labels labels;
};

// The CLI's pipeline for an .h5ad: the chosen matrix, the label column (cells without a
// label dropped), normalize_total + log1p only when the matrix holds raw counts.
Prepared prepare(const Options& o) {
    dm::H5adReadOptions ro;
    ro.matrix = o.matrix;
    Prepared p;
    p.ds = dm::readH5ad(o.h5ad, ro);
    p.labels = dm::labelsFromColumn(p.ds, o.label);
    const dm::CountsCheck check = dm::looksLikeCounts(p.ds.X);
    std::printf("%s (%s, label %s): %lld cells x %lld genes, %zu classes; matrix looks %s%s\n", o.h5ad.c_str(),
                o.matrix.c_str(), o.label.c_str(), static_cast<long long>(p.ds.cells()),
                static_cast<long long>(p.ds.genes()), p.labels.classes.size(), check.verdict.c_str(),
                check.rawCounts ? " -> normalize_total + log1p" : " (used as is)");
    if (check.rawCounts) dm::normalizeTotalLog1p(p.ds.X, 1e4);
    return p;
}

// The rows of the `keep` largest classes, relabelled 0..keep-1.
dm::RunInput largestClasses(const Prepared& p, size_t keep, std::vector<int64_t>& rows, dm::CsrMatrix& X) {
    const auto counts = p.labels.counts();
    std::vector<int64_t> order(counts.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return counts[a] > counts[b]; });
    order.resize(std::min(keep, order.size()));
    dm::RunInput in;
    std::vector<int64_t> remap(counts.size(), -1);
    for (size_t k = 0; k < order.size(); ++k) {
        remap[order[k]] = static_cast<int64_t>(k);
        in.classes.push_back(p.labels.classes[order[k]]);
    }
    for (int64_t r = 0; r < p.ds.cells(); ++r) {
        const int64_t y = p.labels.y[r];
        if (y >= 0 && remap[y] >= 0) {
            rows.push_back(r);
            in.y.push_back(remap[y]);
        }
    }
    X = p.ds.X.selectRows(rows);
    in.X = &X;
    in.featureNames = p.ds.geneNames;
    return in;
}

dm::RunInput allClasses(const Prepared& p) {
    dm::RunInput in;
    in.X = &p.ds.X;
    in.y = p.labels.y;
    in.classes = p.labels.classes;
    in.featureNames = p.ds.geneNames;
    return in;
}

int benchBackbones(const Options& o) {
    dm::configureRuntime(o.threads);
    const Prepared p = prepare(o);
    for (int64_t y : p.labels.y)
        if (y < 0) throw std::runtime_error("cells without a label: pick a column without missing values");
    std::printf("passes %d, epochs <= %d (early stopping min_epochs %d, patience 5), lr 1e-3, batch 64, "
                "IG %d samples x 32 steps, %d threads; load at start %s\n\n",
                o.passes, o.epochs, std::min(o.epochs, 10), o.samples, torch::get_num_threads(),
                loadAverage().c_str());
    std::printf("%-14s %7s %8s %9s %8s %10s  %-12s %s\n", "backbone", "classes", "acc", "acc.min", "s/pass",
                "epochs", "top gene", "load");
    for (const auto& kind : o.kinds) {
        dm::RunConfig cfg;
        cfg.passes = o.passes;
        cfg.maxTries = o.passes;
        cfg.epochs = o.epochs;
        cfg.earlyStop.minEpochs = std::min(o.epochs, 10);
        cfg.earlyStop.patience = 5;
        cfg.attribution.samples = o.samples;
        cfg.backbone.kind = kind;
        cfg.threads = o.threads;
        const bool script = kind.rfind("torchscript:", 0) == 0;
        std::vector<int64_t> rows;
        dm::CsrMatrix subset;
        // tiny_cnn.pt's head has 3 outputs: it can only learn a 3-class problem.
        const dm::RunInput in = script ? largestClasses(p, 3, rows, subset) : allClasses(p);
        const std::string name = script ? "torchscript" : kind;
        const std::string load = loadAverage();
        const auto t0 = std::chrono::steady_clock::now();
        try {
            const dm::Findings f = dm::runDeepMapper(in, cfg);
            const double wall = seconds(t0);
            double acc = 0, accMin = 1, epochs = 0;
            for (const auto& pass : f.passes) {
                acc += pass.accuracy;
                accMin = std::min(accMin, pass.accuracy);
                epochs += pass.stopEpoch;
            }
            const double n = std::max<double>(1, static_cast<double>(f.passes.size()));
            const auto top = f.accepted > 0 ? f.ranking(1) : std::vector<dm::RankedFeature>{};
            std::printf("%-14s %7zu %8.3f %9.3f %8.2f %10.1f  %-12s %s\n", name.c_str(), in.classes.size(), acc / n,
                        accMin, wall / n, epochs / n, top.empty() ? "-" : top[0].name.c_str(), load.c_str());
        } catch (const std::exception& e) {
            std::printf("%-14s failed: %s\n", name.c_str(), e.what());
        }
        std::fflush(stdout);
    }
    std::printf("\nload at end %s\n", loadAverage().c_str());
    return 0;
}

// ---------------------------------------------------------------- peak memory

// Bytes the training step needs beside the data: weights + gradients + Adam's two moments
// (4 x the parameters) and the reused batch of pseudo-images.
struct Budget {
    double paramsMB = 0, batchMB = 0;
};

Budget budget(const std::string& kind, int64_t classes, int64_t side, int64_t batch) {
    dm::BackboneSpec spec;
    spec.kind = kind;
    auto model = dm::buildBackbone(spec, classes, side);
    int64_t params = 0;
    for (const auto& t : model->parameters()) params += t.numel();
    Budget b;
    b.paramsMB = 4.0 * 4.0 * static_cast<double>(params) / (1024.0 * 1024.0);
    b.batchMB = 4.0 * static_cast<double>(batch * side * side) / (1024.0 * 1024.0);
    return b;
}

// The memory run itself, in its own process so its peak is its own.
int rssChild(const Options& o) {
    dm::configureRuntime(o.threads);
    const double baseMB = procStatusMB("VmRSS");  // LibTorch and the binary, before any data
    const auto t0 = std::chrono::steady_clock::now();
    dm::SyntheticSpec spec;
    spec.cells = o.rssCells;
    spec.genes = o.rssGenes;
    spec.medianLibrarySize = o.rssLibrary;
    dm::SyntheticData data = dm::generateSynthetic(spec);
    const double genSeconds = seconds(t0);
    const double genPeakMB = procStatusMB("VmHWM");
    dm::RunInput in;
    in.X = &data.dataset.X;
    const dm::Labels labels = dm::labelsFromColumn(data.dataset, dm::kSyntheticLabelColumn);
    in.y = labels.y;
    in.classes = labels.classes;
    in.featureNames = data.dataset.geneNames;
    dm::normalizeTotalLog1p(data.dataset.X, 1e4);
    // Hand the generator's scratch back to the system, then measure the run's own peak.
    malloc_trim(0);
    const double beforeRunMB = procStatusMB("VmRSS");
    const bool reset = resetPeakRss();

    dm::RunConfig cfg;
    cfg.passes = 1;
    cfg.maxTries = 1;
    cfg.epochs = 1;
    cfg.earlyStop.enabled = false;
    cfg.attribution.samples = 16;
    cfg.backbone.kind = o.rssBackbone;
    cfg.threads = o.threads;
    const auto t1 = std::chrono::steady_clock::now();
    const dm::Findings f = dm::runDeepMapper(in, cfg);
    const double runSeconds = seconds(t1);
    const double peakMB = procStatusMB("VmHWM");

    const dm::CsrMatrix& X = data.dataset.X;
    const double csrMB = static_cast<double>(X.bytes()) / (1024.0 * 1024.0);
    const int64_t side = dm::squareDim(X.cols);
    const Budget b = budget(o.rssBackbone, static_cast<int64_t>(in.classes.size()), side, cfg.batchSize);
    const double expected = baseMB + csrMB + b.paramsMB + b.batchMB;
    std::printf("%lld cells x %lld genes, %lld non-zeros (%.1f%% dense), side %lld; generated in %.1f s "
                "(generator peak %.0f MB)\n",
                static_cast<long long>(X.rows), static_cast<long long>(X.cols), static_cast<long long>(X.nnz()),
                100.0 * X.density(), static_cast<long long>(side), genSeconds, genPeakMB);
    std::printf("one pass of %s, 1 epoch, IG 16 samples, %d threads: %.1f s, accuracy %.3f; load %s\n",
                o.rssBackbone.c_str(), torch::get_num_threads(), runSeconds,
                f.passes.empty() ? 0.0 : f.passes.front().accuracy, loadAverage().c_str());
    std::printf("  process before data (LibTorch)    %8.0f MB\n", baseMB);
    std::printf("  CSR (int64 indptr, int32 idx, f32) %8.0f MB   (dense float32 would be %.0f MB)\n", csrMB,
                4.0 * static_cast<double>(X.rows) * static_cast<double>(X.cols) / (1024.0 * 1024.0));
    std::printf("  model x4 (weights, grads, Adam)   %8.1f MB\n", b.paramsMB);
    std::printf("  batch of 64 pseudo-images         %8.1f MB\n", b.batchMB);
    std::printf("  = expected floor                  %8.0f MB\n", expected);
    std::printf("  RSS before the run                %8.0f MB\n", beforeRunMB);
    std::printf("  peak RSS of the run (VmHWM%s)  %8.0f MB   = %.2fx the floor, %.2fx the CSR; "
                "%.0f MB above the floor\n",
                reset ? "" : " NOT reset", peakMB, peakMB / expected, peakMB / csrMB, peakMB - expected);
    return 0;
}

int rss(const Options& o) {
    char exe[4096] = {0};
    const ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len <= 0) throw std::runtime_error("cannot find this program's path in /proc/self/exe");
    std::string cmd = std::string(exe, static_cast<size_t>(len)) + " --rss-child --rss-cells " +
                      std::to_string(o.rssCells) + " --rss-genes " + std::to_string(o.rssGenes) +
                      " --rss-library " + std::to_string(o.rssLibrary) + " --rss-backbone " + o.rssBackbone +
                      " --threads " + std::to_string(o.threads);
    std::fflush(stdout);
    return std::system(cmd.c_str()) == 0 ? 0 : 1;
}

// ---------------------------------------------------------------- demo data file

int writeDemo(const Options& o) {
    const dm::SyntheticData data = dm::generateSynthetic(dm::SyntheticSpec{});
    dm::writeH5ad(data.dataset, o.out);
    std::printf("wrote %s: %lld cells x %lld genes (raw counts, obs cell_type; genes MK_* are planted markers)\n",
                o.out.c_str(), static_cast<long long>(data.dataset.cells()),
                static_cast<long long>(data.dataset.genes()));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    try {
        if (!parse(argc, argv, o)) return 2;
        if (o.mode == "rss") return rss(o);
        if (o.mode == "rss-child") return rssChild(o);
        if (o.mode == "write-demo") return writeDemo(o);
        return benchBackbones(o);
    } catch (const std::exception& e) {
        std::cerr << "bench_backbones: " << e.what() << "\n";
        return 1;
    }
}
