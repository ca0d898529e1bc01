// Engine throughput and memory: a plain timed harness (no pass/fail) that prints a table
// and writes JSON. Sections (docs/performance.md explains every figure):
//   matmul  float32 2048^3 matrix multiply through LibTorch, best of several (GFLOP/s)
//   train   cells/s and GFLOP/s of training cnn_small, cnn and mlp at several image sides
//   ig      integrated gradients (64 cells x 32 steps, internal batch 16) vs one training
//           epoch over 2,000 cells
//   convs   cnn_small's three convolutions alone (forward, backward) at its shapes and
//           chunk size; the first as the model runs it, fused with its ReLU and max-pool
//   pass    one runDeepMapper pass on a 5,000 cells x 16,000 genes planted dataset
//   rss     peak RSS of a 100,000 x 33,000 sparse (10% dense) run, in a child process
// Other modes: --demo-top20 (top-20 genes of a fixed short run on the demo data) and
// --rss-child (the memory run itself; its RSS is its own process's).
//   bench_engine [--json FILE] [--quick] [--only matmul,train,ig,convs,pass,rss]
//                [--models cnn_small,cnn,mlp] [--sides 32,64,100,128,181] [--threads N]
//                [--no-runtime-config] [--pass-epochs N] [--rss-backbone KIND]
//                [--demo-top20 [--demo-default-spec]] [--rss-child]
#include "attribution/attribution.h"
#include "data/preprocess.h"
#include "data/synthetic.h"
#include "engine/runner.h"
#include "engine/runtime.h"
#include "mapping/arrangement.h"
#include "models/backbone.h"
#include "models/builders.h"
#include "models/conv_relu_pool.h"
#include "train/image_batcher.h"
#include "train/trainer.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench_support.h"

namespace {

using namespace dm::bench;
using Json = nlohmann::json;

// ---------------------------------------------------------------- timing and memory

struct Clock {
    std::chrono::steady_clock::time_point wall0 = std::chrono::steady_clock::now();
    double cpu0 = cpuNow();
    static double cpuNow() {
        timespec ts{};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
    }
    double wall() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count(); }
    double cpu() const { return cpuNow() - cpu0; }
};

double load1() { return std::atof(loadAverage().c_str()); }

// ---------------------------------------------------------------- options

struct Options {
    std::string json = "bench_engine.json";
    bool quick = false;
    std::set<std::string> only;
    std::vector<std::string> models = {"cnn_small", "cnn", "mlp"};
    std::vector<int64_t> sides = {32, 64, 100, 128, 181};
    std::vector<std::string> igModels = {"cnn_small", "mlp"};
    int threads = 0;
    bool runtimeConfig = true;
    int passEpochs = -1;  // -1: 5, quick 2
    std::string rssBackbone = "mlp";
    bool demoTop20 = false;
    bool demoDefaultSpec = false;
    bool rssChild = false;
    bool want(const std::string& s) const { return only.empty() || only.count(s) > 0; }
};

void usage() {
    std::cerr << "usage: bench_engine [--json FILE] [--quick] [--only matmul,train,ig,convs,pass,rss]\n"
                 "                    [--models cnn_small,cnn,mlp] [--ig-models cnn_small,mlp]\n"
                 "                    [--sides 32,64,100,128,181] [--threads N] [--no-runtime-config]\n"
                 "                    [--pass-epochs N] [--rss-backbone KIND] [--demo-top20 [--demo-default-spec]] [--rss-child]\n";
}

bool parse(int argc, char** argv, Options& o) {
    for (ArgWalker args(argc, argv); args.next();) {
        const std::string& a = args.flag();
        auto value = [&] { return args.value(); };
        if (a == "--json") o.json = value();
        else if (a == "--quick") o.quick = true;
        else if (a == "--only") for (auto& s : splitList(value())) o.only.insert(s);
        else if (a == "--models") o.models = splitList(value());
        else if (a == "--ig-models") o.igModels = splitList(value());
        else if (a == "--sides") {
            o.sides.clear();
            for (auto& s : splitList(value())) o.sides.push_back(std::atoll(s.c_str()));
        } else if (a == "--threads") o.threads = std::atoi(value().c_str());
        else if (a == "--no-runtime-config") o.runtimeConfig = false;
        else if (a == "--pass-epochs") o.passEpochs = std::atoi(value().c_str());
        else if (a == "--rss-backbone") o.rssBackbone = value();
        else if (a == "--demo-top20") o.demoTop20 = true;
        else if (a == "--demo-default-spec") o.demoDefaultSpec = true;
        else if (a == "--rss-child") o.rssChild = true;
        else {
            usage();
            return false;
        }
    }
    return true;
}

