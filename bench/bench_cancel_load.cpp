// How fast a stop ends a load through the isolated reader (data/isolated_reader.h), and
// what a load costs: for each input, the full isolated load time, then loads stopped after
// 10%, 50% and 90% of it, each reporting the time from the stop request to the load
// returning (the poll interval is 100 ms, then SIGKILL and waitpid), and whether any
// child process was left behind.
//   bench_cancel_load FILE.h5ad...      (default: ../shared pbmc68k and a synthetic 20k x 20k)
// The synthetic file is written once to $TMPDIR/dm_bench_20k.h5ad.
#include "bench_support.h"
#include "synthetic_file.h"
#include "common/error.h"
#include "common/interrupt.h"
#include "data/h5ad_writer.h"
#include "data/isolated_reader.h"
#include "data/readers.h"
#include "data/synthetic.h"

#include <sys/wait.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <thread>

using namespace dm;
using Clock = std::chrono::steady_clock;

namespace {

void measure(const std::string& path) {
    auto t0 = Clock::now();
    const Dataset ds = loadDataset(path);
    const double full = bench::seconds(t0);
    // Peak memory of this process: the matrix once (read from the memfd into its vectors
    // while the memfd is released behind), not twice.
    std::printf("%s: %lld x %lld, %lld stored values: isolated load %.2f s, CSR %.0f MB, peak RSS of the "
                "caller %.0f MB (load average %s)\n",
                path.c_str(), static_cast<long long>(ds.cells()), static_cast<long long>(ds.genes()),
                static_cast<long long>(ds.X.nnz()), full, ds.X.bytes() / 1048576.0, bench::procStatusMB("VmHWM"),
                bench::loadAverage().c_str());
    for (double fraction : {0.1, 0.3, 0.5, 0.7, 0.9}) {
        std::atomic<bool> stop{false};
        Clock::time_point stopAt{};
        std::thread stopper([&] {
            std::this_thread::sleep_for(std::chrono::duration<double>(full * fraction));
            stopAt = Clock::now();
            stop = true;
        });
        const InterruptScope scope([&stop] { return stop.load(); });
        std::string outcome = "finished before the stop";
        try {
            loadDataset(path);
        } catch (const Cancelled&) {
            outcome = "stopped";
        }
        const auto returned = Clock::now();
        stopper.join();
        const bool childLeft = !(waitpid(-1, nullptr, WNOHANG) < 0 && errno == ECHILD);
        std::printf("  stop at %3.0f%%: %s, %.0f ms from the stop to the load returning, child left: %s\n",
                    fraction * 100, outcome.c_str(),
                    std::chrono::duration<double, std::milli>(returned - stopAt).count(), childLeft ? "YES" : "no");
    }
}

}  // namespace

int main(int argc, char** argv) {
    isolation::enable();
    std::vector<std::string> files(argv + 1, argv + argc);
    if (files.empty()) {
        const char* shared = std::getenv("DM_SHARED_DIR");
        files.push_back(std::string(shared && *shared ? shared : DM_SHARED_DIR_DEFAULT) +
                        "/data/h5ad/pbmc68k_reduced.h5ad");
        files.push_back(bench::syntheticFile());
    }
    for (const auto& f : files) measure(f);
}
