// How fast a stop ends the long work after loading: the time from CancelToken::cancel()
// (or an InterruptScope saying so) to the worker returning, during
//   training     runDeepMapper, stopped 0-1 epoch after the 1st, 2nd, ... epoch ended
//   attribution  runDeepMapper with 1 epoch and many attributed cells x IG steps, stopped
//                20-220 ms after the training epoch ended (evaluation of the held-out
//                cells, then attribution)
//   evaluate     evaluateEnsemble, stopped like training
//   linear       fitLinearBaseline under an InterruptScope, stopped at 10-90% of a full fit
//   markers      findAllMarkers has no stop: its whole duration is the worst case
// Median and worst over --cancels stops per phase.
//   bench_cancel_run [--threads 2] [--cancels 7] [--synthetic CELLSxGENES]
// Default input: ../shared pbmc68k_reduced raw.X, bulk_labels.
#include "analysis/differential.h"
#include "analysis/linear_baseline.h"
#include "bench_support.h"
#include "common/error.h"
#include "common/interrupt.h"
#include "data/data_selection.h"
#include "data/readers.h"
#include "data/synthetic.h"
#include "engine/evaluate.h"
#include "engine/runner.h"
#include "engine/runtime.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <random>
#include <thread>

using namespace dm;
using Clock = std::chrono::steady_clock;

