// How fast a stop ends each stage of the work, what it keeps and what it leaves behind.
// For every stage, stops at random points inside it; per stage it prints the median and
// worst time from the stop request to the call returning, whether what was accepted before
// the stop is still there, and the threads (/proc/self/task) and child processes before
// and after the stops. Figures, not pass/fail.
//   load         loadDataset through the isolated reader (InterruptScope)
//   prepare      prepareInput (labels, selection, counts check, normalize_total + log1p,
//                finiteness, fingerprint) from a loaded dataset (InterruptScope); kept: the
//                loaded dataset, unchanged
//   training     runDeepMapper, 2 passes: stopped inside the 2nd pass's training, at a
//                random point of the 1st pass's training time; kept: the 1st pass
//   attribution  runDeepMapper, 2 passes of 1 epoch: stopped after the 2nd pass's training
//                (held-out evaluation + attribution); kept: the 1st pass
//   evaluation   evaluateEnsemble, 2 arrangements: stopped inside the 2nd (whole arrangement
//                or its held-out evaluation, alternately); kept: the 1st arrangement's vote
//   linear       fitLinearBaseline (InterruptScope, as the GUI's job)
//   embedding    embedCells (the VAE, token), then the PCA of `deepmapper embed` (InterruptScope)
// Calls that run as one piece (load, prepare, linear, VAE, PCA) are first run once with a
// stop at --cap-ms: their full time (or the cap) is the window the random stops fall in.
//   bench_cancel_stages [--input pbmc|20k|FILE.h5ad] [--label COL] [--matrix X|raw]
//                       [--stops 5] [--threads 2] [--cap-ms 20000] [--stages load,prepare,...]
// 20k: a synthetic 20,000 cells x 20,000 genes file, written once to $TMPDIR/dm_bench_20k.h5ad
// (the same file bench_cancel_load uses).
#include "analysis/linear_baseline.h"
#include "analysis/pca.h"
#include "bench_support.h"
#include "synthetic_file.h"
#include "common/error.h"
#include "common/interrupt.h"
#include "data/data_selection.h"
#include "data/h5ad_writer.h"
#include "data/isolated_reader.h"
#include "data/readers.h"
#include "data/synthetic.h"
#include "engine/embedding.h"
#include "engine/evaluate.h"
#include "engine/runner.h"
#include "engine/runtime.h"

#include <dirent.h>
#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <random>
#include <thread>

using namespace dm;
using Clock = std::chrono::steady_clock;