// ---------------------------------------------------------------- data

struct Planted {
    dm::CsrMatrix X;
    std::vector<int64_t> y;
    int classes = 0;
    std::vector<std::string> geneNames;
};

// The runner's view of planted data (refers to data.X: keep `data` alive).
dm::RunInput runInput(const Planted& data) {
    dm::RunInput in;
    in.X = &data.X;
    in.y = data.y;
    for (int k = 0; k < data.classes; ++k) in.classes.push_back("c" + std::to_string(k));
    in.featureNames = data.geneNames;
    return in;
}

// The planted generator (default spec apart from the size), normalize_total + log1p.
Planted planted(int64_t cells, int64_t genes, uint64_t seed) {
    dm::SyntheticSpec spec;
    spec.cells = cells;
    spec.genes = genes;
    spec.seed = seed;
    dm::SyntheticData data = dm::generateSynthetic(spec);
    Planted p;
    p.X = std::move(data.dataset.X);
    dm::normalizeTotalLog1p(p.X);
    const dm::Labels labels = dm::labelsFromColumn(data.dataset, dm::kSyntheticLabelColumn);
    p.y = labels.y;
    p.classes = static_cast<int>(labels.classes.size());
    p.geneNames = data.dataset.geneNames;
    return p;
}

// ---------------------------------------------------------------- FLOP counts

// Forward multiply-accumulates per image, counted analytically from the architectures in
// core/models/cnn_small.cpp, cnn.cpp and linear_mlp.cpp with their default widths: conv
// k x k = Cin * Cout * k * k * H_out * W_out, linear = in * out. Pooling, activations,
// batch norm and the loss are not counted (memory-bound, no multiply-accumulates).
// `first` is the first layer's share: its backward computes no input gradient (the
// pseudo-images do not require one).
struct Macs {
    double total = 0, first = 0;
};

Macs forwardMacs(const std::string& model, int64_t side, int64_t classes) {
    auto conv = [](double cin, double cout, double s) { return cin * cout * 9.0 * s * s; };
    const std::string kind = model.substr(0, model.find(':'));
    Macs m;
    if (kind == "cnn_small") {
        const double w = model.find(":w") != std::string::npos ? std::atof(model.c_str() + model.find(":w") + 2) : 16;
        int64_t s = side;
        m.first = conv(1, w, static_cast<double>(s));
        if (s >= 2) s /= 2;
        m.total = m.first + conv(w, 2 * w, static_cast<double>(s));
        if (s >= 2) s /= 2;
        m.total += conv(2 * w, 4 * w, static_cast<double>(s));
        const double grid = static_cast<double>(std::min<int64_t>(8, std::max<int64_t>(1, s)));
        m.total += 4 * w * grid * grid * static_cast<double>(classes);  // avg pool to grid x grid, linear
        return m;
    }
    if (kind == "cnn") {
        const double widths[4] = {32, 64, 128, 256};
        double c = 1;
        int64_t s = side;
        for (double w : widths) {
            if (c == 1) m.first = conv(c, w, static_cast<double>(s));
            m.total += conv(c, w, static_cast<double>(s)) + conv(w, w, static_cast<double>(s));
            if (s >= 2) s /= 2;
            c = w;
        }
        m.total += c * static_cast<double>(classes);
        return m;
    }
    if (kind == "mlp") {
        m.first = static_cast<double>(side * side) * 256;
        m.total = m.first + 256.0 * 128 + 128.0 * static_cast<double>(classes);
    }
    return m;
}