namespace {

// Counts epochs so a stop can be timed against training progress.
class EpochCounter : public RunObserver {
public:
    std::atomic<int> epochs{0};
    std::atomic<int64_t> lastEpochNs{0};
    void epochFinished(const EpochEvent&) override {
        lastEpochNs = Clock::now().time_since_epoch().count();
        ++epochs;
    }
};

struct Latencies {
    std::vector<double> ms;
    void print(const char* phase, const char* note = "") const {
        if (ms.empty()) {
            std::printf("  %-12s no stop landed%s\n", phase, note);
            return;
        }
        std::vector<double> v = ms;
        std::sort(v.begin(), v.end());
        std::printf("  %-12s stop -> worker returned: median %.0f ms, worst %.0f ms over %zu stops%s\n", phase,
                    v[v.size() / 2], v.back(), v.size(), note);
        std::fflush(stdout);
    }
};

// Runs `work` on a thread; `stopWhen` (on this thread) waits for the moment and returns
// true to stop then (false: no stop, the work ran out first). Returns the stop latency in
// ms, or -1 when the work had already finished.
double timedStop(const std::function<void()>& work, const std::function<bool()>& stopWhen, CancelToken& token,
                 std::atomic<bool>& done) {
    done = false;
    Clock::time_point returned;
    std::thread worker([&] {
        try {
            work();
        } catch (const Cancelled&) {
        }
        returned = Clock::now();
        done = true;
    });
    const bool stop = stopWhen();
    const Clock::time_point asked = Clock::now();
    if (stop) token.cancel();
    worker.join();
    token.reset();
    if (!stop) return -1;
    return std::chrono::duration<double, std::milli>(returned - asked).count();
}

void sleepMs(double ms) { std::this_thread::sleep_for(std::chrono::microseconds(static_cast<int64_t>(ms * 1e3))); }

bool waitFor(const std::function<bool()>& ready, const std::atomic<bool>& done) {
    while (!ready()) {
        if (done) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return !done;
}

RunConfig trainingConfig(int threads) {
    RunConfig c;
    c.passes = 2;
    c.epochs = 400;
    c.earlyStop.enabled = false;
    c.gate.kind = "floor";
    c.minAccuracy = 0.0;
    c.threads = threads;
    c.attribution.samples = 64;
    return c;
}

void training(const RunInput& in, int threads, int cancels, std::mt19937& rng) {
    Latencies lat;
    CancelToken token;
    std::atomic<bool> done{false};
    const RunConfig c = trainingConfig(threads);
    for (int i = 0; i < cancels; ++i) {
        EpochCounter obs;
        const int after = 1 + i % 3;
        const double frac = std::uniform_real_distribution<double>(0, 1)(rng);
        auto epochStart = Clock::now();
        const double ms = timedStop([&] { runDeepMapper(in, c, &obs, &token); },
                                    [&] {
                                        if (!waitFor([&] { return obs.epochs.load() >= 1; }, done)) return false;
                                        epochStart = Clock::now();
                                        if (!waitFor([&] { return obs.epochs.load() >= after + 1; }, done)) return false;
                                        const double epochMs =
                                            std::chrono::duration<double, std::milli>(Clock::now() - epochStart).count() /
                                            after;
                                        sleepMs(frac * epochMs);
                                        return !done.load();
                                    },
                                    token, done);
        if (ms >= 0) lat.ms.push_back(ms);
    }
    lat.print("training");
}

void attribution(const RunInput& in, int threads, int cancels, std::mt19937& rng) {
    Latencies lat;
    CancelToken token;
    std::atomic<bool> done{false};
    RunConfig c = trainingConfig(threads);
    c.epochs = 1;
    c.passes = 1;
    c.attribution.samples = 100000;  // every held-out cell
    c.attribution.igSteps = 64;
    // How long one pass's attribution takes, to stop inside it.
    double fullMs = 0;
    {
        EpochCounter obs;
        Clock::time_point trained;
        std::thread w([&] { runDeepMapper(in, c, &obs, nullptr); });
        waitFor([&] { return obs.epochs.load() >= 1; }, done);
        trained = Clock::now();
        w.join();
        fullMs = std::chrono::duration<double, std::milli>(Clock::now() - trained).count();
    }
    for (int i = 0; i < cancels; ++i) {
        EpochCounter obs;
        const double delay = 20 + std::uniform_real_distribution<double>(0, 0.8)(rng) * std::max(0.0, fullMs - 20);
        const double ms = timedStop([&] { runDeepMapper(in, c, &obs, &token); },
                                    [&] {
                                        if (!waitFor([&] { return obs.epochs.load() >= 1; }, done)) return false;
                                        sleepMs(delay);
                                        return !done.load();
                                    },
                                    token, done);
        if (ms >= 0) lat.ms.push_back(ms);
    }
    char note[128];
    std::snprintf(note, sizeof note, " (evaluation + attribution of one pass: %.0f ms, %d IG steps)", fullMs,
                  c.attribution.igSteps);
    lat.print("attribution", note);
}

void evaluate(const RunInput& in, int threads, int cancels, std::mt19937& rng) {
    Latencies lat;
    CancelToken token;
    std::atomic<bool> done{false};
    const RunConfig c = trainingConfig(threads);
    for (int i = 0; i < cancels; ++i) {
        EpochCounter obs;
        const double frac = std::uniform_real_distribution<double>(0, 1)(rng);
        Clock::time_point first;
        const double ms = timedStop([&] { evaluateEnsemble(in, c, &obs, &token); },
                                    [&] {
                                        if (!waitFor([&] { return obs.epochs.load() >= 1; }, done)) return false;
                                        first = Clock::now();
                                        if (!waitFor([&] { return obs.epochs.load() >= 2; }, done)) return false;
                                        sleepMs(frac * std::chrono::duration<double, std::milli>(Clock::now() - first)
                                                           .count());
                                        return !done.load();
                                    },
                                    token, done);
        if (ms >= 0) lat.ms.push_back(ms);
    }
    lat.print("evaluate");
}

void linear(const RunInput& in, int cancels, std::mt19937& rng) {
    Latencies lat;
    CancelToken token;
    std::atomic<bool> done{false};
    auto fit = [&] {
        const InterruptScope scope([&token] { return token.cancelled(); });
        fitLinearBaseline(*in.X, in.y, in.classes, in.featureNames);
    };
    const auto t0 = Clock::now();
    fit();
    const double fullMs = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    for (int i = 0; i < cancels; ++i) {
        const double frac = 0.1 + 0.8 * std::uniform_real_distribution<double>(0, 1)(rng);
        const double ms = timedStop(fit,
                                    [&] {
                                        sleepMs(frac * fullMs);
                                        return !done.load();
                                    },
                                    token, done);
        if (ms >= 0) lat.ms.push_back(ms);
    }
    char note[96];
    std::snprintf(note, sizeof note, " (a full fit: %.0f ms)", fullMs);
    lat.print("linear", note);
}

void markers(const RunInput& in, int threads) {
    DeOptions de;
    de.threads = threads;
    const auto t0 = Clock::now();
    findAllMarkers(*in.X, in.y, in.classes, in.featureNames, de);
    std::printf("  %-12s no stop point: a whole FindAllMarkers (Wilcoxon) takes %.0f ms, the worst stop latency\n",
                "markers", std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
}

}  // namespace

int main(int argc, char** argv) {
    int threads = 2, cancels = 7;
    std::string synthetic;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--threads")) threads = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--cancels")) cancels = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--synthetic")) synthetic = argv[i + 1];
    }
    configureRuntime(threads);
    Dataset ds;
    DataSelection sel;
    std::string name;
    if (synthetic.empty()) {
        const std::string path = bench::sharedDir() + "/data/h5ad/pbmc68k_reduced.h5ad";
        if (!std::filesystem::exists(path)) {
            std::printf("%s not found (set DM_SHARED_DIR)\n", path.c_str());
            return 0;
        }
        H5adReadOptions o;
        o.matrix = "raw";
        ds = readH5ad(path, o);
        sel.labelColumn = "bulk_labels";
        name = "pbmc68k_reduced raw.X";
    } else {
        SyntheticSpec s;
        s.cells = std::atoll(synthetic.c_str());
        s.genes = std::atoll(synthetic.c_str() + synthetic.find('x') + 1);
        SyntheticData d = generateSynthetic(s);
        ds = std::move(d.dataset);
        sel.labelColumn = kSyntheticLabelColumn;
        name = "synthetic " + synthetic;
    }
    const PreparedData data = prepareInput(std::move(ds), sel);
    const RunInput in = data.runInput();
    std::printf("%s: %lld cells x %lld genes, %zu classes; %d threads; %d stops per phase; load %s\n", name.c_str(),
                static_cast<long long>(data.dataset.cells()), static_cast<long long>(data.dataset.genes()),
                in.classes.size(), threads, cancels, bench::loadAverage().c_str());
    std::mt19937 rng(20);
    training(in, threads, cancels, rng);
    attribution(in, threads, cancels, rng);
    evaluate(in, threads, cancels, rng);
    linear(in, cancels, rng);
    markers(in, threads);
    return 0;
}