namespace {

int64_t nowNs() { return Clock::now().time_since_epoch().count(); }

int threadCount() {
    int n = 0;
    if (DIR* d = opendir("/proc/self/task")) {
        while (const dirent* e = readdir(d))
            if (e->d_name[0] != '.') ++n;
        closedir(d);
    }
    return n;
}

bool childLeft() { return !(waitpid(-1, nullptr, WNOHANG) < 0 && errno == ECHILD); }

// When to stop: wait until anchor() is non-zero (ns), then stop at anchor + u * window() ms.
struct StopPlan {
    std::function<int64_t()> anchor = [] { return nowNs(); };
    std::function<double()> windowMs;
};

struct StopOutcome {
    bool stopped = false;    // the stop was asked before the call returned
    bool cancelled = false;  // the call threw Cancelled (the runner returns partial results instead)
    double latencyMs = 0;
    double callMs = 0;     // start to return
    std::string error;
};

// Runs `work` on a worker thread and stops it as `plan` says (u in [0, 1)).
StopOutcome stopInside(const std::function<void()>& work, const StopPlan& plan, double u, CancelToken& token) {
    token.reset();
    StopOutcome out;
    std::atomic<bool> done{false};
    int64_t returned = 0;
    const int64_t started = nowNs();
    std::thread worker([&] {
        try {
            work();
        } catch (const Cancelled&) {
            out.cancelled = true;
        } catch (const std::exception& e) {
            out.error = e.what();
        }
        returned = nowNs();
        done = true;
    });
    int64_t at = 0;
    while (!done && (at = plan.anchor()) == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    int64_t asked = 0;
    if (!done) {
        const int64_t stopAt = at + static_cast<int64_t>(u * plan.windowMs() * 1e6);
        while (!done && nowNs() < stopAt) std::this_thread::sleep_for(std::chrono::microseconds(500));
        asked = nowNs();
        if (!done) token.cancel();
    }
    worker.join();
    out.stopped = asked != 0 && asked < returned;
    out.latencyMs = static_cast<double>(returned - asked) / 1e6;
    out.callMs = static_cast<double>(returned - started) / 1e6;
    token.reset();
    return out;
}

struct StageReport {
    explicit StageReport(std::string name) : stage(std::move(name)) {}
    std::string stage;
    std::vector<double> ms;
    int ranOut = 0, keptOk = 0, keptChecked = 0;
    int threadsBefore = 0, threadsAfter = 0;
    bool child = false;
    std::string window, error;

    void add(const StopOutcome& o) {
        if (!o.error.empty()) error = o.error;
        if (o.stopped) ms.push_back(o.latencyMs);
        else ++ranOut;
    }
    std::string line() const {
        std::vector<double> v = ms;
        std::sort(v.begin(), v.end());
        char buf[512];
        const std::string kept =
            keptChecked ? std::to_string(keptOk) + "/" + std::to_string(keptChecked) : std::string("-");
        std::snprintf(buf, sizeof buf, "| %s | %s | %s | %s | %zu (+%d ran out) | %s | %d -> %d | %s |", stage.c_str(),
                      window.c_str(), v.empty() ? "-" : std::to_string(static_cast<int>(v[v.size() / 2])).c_str(),
                      v.empty() ? "-" : std::to_string(static_cast<int>(v.back())).c_str(), v.size(), ranOut,
                      kept.c_str(), threadsBefore, threadsAfter, child ? "YES" : "none");
        return buf;
    }
};

std::vector<StageReport> reports;

void finish(StageReport& r) {
    r.threadsAfter = threadCount();
    r.child = childLeft();
    std::printf("%s%s\n", r.line().c_str(), r.error.empty() ? "" : ("  error: " + r.error).c_str());
    std::fflush(stdout);
    reports.push_back(r);
}

struct Bench {
    std::string path, label;
    LoadOptions load;
    Dataset loaded;
    PreparedData data;
    int stops = 5, threads = 2;
    double capMs = 20000;
    std::mt19937 rng{20};
    CancelToken token;

    double u() { return std::uniform_real_distribution<double>(0.02, 0.98)(rng); }

    DataSelection selection() const {
        DataSelection s;
        s.labelColumn = label;
        return s;
    }

    // A call that runs as one piece, stopped through an InterruptScope on the token.
    std::function<void()> scoped(const std::function<void()>& f) {
        return [this, f] {
            const InterruptScope scope([this] { return token.cancelled(); });
            f();
        };
    }

    // Calibrates the window (full time, or the cap when a stop at the cap landed), then
    // stops at random points inside it.
    void wholeCall(StageReport& r, const std::function<void()>& work, const std::function<void(StageReport&)>& check = {}) {
        StopPlan capPlan;
        capPlan.windowMs = [this] { return capMs; };
        const StopOutcome first = stopInside(work, capPlan, 1.0, token);
        if (first.stopped || !first.error.empty()) r.add(first);  // a stop at the cap is one of the stops
        const double window = first.stopped ? capMs : first.callMs;
        char w[64];
        std::snprintf(w, sizeof w, first.stopped ? "first %.1f s" : "%.1f s", window / 1000);
        r.window = w;
        r.threadsBefore = threadCount();
        StopPlan plan;
        plan.windowMs = [window] { return window; };
        for (int i = 0; i < stops; ++i) {
            r.add(stopInside(work, plan, u(), token));
            if (check) check(r);
        }
        finish(r);
    }

    void stageLoad() {
        StageReport r("load");
        wholeCall(r, scoped([this] { loadDataset(path, load); }));
    }

    void stagePrepare() {
        StageReport r("prepare");
        const double before = checksum(loaded.X);
        wholeCall(r, scoped([this] { prepareInput(loaded, selection()); }), [&](StageReport& rep) {
            ++rep.keptChecked;
            rep.keptOk += checksum(loaded.X) == before ? 1 : 0;
        });
    }

    static double checksum(const CsrMatrix& X) {
        double s = 0;
        for (size_t k = 0; k < X.values.size(); k += 97) s += X.values[k] * static_cast<double>(k % 13 + 1);
        return s + static_cast<double>(X.nnz());
    }

    // Timestamps of the first two passes (or arrangements), for stops placed inside the 2nd.
    class PassClock : public RunObserver {
    public:
        explicit PassClock(int epochs) : lastEpoch_(epochs - 1) {}
        std::atomic<int64_t> start[2]{}, trained[2]{}, end[2]{};
        void passStarted(int t, uint64_t) override {
            current_ = t;
            if (t < 2) start[t] = nowNs();
        }
        void epochFinished(const EpochEvent& e) override {
            if (e.epoch == lastEpoch_ && e.tryIndex < 2) trained[e.tryIndex] = nowNs();
        }
        void passFinished(const PassEvent& e) override {
            if (e.record->tryIndex < 2) end[e.record->tryIndex] = nowNs();
        }
        void message(const std::string& text) override {  // evaluateEnsemble: "arrangement t/N ..."
            if (text.rfind("arrangement", 0) == 0 && current_ < 2) end[current_] = nowNs();
        }

    private:
        int lastEpoch_;
        int current_ = 0;
    };

    RunConfig baseConfig(int epochs) const {
        RunConfig c;
        c.passes = 2;
        c.maxTries = 2;
        c.epochs = epochs;
        c.earlyStop.enabled = false;
        c.gate.kind = "floor";
        c.minAccuracy = 0.0;
        c.threads = threads;
        c.attribution.samples = 16;
        c.attribution.igSteps = 8;
        return c;
    }

    // Runs of 2 passes stopped inside the 2nd: anchor and window come from the clock.
    void passStops(StageReport& r, const RunConfig& c, bool evaluation,
                   const std::function<StopPlan(PassClock&, int)>& planOf) {
        r.threadsBefore = -1;
        double windowSum = 0;
        for (int i = 0; i < stops; ++i) {
            PassClock clock(c.epochs);
            Findings f;
            EvaluationResult e;
            auto work = [&] {
                if (evaluation) e = evaluateEnsemble(data.runInput(), c, &clock, &token);
                else f = runDeepMapper(data.runInput(), c, &clock, &token);
            };
            const StopPlan plan = planOf(clock, i);
            const StopOutcome o = stopInside(work, plan, u(), token);
            r.add(o);
            if (r.threadsBefore < 0) r.threadsBefore = threadCount();  // after the first run started LibTorch's pools
            windowSum += plan.windowMs();
            // A stop asked once the 2nd pass had ended (while the call summed up) finds
            // nothing to stop: the call completes, counted with those that ran out.
            const bool complete = evaluation ? !e.partial && e.passAccuracy.size() == 2 : !f.partial;
            if (o.stopped && complete) {
                r.ms.pop_back();
                ++r.ranOut;
            } else if (o.stopped) {
                ++r.keptChecked;
                if (evaluation) r.keptOk += e.partial && e.passAccuracy.size() == 1 ? 1 : 0;
                else {
                    int accepted = 0;
                    for (const PassRecord& p : f.passes) accepted += p.accepted ? 1 : 0;
                    r.keptOk += f.partial && accepted == 1 ? 1 : 0;
                }
            }
        }
        char w[64];
        std::snprintf(w, sizeof w, "%.1f s", windowSum / stops / 1000);
        r.window = w;
        finish(r);
    }

    static double nsToMs(int64_t a, int64_t b) { return static_cast<double>(b - a) / 1e6; }

    void stageTraining(int epochs) {
        StageReport r("training");
        passStops(r, baseConfig(epochs), false, [](PassClock& k, int) {
            StopPlan p;
            p.anchor = [&k] { return k.trained[0] ? k.start[1].load() : 0; };
            p.windowMs = [&k] { return nsToMs(k.start[0], k.trained[0]); };
            return p;
        });
    }

    void stageAttribution(int samples, int igSteps) {
        StageReport r("attribution");
        RunConfig c = baseConfig(1);
        c.attribution.samples = samples;
        c.attribution.igSteps = igSteps;
        passStops(r, c, false, [](PassClock& k, int) {
            StopPlan p;
            p.anchor = [&k] { return k.end[0] ? k.trained[1].load() : 0; };
            p.windowMs = [&k] { return nsToMs(k.trained[0], k.end[0]); };
            return p;
        });
    }

    void stageEvaluation(int epochs) {
        StageReport r("evaluation");
        passStops(r, baseConfig(epochs), true, [](PassClock& k, int i) {
            StopPlan p;
            if (i % 2 == 0) {  // anywhere in the 2nd arrangement
                p.anchor = [&k] { return k.end[0] ? k.start[1].load() : 0; };
                p.windowMs = [&k] { return nsToMs(k.start[0], k.end[0]); };
            } else {  // inside its held-out evaluation
                p.anchor = [&k] { return k.end[0] ? k.trained[1].load() : 0; };
                p.windowMs = [&k] { return nsToMs(k.trained[0], k.end[0]); };
            }
            return p;
        });
    }

    void stageLinear() {
        StageReport r("linear baseline");
        const RunInput in = data.runInput();
        wholeCall(r, scoped([in] { fitLinearBaseline(*in.X, in.y, in.classes, in.featureNames); }));
    }

    void stageEmbedding() {
        StageReport vae("embedding: VAE");
        EmbeddingOptions o;
        o.threads = threads;
        wholeCall(vae, [this, o] { embedCells(data.dataset.X, o, nullptr, &token); });
        StageReport p("embedding: PCA");
        PcaOptions po;
        po.components = static_cast<int>(std::min<int64_t>(o.latent, std::min(data.dataset.cells(), data.dataset.genes())));
        wholeCall(p, scoped([this, po] { pca(data.dataset.X, po); }));
    }
};

}  // namespace

int main(int argc, char** argv) {
    isolation::enable();
    Bench b;
    std::string input = "pbmc", matrix, stages = "load,prepare,training,attribution,evaluation,linear,embedding";
    bench::ArgWalker args(argc, argv);
    while (args.next()) {
        const std::string& f = args.flag();
        if (f == "--input") input = args.value();
        else if (f == "--label") b.label = args.value();
        else if (f == "--matrix") matrix = args.value();
        else if (f == "--stops") b.stops = std::stoi(args.value());
        else if (f == "--threads") b.threads = std::stoi(args.value());
        else if (f == "--cap-ms") b.capMs = std::stod(args.value());
        else if (f == "--stages") stages = args.value();
    }
    const bool big = input == "20k";
    if (input == "pbmc") {
        b.path = bench::sharedDir() + "/data/h5ad/pbmc68k_reduced.h5ad";
        if (b.label.empty()) b.label = "bulk_labels";
        if (matrix.empty()) matrix = "raw";
    } else if (big) {
        b.path = bench::syntheticFile();
        if (b.label.empty()) b.label = kSyntheticLabelColumn;
    } else {
        b.path = input;
    }
    if (!matrix.empty()) b.load.h5ad.matrix = matrix;
    configureRuntime(b.threads);
    b.loaded = loadDataset(b.path, b.load);
    b.data = prepareInput(b.loaded, b.selection());
    std::printf("%s: %lld cells x %lld genes, %lld stored values, %zu classes; %d threads; %d stops per stage; load "
                "average %s\n",
                b.path.c_str(), static_cast<long long>(b.data.dataset.cells()),
                static_cast<long long>(b.data.dataset.genes()), static_cast<long long>(b.data.dataset.X.nnz()),
                b.data.labels.classes.size(), b.threads, b.stops, bench::loadAverage().c_str());
    std::printf("| stage | window | median ms | worst ms | stops landed | kept | threads before -> after | child left |\n"
                "|---|---|---|---|---|---|---|---|\n");
    std::fflush(stdout);
    for (const std::string& s : bench::splitList(stages)) {
        if (s == "load") b.stageLoad();
        else if (s == "prepare") b.stagePrepare();
        else if (s == "training") b.stageTraining(big ? 1 : 10);
        else if (s == "attribution") b.stageAttribution(big ? 512 : 100000, 64);
        else if (s == "evaluation") b.stageEvaluation(big ? 1 : 10);
        else if (s == "linear") b.stageLinear();
        else if (s == "embedding") b.stageEmbedding();
    }
    std::printf("load average at the end: %s\n", bench::loadAverage().c_str());
    return 0;
}