// Training FLOPs per cell, 2 per multiply-accumulate: the forward, then the backward's
// weight gradient (as many MACs as the forward) and input gradient (as many again, except
// for the first layer): 3 x forward - first layer.
double trainFlopsPerCell(const std::string& kind, int64_t side, int64_t classes) {
    const Macs m = forwardMacs(kind, side, classes);
    return 2.0 * (3.0 * m.total - m.first);
}

// ---------------------------------------------------------------- sections

// Chooses the thread count once (automatic unless --threads) and writes it back into the
// options, so every section, the one-pass and memory runs included, uses the same count.
void setThreads(Options& o) {
    if (o.runtimeConfig) dm::configureRuntime(o.threads);
    else torch::set_num_threads(o.threads > 0 ? o.threads : static_cast<int>(std::thread::hardware_concurrency()));
    o.threads = torch::get_num_threads();
}

Json benchMatmul(const Options& o) {
    const int64_t n = 2048;
    torch::manual_seed(0);
    auto a = torch::randn({n, n});
    auto b = torch::randn({n, n});
    auto c = torch::empty({n, n});
    torch::mm_out(c, a, b);  // warm-up
    double best = 1e30, cpuBest = 0;
    // Best of 20 (~1 s): with 6, one run in five read 10% low on this shared machine,
    // which flattered every "% of peak" of that run.
    const int reps = o.quick ? 6 : 20;
    for (int r = 0; r < reps; ++r) {
        Clock t;
        torch::mm_out(c, a, b);
        const double w = t.wall();
        if (w < best) {
            best = w;
            cpuBest = t.cpu();
        }
    }
    const double gflops = 2.0 * n * n * n / best / 1e9;
    std::printf("%-34s %8.1f GFLOP/s  (%.3f s wall, %.3f s CPU, best of %d, %d threads)\n", "matmul 2048^3 fp32",
                gflops, best, cpuBest, reps, torch::get_num_threads());
    return {{"n", n}, {"seconds", best}, {"cpu_seconds", cpuBest}, {"gflops", gflops}, {"reps", reps}};
}

// One model trained on `cells` rows of `data` through the engine's trainer; the first
// epoch is a warm-up, the rest are timed.
struct TrainTiming {
    double seconds = 0, cpuSeconds = 0;
    int64_t cellsPerEpoch = 0;
    int timedEpochs = 0;
    double lastLoss = 0;
};

TrainTiming timeTraining(dm::Backbone& model, dm::ImageBatcher& batcher, const Planted& data,
                         const std::vector<int64_t>& rows, int timedEpochs, uint64_t seed) {
    dm::Split split;
    split.train = rows;
    dm::TrainOptions opts;
    opts.epochs = 1 + timedEpochs;
    opts.batchSize = batcher.maxBatch();
    opts.earlyStop.enabled = false;
    opts.seed = seed;
    Clock clock;
    double wallAt1 = 0, cpuAt1 = 0;
    TrainTiming t;
    auto onEpoch = [&](const dm::EpochStats& s) {
        if (s.epoch == 0) {
            wallAt1 = clock.wall();
            cpuAt1 = clock.cpu();
        }
        t.lastLoss = s.trainLoss;
    };
    dm::trainBackbone(model, batcher, data.y, split, opts, onEpoch, nullptr);
    t.seconds = clock.wall() - wallAt1;
    t.cpuSeconds = clock.cpu() - cpuAt1;
    t.cellsPerEpoch = static_cast<int64_t>(rows.size());
    t.timedEpochs = timedEpochs;
    return t;
}

// "cnn_small:w32" is cnn_small with backbone.extra.width 32 (a wider variant).
std::unique_ptr<dm::Backbone> makeModel(const std::string& model, int classes, int64_t side, uint64_t seed) {
    dm::BackboneSpec spec;
    spec.kind = model.substr(0, model.find(':'));
    if (model.find(":w") != std::string::npos) spec.extra["width"] = std::atoi(model.c_str() + model.find(":w") + 2);
    torch::manual_seed(seed);
    return dm::buildBackbone(spec, classes, side);
}

std::vector<int64_t> firstRows(int64_t n) {
    std::vector<int64_t> r(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) r[static_cast<size_t>(i)] = i;
    return r;
}

