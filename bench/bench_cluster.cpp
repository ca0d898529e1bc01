// A run spread by tries, measured: (1) N shards run concurrently against one process on
// this machine, and the wall time projected for a cluster from the per-try time; (2) the
// merge of 1,000 tries x 33,000 genes: its wall time and peak memory.
//   bench_cluster [--tries 4] [--cells 1000] [--genes 2000] [--epochs 3] [--merge-tries 1000]
//                 [--merge-genes 33000] [--skip-train] [--skip-merge]
// Runs the built `deepmapper` (../app/cli/deepmapper next to this program) as a user
// would, one process per shard; peak memory from wait4's rusage.
#include "bench_support.h"

#include "data/h5ad_writer.h"
#include "data/synthetic.h"
#include "engine/run_accumulation.h"
#include "report/try_store.h"

#include <nlohmann/json.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <spawn.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using dm::bench::seconds;

std::string deepmapper() {
    return (fs::read_symlink("/proc/self/exe").parent_path() / ".." / "app" / "cli" / "deepmapper").lexically_normal().string();
}

struct Finished {
    int code = -1;
    double peakMB = 0;
};

pid_t spawn(const std::vector<std::string>& args) {
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = 0;
    if (posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0)
        throw std::runtime_error("cannot start " + args[0]);
    return pid;
}

Finished await(pid_t pid) {
    int status = 0;
    rusage u{};
    wait4(pid, &status, 0, &u);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, static_cast<double>(u.ru_maxrss) / 1024.0};
}

int intFlag(int argc, char** argv, const std::string& name, int def) {
    for (int i = 1; i + 1 < argc; ++i)
        if (argv[i] == name) return std::atoi(argv[i + 1]);
    return def;
}
bool hasFlag(int argc, char** argv, const std::string& name) {
    for (int i = 1; i < argc; ++i)
        if (argv[i] == name) return true;
    return false;
}

double meanTrySeconds(const std::string& runJson) {
    std::ifstream in(runJson);
    const auto j = nlohmann::json::parse(in);
    double sum = 0;
    for (const auto& p : j.at("passes")) sum += p.at("seconds").get<double>();
    return j.at("passes").empty() ? 0 : sum / static_cast<double>(j.at("passes").size());
}

void benchShards(int argc, char** argv, const fs::path& dir) {
    const int tries = intFlag(argc, argv, "--tries", 4);
    dm::SyntheticSpec spec;
    spec.cells = intFlag(argc, argv, "--cells", 1000);
    spec.genes = intFlag(argc, argv, "--genes", 2000);
    spec.seed = 3;
    const std::string data = (dir / "planted.h5ad").string();
    dm::writeH5ad(dm::generateSynthetic(spec).dataset, data);
    const std::vector<std::string> run = {deepmapper(), "run", data, "--label", dm::kSyntheticLabelColumn,
                                          "--passes", std::to_string(tries), "--epochs",
                                          std::to_string(intFlag(argc, argv, "--epochs", 3)), "--quiet"};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> a = run;
        a.insert(a.end(), extra.begin(), extra.end());
        return a;
    };
    std::printf("shards vs one process: %d tries, %lld cells x %lld genes, load %s\n", tries,
                static_cast<long long>(spec.cells), static_cast<long long>(spec.genes), dm::bench::loadAverage().c_str());

    for (int threads : {1, 2}) {
        const auto t0 = std::chrono::steady_clock::now();
        const Finished one = await(spawn(with({"--threads", std::to_string(threads), "--out", (dir / ("one-t" + std::to_string(threads))).string()})));
        std::printf("  one process, --threads %d: %.1f s wall (exit %d, peak %.0f MB), %.2f s per try\n", threads,
                    seconds(t0), one.code, one.peakMB, meanTrySeconds((dir / ("one-t" + std::to_string(threads)) / "run.json").string()));
    }
    const int shards = 2;  // the cores of this machine
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<pid_t> pids;
    std::vector<std::string> shardDirs;
    for (int s = 0; s < shards; ++s) {
        const int a = s * tries / shards, b = (s + 1) * tries / shards;
        shardDirs.push_back((dir / ("shard-" + std::to_string(s))).string());
        pids.push_back(spawn(with({"--threads", "1", "--tries", std::to_string(a) + ":" + std::to_string(b), "--out", shardDirs.back()})));
    }
    double peak = 0;
    for (pid_t p : pids) peak = std::max(peak, await(p).peakMB);
    const double shardWall = seconds(t0);
    const auto m0 = std::chrono::steady_clock::now();
    std::vector<std::string> merge = {deepmapper(), "merge"};
    merge.insert(merge.end(), shardDirs.begin(), shardDirs.end());
    merge.insert(merge.end(), {"--out", (dir / "merged").string(), "--quiet"});
    const Finished merged = await(spawn(merge));
    std::printf("  %d shards at once, --threads 1 each: %.1f s wall (peak %.0f MB each), merge %.2f s (exit %d)\n", shards,
                shardWall, peak, seconds(m0), merged.code);
    std::ifstream a((dir / "merged" / "ranking.csv").string()), b((dir / "one-t1" / "ranking.csv").string());
    const std::string ra((std::istreambuf_iterator<char>(a)), {}), rb((std::istreambuf_iterator<char>(b)), {});
    std::printf("  merged ranking.csv %s the --threads 1 single run's\n", ra == rb && !ra.empty() ? "equals" : "DIFFERS from");

    // Per-try time from the shards' records: on a cluster every task runs its range at
    // once, so the wall is the slowest range plus loading, scheduling and the merge.
    double perTry = 0;
    int n = 0;
    for (const std::string& d : shardDirs)
        for (const auto& r : dm::readShard(d).records) perTry += r.seconds, ++n;
    perTry /= std::max(n, 1);
    std::printf("  per try (1 thread, 2 busy cores): %.2f s; projected cluster wall for %d tries:\n", perTry, tries);
    for (int tasks : {1, 4, 16, 64})
        std::printf("    %3d tasks: %.1f s + load + queueing + merge\n", tasks,
                    perTry * std::ceil(static_cast<double>(tries) / std::min(tasks, tries)));
}