Json benchTrainAndIg(const Options& o, double peak) {
    Json rows = Json::array(), igRows = Json::array();
    const bool doTrain = o.want("train"), doIg = o.want("ig");
    const int64_t batch = 64;
    const double epochBudgetFlops = (o.quick ? 40.0 : 120.0) * 1e9;  // ~1-4 s per timed epoch
    const int timedEpochs = o.quick ? 2 : 3;
    const int64_t igTrainCells = 2000, igCells = 64;
    std::printf("\n%-10s %5s %6s %9s %10s %9s %8s %8s %7s\n", "model", "side", "cells", "MFLOP/c", "cells/s",
                "GFLOP/s", "%peak", "CPU/wall", "load");
    for (int64_t side : o.sides) {
        const int64_t genes = side * side;
        const int64_t cells = doIg ? igTrainCells + igCells : 2048;
        Clock gen;
        const Planted data = planted(cells, genes, 7);
        std::fprintf(stderr, "[side %lld: %lld cells x %lld genes generated in %.1f s]\n",
                     static_cast<long long>(side), static_cast<long long>(cells), static_cast<long long>(genes),
                     gen.wall());
        const auto perm = dm::cpythonPermutation(genes, 11);
        dm::ImageBatcher batcher(data.X, dm::inversePermutation(perm), side, batch, torch::Device(torch::kCPU));
        if (doTrain) {
            // Batch assembly alone (CSR rows -> pseudo-images), to see what overlapping it
            // with the step could save.
            const auto rows64 = firstRows(batch);
            batcher.images(rows64.data(), batch);
            Clock ta;
            for (int r = 0; r < 20; ++r) batcher.images(rows64.data(), batch);
            const double assemblyMs = 1000.0 * ta.wall() / 20;
            std::printf("%-10s %5lld   batch assembly (64 images): %.2f ms\n", "", static_cast<long long>(side),
                        assemblyMs);
            rows.push_back({{"model", "assembly"}, {"side", side}, {"assembly_ms_per_batch", assemblyMs}});
            for (const auto& kind : o.models) {
                const double fpc = trainFlopsPerCell(kind, side, data.classes);
                int64_t n = static_cast<int64_t>(epochBudgetFlops / fpc);
                n = std::clamp<int64_t>((n + batch - 1) / batch * batch, batch, 2048);
                auto model = makeModel(kind, data.classes, side, 3);
                const double l0 = load1();
                const TrainTiming t = timeTraining(*model, batcher, data, firstRows(n), timedEpochs, 5);
                const double cellsPerS = static_cast<double>(n * t.timedEpochs) / t.seconds;
                const double gflops = cellsPerS * fpc / 1e9;
                std::printf("%-10s %5lld %6lld %9.1f %10.1f %9.1f %7.1f%% %8.2f %7.2f\n", kind.c_str(),
                            static_cast<long long>(side), static_cast<long long>(n), fpc / 1e6, cellsPerS, gflops,
                            peak > 0 ? 100.0 * gflops / peak : 0.0, t.cpuSeconds / t.seconds, l0);
                std::fflush(stdout);
                rows.push_back({{"model", kind},
                                {"side", side},
                                {"cells_per_epoch", n},
                                {"timed_epochs", t.timedEpochs},
                                {"train_mflop_per_cell", fpc / 1e6},
                                {"seconds", t.seconds},
                                {"cpu_seconds", t.cpuSeconds},
                                {"cells_per_s", cellsPerS},
                                {"gflops", gflops},
                                {"fraction_of_peak", peak > 0 ? gflops / peak : 0.0},
                                {"load1_at_start", l0},
                                {"final_loss", t.lastLoss},
                                {"assembly_fraction",
                                 assemblyMs / 1000.0 / (static_cast<double>(batch) / cellsPerS)}});
            }
        }
        if (doIg) {
            for (const auto& kind : o.igModels) {
                auto model = makeModel(kind, data.classes, side, 3);
                // Warm-up on a few batches, then one timed epoch over 2,000 cells.
                timeTraining(*model, batcher, data, firstRows(4 * batch), 0, 5);
                dm::Split split;
                split.train = firstRows(igTrainCells);
                dm::TrainOptions opts;
                opts.epochs = 1;
                opts.earlyStop.enabled = false;
                opts.seed = 9;
                Clock te;
                dm::trainBackbone(*model, batcher, data.y, split, opts, nullptr, nullptr);
                const double epochWall = te.wall(), epochCpu = te.cpu();

                std::vector<int64_t> cellsIg;
                for (int64_t i = 0; i < igCells; ++i) cellsIg.push_back(igTrainCells + i);
                torch::Tensor inputs = batcher.imagesCopy(cellsIg);
                torch::Tensor targets = torch::empty({igCells}, torch::kLong);
                for (int64_t i = 0; i < igCells; ++i) targets[i] = data.y[static_cast<size_t>(cellsIg[i])];
                dm::AttributionConfig ac;  // integrated gradients, 32 steps, internal batch 16
                dm::pixelImportance(*model, inputs.narrow(0, 0, 4), targets.narrow(0, 0, 4), ac);  // warm-up
                Clock ti;
                torch::Tensor map = dm::pixelImportance(*model, inputs, targets, ac);
                const double igWall = ti.wall(), igCpu = ti.cpu();
                std::printf("%-10s %5lld   IG 64x32: %7.2f s (%6.1f ms/cell)   epoch 2000: %7.2f s   IG/epoch %.2f\n",
                            kind.c_str(), static_cast<long long>(side), igWall, 1000.0 * igWall / igCells,
                            epochWall, igWall / epochWall);
                std::fflush(stdout);
                igRows.push_back({{"model", kind},
                                  {"side", side},
                                  {"ig_seconds", igWall},
                                  {"ig_cpu_seconds", igCpu},
                                  {"ig_ms_per_cell", 1000.0 * igWall / igCells},
                                  {"epoch_2000_seconds", epochWall},
                                  {"epoch_2000_cpu_seconds", epochCpu},
                                  {"ig_over_epoch", igWall / epochWall},
                                  {"map_sum", map.sum().item<double>()}});
            }
        }
    }
    return {{"train", rows}, {"ig", igRows}};
}

// The convolutions of cnn_small (width 16) alone, at the shapes and chunk size its
// forward uses, for 64 images: what the model would reach if pooling, ReLU, the head and
// the optimizer were free. Compared with the cnn_small row of the train section.
Json benchConvs(const Options& o, double peak, const Json& trainRows) {
    Json rows = Json::array();
    std::printf("\n%-22s %5s %9s %9s %9s %9s\n", "cnn_small conv alone", "side", "fwd ms", "GFLOP/s", "bwd ms",
                "GFLOP/s");
    for (int64_t side : o.sides) {
        const int64_t images = 64;
        const int64_t chunk = std::min(dm::cnnSmallChunkImages(16, side), images);
        const int64_t chunks = (images + chunk - 1) / chunk;
        struct Layer {
            int64_t cin, cout, s;
        };
        const int64_t s2 = side >= 2 ? side / 2 : side, s4 = s2 >= 2 ? s2 / 2 : s2;
        const Layer layers[3] = {{1, 16, side}, {16, 32, s2}, {32, 64, s4}};
        double convSeconds = 0, convFlops = 0;
        Json layerRows = Json::array();
        for (const Layer& l : layers) {
            torch::manual_seed(0);
            torch::nn::Conv2d conv(torch::nn::Conv2dOptions(l.cin, l.cout, 3).padding(1));
            // The pseudo-images need no input gradient; later layers' inputs do.
            const bool first = l.cin == 1;  // fused with ReLU + max-pool, as the model runs it
            // Channels-last, as the model keeps its activations (the first layer's output,
            // hence its gradient, included).
            const auto layout = torch::MemoryFormat::ChannelsLast;
            torch::Tensor x = torch::randn({chunk, l.cin, l.s, l.s}).contiguous(layout).requires_grad_(!first);
            const int64_t os = first && l.s >= 2 ? l.s / 2 : l.s;
            torch::Tensor g = torch::randn({chunk, l.cout, os, os}).contiguous(layout);
            double bestF = 1e30, bestB = 1e30;
            for (int rep = 0; rep < (o.quick ? 3 : 5); ++rep) {
                double tf = 0, tb = 0;
                for (int64_t c = 0; c < chunks; ++c) {
                    Clock t;
                    torch::Tensor y =
                        first && l.s >= 2 ? dm::conv3x3ReluMaxPool2(x, conv->weight, conv->bias) : conv(x);
                    tf += t.wall();
                    Clock t2;
                    y.backward(g);
                    tb += t2.wall();
                }
                if (rep > 0) {  // the first is a warm-up
                    bestF = std::min(bestF, tf);
                    bestB = std::min(bestB, tb);
                }
            }
            const double fwdFlops = 2.0 * static_cast<double>(l.cin * l.cout * 9 * l.s * l.s * chunk * chunks);
            const double bwdFlops = fwdFlops * (l.cin == 1 ? 1 : 2);
            convSeconds += bestF + bestB;
            convFlops += fwdFlops + bwdFlops;
            const std::string name = std::to_string(l.cin) + "->" + std::to_string(l.cout) + " at " +
                                     std::to_string(l.s) + "^2" + (first ? " +pool" : "");
            std::printf("%-22s %5lld %9.2f %9.1f %9.2f %9.1f\n", name.c_str(), static_cast<long long>(side),
                        1000 * bestF, fwdFlops / bestF / 1e9, 1000 * bestB, bwdFlops / bestB / 1e9);
            layerRows.push_back({{"layer", name},
                                 {"forward_ms", 1000 * bestF},
                                 {"forward_gflops", fwdFlops / bestF / 1e9},
                                 {"backward_ms", 1000 * bestB},
                                 {"backward_gflops", bwdFlops / bestB / 1e9}});
        }
        const double gflops = convFlops / convSeconds / 1e9;
        double stepMs = 0;
        for (const auto& r : trainRows)
            if (r.value("model", "") == "cnn_small" && r.value("side", int64_t{0}) == side)
                stepMs = 1000.0 * static_cast<double>(images) / r["cells_per_s"].get<double>();
        std::printf("%-22s %5lld %9.2f ms for 64 images = %.1f GFLOP/s (%.1f%% of peak); chunk %lld; "
                    "training step %.2f ms, convolutions %.0f%% of it\n",
                    "all three", static_cast<long long>(side), 1000 * convSeconds, gflops,
                    peak > 0 ? 100 * gflops / peak : 0.0, static_cast<long long>(chunk), stepMs,
                    stepMs > 0 ? 100 * 1000 * convSeconds / stepMs : 0.0);
        std::fflush(stdout);
        rows.push_back({{"side", side},
                        {"chunk", chunk},
                        {"layers", layerRows},
                        {"conv_ms_per_64", 1000 * convSeconds},
                        {"conv_gflops", gflops},
                        {"fraction_of_peak", peak > 0 ? gflops / peak : 0.0},
                        {"train_step_ms", stepMs},
                        {"conv_share_of_step", stepMs > 0 ? 1000 * convSeconds / stepMs : 0.0},
                        {"load1", load1()}});
    }
    return rows;
}