void benchMerge(int argc, char** argv, const fs::path& dir) {
    const int tries = intFlag(argc, argv, "--merge-tries", 1000);
    const int genes = intFlag(argc, argv, "--merge-genes", 33000);
    dm::ShardHeader h;
    h.config.passes = tries;
    h.config.maxTries = tries;
    h.config.threads = 1;
    h.dataset.source = "synthetic records";
    h.dataset.cells = 100000;
    h.dataset.genes = genes;
    h.dataset.fingerprint = "00000000bench000";
    for (int g = 0; g < genes; ++g) h.featureNames.push_back("GENE" + std::to_string(g));
    const auto w0 = std::chrono::steady_clock::now();
    std::vector<std::string> shardDirs;
    std::mt19937 rng(1);
    std::gamma_distribution<float> importance(0.5f, 1.0f);
    const int perShard = 100;
    for (int s = 0; s * perShard < tries; ++s) {
        shardDirs.push_back((dir / ("mshard-" + std::to_string(s))).string());
        const dm::TryStore store(shardDirs.back());
        store.create(h);
        for (int t = s * perShard; t < std::min(tries, (s + 1) * perShard); ++t) {
            dm::PassRecord r;
            r.tryIndex = t;
            r.seed = static_cast<uint64_t>(t);
            r.accuracy = 0.9;
            r.accepted = true;
            r.stopEpoch = 20;
            r.seconds = 3600;
            r.geneImportance.resize(static_cast<size_t>(genes));
            for (float& v : r.geneImportance) v = importance(rng);
            store.add(r);
        }
    }
    uintmax_t bytes = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file() && e.path().string().find("mshard-") != std::string::npos) bytes += e.file_size();
    std::printf("merge: %d tries x %d genes in %zu shards (%.0f MB of try files, written in %.1f s), load %s\n", tries,
                genes, shardDirs.size(), bytes / 1048576.0, seconds(w0), dm::bench::loadAverage().c_str());

    std::vector<std::string> merge = {deepmapper(), "merge"};
    merge.insert(merge.end(), shardDirs.begin(), shardDirs.end());
    merge.insert(merge.end(), {"--out", (dir / "merged-1000").string(), "--quiet"});
    const auto m0 = std::chrono::steady_clock::now();
    const Finished f = await(spawn(merge));
    std::printf("  deepmapper merge: %.1f s wall, peak RSS %.0f MB, exit %d; run.json %.0f MB\n", seconds(m0), f.peakMB,
                f.code, fs::file_size(dir / "merged-1000" / "run.json") / 1048576.0);

    // The accumulation alone, in this process, on the records read back.
    std::vector<dm::PassRecord> records;
    const auto r0 = std::chrono::steady_clock::now();
    for (const std::string& d : shardDirs)
        for (auto& r : dm::readShard(d).records) records.push_back(std::move(r));
    const double readS = seconds(r0);
    const auto a0 = std::chrono::steady_clock::now();
    const dm::Findings findings = dm::accumulateRun(std::move(records), h.config, h.featureNames);
    std::printf("  of which reading the try files %.1f s, accumulateRun %.1f s (%d accepted)\n", readS, seconds(a0),
                findings.accepted);
}

}  // namespace

int main(int argc, char** argv) {
    const fs::path dir = fs::temp_directory_path() / ("bench_cluster-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    try {
        if (!hasFlag(argc, argv, "--skip-train")) benchShards(argc, argv, dir);
        if (!hasFlag(argc, argv, "--skip-merge")) benchMerge(argc, argv, dir);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_cluster: %s\n", e.what());
        fs::remove_all(dir);
        return 1;
    }
    fs::remove_all(dir);
    return 0;
}