class EpochTimer : public dm::RunObserver {
public:
    Clock clock;
    std::vector<double> epochEnds;
    void epochFinished(const dm::EpochEvent&) override { epochEnds.push_back(clock.wall()); }
};

Json benchPass(const Options& o) {
    const int epochs = o.passEpochs > 0 ? o.passEpochs : (o.quick ? 2 : 5);
    Clock gen;
    const Planted data = planted(5000, 16000, 21);
    const double genSeconds = gen.wall();
    const dm::RunInput in = runInput(data);
    dm::RunConfig cfg;
    cfg.passes = 1;
    cfg.epochs = epochs;
    cfg.threads = o.threads;
    EpochTimer timer;
    Clock clock;
    const dm::Findings f = dm::runDeepMapper(in, cfg, &timer);
    const double wall = clock.wall(), cpu = clock.cpu();
    const double firstEpoch = timer.epochEnds.empty() ? 0 : timer.epochEnds.front();
    const double perEpoch = timer.epochEnds.size() > 1
                                ? (timer.epochEnds.back() - timer.epochEnds.front()) /
                                      static_cast<double>(timer.epochEnds.size() - 1)
                                : firstEpoch;
    const double afterTraining = timer.epochEnds.empty() ? 0 : wall - timer.epochEnds.back();
    const double projected20 = wall + (20 - epochs) * perEpoch;
    std::printf("\n%-34s %8.1f s wall, %.1f s CPU (%d epochs; %.2f s/epoch; eval+IG %.2f s; data gen %.1f s)\n",
                "one pass 5,000 x 16,000 cnn_small", wall, cpu, epochs, perEpoch, afterTraining, genSeconds);
    std::printf("%-34s %8.1f s (projected with the default 20 epochs)\n", "", projected20);
    return {{"cells", 5000},
            {"genes", 16000},
            {"epochs", epochs},
            {"seconds", wall},
            {"cpu_seconds", cpu},
            {"seconds_per_epoch", perEpoch},
            {"seconds_after_training", afterTraining},
            {"projected_seconds_20_epochs", projected20},
            {"accuracy", f.passes.empty() ? 0.0 : f.passes.front().accuracy},
            {"generate_seconds", genSeconds}};
}

// The memory run, in its own process so ru_maxrss is its own.
int rssChild(const Options& o) {
    const int64_t cells = 100000, genes = 33000;
    Clock gen;
    dm::CsrMatrix X = randomCsr(cells, genes, 0.10, 12345, 0.25f);
    const double genSeconds = gen.wall();
    const double afterGenMB = maxRssMB();
    dm::RunInput in;
    in.X = &X;
    in.y.resize(static_cast<size_t>(cells));
    for (int64_t r = 0; r < cells; ++r) in.y[static_cast<size_t>(r)] = r % 3;
    in.classes = {"a", "b", "c"};
    in.featureNames.reserve(static_cast<size_t>(genes));
    for (int64_t g = 0; g < genes; ++g) in.featureNames.push_back("g" + std::to_string(g));
    dm::RunConfig cfg;
    cfg.passes = 1;
    cfg.epochs = 1;
    cfg.earlyStop.enabled = false;
    cfg.attribution.samples = 16;
    cfg.backbone.kind = o.rssBackbone;
    cfg.threads = o.threads;
    Clock clock;
    const dm::Findings f = dm::runDeepMapper(in, cfg);
    const double runSeconds = clock.wall();
    const double csrMB = static_cast<double>(X.bytes()) / (1024.0 * 1024.0);
    const double denseMB = static_cast<double>(cells) * static_cast<double>(genes) * 4.0 / (1024.0 * 1024.0);
    const double peakMB = maxRssMB();
    const double limitMB = 2.0 * csrMB + 1024.0;
    Json j = {{"cells", cells},
              {"genes", genes},
              {"nnz", X.nnz()},
              {"backbone", o.rssBackbone},
              {"csr_mb", csrMB},
              {"dense_float32_mb", denseMB},
              {"rss_after_generation_mb", afterGenMB},
              {"peak_rss_mb", peakMB},
              {"target_mb", limitMB},
              {"peak_over_csr", peakMB / csrMB},
              {"generate_seconds", genSeconds},
              {"run_seconds", runSeconds},
              {"accepted", f.accepted}};
    std::ofstream(o.json) << j.dump(2) << "\n";
    return 0;
}

Json benchRss(const Options& o, const char* argv0) {
    (void)argv0;
    const std::string out = o.json + ".rss.json";
    std::string cmd = "/proc/" + std::to_string(getpid()) + "/exe";
    char exe[4096] = {0};
    const ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    cmd = len > 0 ? std::string(exe, static_cast<size_t>(len)) : std::string(argv0);
    cmd += " --rss-child --json '" + out + "' --rss-backbone " + o.rssBackbone;
    if (o.threads > 0) cmd += " --threads " + std::to_string(o.threads);
    Clock clock;
    const int rc = std::system(cmd.c_str());
    if (rc != 0) {
        std::printf("\nrss run failed (exit %d)\n", rc);
        return {{"failed", rc}};
    }
    Json j;
    std::ifstream(out) >> j;
    std::printf("\n%-34s %8.0f MB peak RSS = %.2fx CSR (%.0f MB); target < %.0f MB (2x CSR + 1 GB): %s\n",
                "100,000 x 33,000, 10% dense", j["peak_rss_mb"].get<double>(), j["peak_over_csr"].get<double>(),
                j["csr_mb"].get<double>(), j["target_mb"].get<double>(),
                j["peak_rss_mb"].get<double>() < j["target_mb"].get<double>() ? "met" : "NOT met");
    std::printf("%-34s %8.0f MB dense float32; RSS after generation %.0f MB; run %.1f s (%s, 1 epoch)\n", "",
                j["dense_float32_mb"].get<double>(), j["rss_after_generation_mb"].get<double>(),
                j["run_seconds"].get<double>(), o.rssBackbone.c_str());
    std::remove(out.c_str());
    j["wall_seconds_total"] = clock.wall();
    return j;
}

// Top-20 genes of a fixed short run on the demo data (default SyntheticSpec,
// normalize_total + log1p): compared before and after engine changes.
int demoTop20(const Options& o) {
    // The CLI demo's former data (600 cells x 500 genes), kept fixed so before/after
    // comparisons stay comparable: on the generator's default 2,000 x 5,000 cnn_small stays
    // at chance within a short run, and a ranking read from a chance-level model is noise.
    const Planted data = o.demoDefaultSpec ? planted(dm::SyntheticSpec{}.cells, dm::SyntheticSpec{}.genes, 0)
                                           : planted(600, 500, 0);
    const dm::RunInput in = runInput(data);
    dm::RunConfig cfg;
    // cnn_small with the CLI demo's former training settings: lr 3e-3 learns this data
    // within a few epochs, where lr 1e-3 stays at chance.
    cfg.passes = 10;
    cfg.epochs = 40;
    cfg.lr = 3e-3;
    cfg.earlyStop.minEpochs = 10;
    cfg.earlyStop.patience = 5;
    cfg.attribution.samples = 32;
    cfg.threads = o.threads;
    Clock clock;
    const dm::Findings f = dm::runDeepMapper(in, cfg);
    const auto top = f.ranking(20);
    Json names = Json::array();
    std::printf("demo top-20 (10 passes x <= 40 epochs, lr 3e-3, cnn_small, seed 0; %.1f s):\n", clock.wall());
    for (size_t i = 0; i < top.size(); ++i) {
        std::printf("%2zu %-12s %.3f %.3e\n", i + 1, top[i].name.c_str(), top[i].selectionFrequency,
                    top[i].medianImportance);
        names.push_back(top[i].name);
    }
    Json acc = Json::array();
    for (const auto& p : f.passes) acc.push_back(p.accuracy);
    std::ofstream(o.json) << Json{{"top20", names}, {"accuracy", acc}, {"seconds", clock.wall()}}.dump(2) << "\n";
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    try {
        if (!parse(argc, argv, o)) return 2;
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        usage();
        return 2;
    }
    setThreads(o);
    if (o.rssChild) return rssChild(o);
    if (o.demoTop20) return demoTop20(o);

    Json out;
    out["load_before"] = loadAverage();
    out["threads"] = torch::get_num_threads();
    out["cores"] = std::thread::hardware_concurrency();
    out["runtime_config"] = o.runtimeConfig;
    out["quick"] = o.quick;
    std::printf("bench_engine: %d threads, load average %s%s\n", torch::get_num_threads(), loadAverage().c_str(),
                o.runtimeConfig ? "" : " (configureRuntime skipped)");
    double peak = 0;
    if (o.want("matmul")) {
        out["matmul"] = benchMatmul(o);
        peak = out["matmul"]["gflops"].get<double>();
    }
    if (o.want("train") || o.want("ig")) {
        Json r = benchTrainAndIg(o, peak);
        out["train"] = r["train"];
        out["ig"] = r["ig"];
    }
    if (o.want("convs")) out["convs"] = benchConvs(o, peak, out.value("train", Json::array()));
    if (o.want("pass")) out["pass"] = benchPass(o);
    if (o.want("rss")) out["rss"] = benchRss(o, argv[0]);
    out["load_after"] = loadAverage();
    std::printf("\nload average after: %s\n", loadAverage().c_str());
    std::ofstream(o.json) << out.dump(2) << "\n";
    std::printf("wrote %s\n", o.json.c_str());
    return 0;
}
