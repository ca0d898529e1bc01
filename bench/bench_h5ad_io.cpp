// h5ad I/O throughput and memory: writes a sparse 50,000 cells x 20,000 genes matrix at
// 10% density with writeH5ad, reads it back with readH5ad, and prints write/read MB/s,
// the in-memory CSR size, the process peak RSS and the RSS growth during the read.
//   bench_h5ad_io [--cells N] [--genes N] [--density D] [--dir DIR] [--keep]
#include "data/h5ad_writer.h"
#include "bench_support.h"
#include "data/readers.h"

#include <nlohmann/json.hpp>

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

namespace {

using namespace dm::bench;

// User + system CPU seconds of this process: wall time on a shared machine is noisy.
double cpuSeconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

}  // namespace

int main(int argc, char** argv) {
    int64_t cells = 50000, genes = 20000;
    double density = 0.10;
    std::string dir = std::filesystem::temp_directory_path().string();
    bool keep = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
        if (a == "--cells") cells = std::atoll(value().c_str());
        else if (a == "--genes") genes = std::atoll(value().c_str());
        else if (a == "--density") density = std::atof(value().c_str());
        else if (a == "--dir") dir = value();
        else if (a == "--keep") keep = true;
        else {
            std::cerr << "usage: bench_h5ad_io [--cells N] [--genes N] [--density D] [--dir DIR] [--keep]\n";
            return 2;
        }
    }
    const std::string path = (std::filesystem::path(dir) / "bench_h5ad_io.h5ad").string();

    double csrMB = 0, writeSecs = 0, writeCpu = 0, fileMB = 0;
    int64_t nnz = 0;
    {
        dm::Dataset ds;
        auto t0 = std::chrono::steady_clock::now();
        ds.X = randomCsr(cells, genes, density, 12345, 1.0f);
        const double genSecs = seconds(t0);
        for (int64_t r = 0; r < cells; ++r) ds.cellNames.push_back("cell" + std::to_string(r));
        for (int64_t c = 0; c < genes; ++c) ds.geneNames.push_back("gene" + std::to_string(c));
        csrMB = static_cast<double>(ds.X.bytes()) / (1024.0 * 1024.0);
        nnz = ds.X.nnz();
        std::cerr << "generated " << nnz << " non-zeros in " << genSecs << " s\n";
        t0 = std::chrono::steady_clock::now();
        const double cpu0 = cpuSeconds();
        dm::writeH5ad(ds, path);
        writeSecs = seconds(t0);
        writeCpu = cpuSeconds() - cpu0;
        fileMB = static_cast<double>(std::filesystem::file_size(path)) / (1024.0 * 1024.0);
    }  // the generated matrix is freed here: the read starts from a clean baseline

    const bool peakReset = resetPeakRss();
    const double baselineMB = procStatusMB("VmRSS");
    auto t0 = std::chrono::steady_clock::now();
    const double readCpu0 = cpuSeconds();
    double readCpu = 0, readSecs = 0, readPeakMB = 0, afterMB = 0;
    bool same = false;
    {
        const dm::Dataset back = dm::readH5ad(path);
        readSecs = seconds(t0);
        readCpu = cpuSeconds() - readCpu0;
        readPeakMB = procStatusMB("VmHWM");
        afterMB = procStatusMB("VmRSS");
        same = back.X.nnz() == nnz && back.cells() == cells && back.genes() == genes;
    }
    const double growthMB = readPeakMB - baselineMB;
    if (!keep) std::filesystem::remove(path);

    nlohmann::json j = {{"cells", cells},
                        {"genes", genes},
                        {"density", density},
                        {"nnz", nnz},
                        {"file_mb", fileMB},
                        {"csr_mb", csrMB},
                        {"write_seconds", writeSecs},
                        {"write_mb_per_s", fileMB / writeSecs},
                        {"write_cpu_seconds", writeCpu},
                        {"read_seconds", readSecs},
                        {"read_cpu_seconds", readCpu},
                        {"read_mb_per_s", fileMB / readSecs},
                        {"process_peak_rss_mb", maxRssMB()},
                        {"read_baseline_rss_mb", baselineMB},
                        {"read_peak_rss_mb", peakReset ? readPeakMB : -1.0},
                        {"read_rss_growth_mb", peakReset ? growthMB : -1.0},
                        {"read_rss_after_mb", afterMB},
                        {"read_growth_over_csr", peakReset ? growthMB / csrMB : -1.0},
                        {"read_back_matches", same}};

    std::printf("%-28s %12s\n", "h5ad I/O", "value");
    std::printf("%-28s %12lld x %lld, %.0f%% dense, %lld nnz\n", "matrix", static_cast<long long>(cells),
                static_cast<long long>(genes), 100 * density, static_cast<long long>(nnz));
    std::printf("%-28s %12.1f MB\n", "file size", fileMB);
    std::printf("%-28s %12.1f MB\n", "in-memory CSR", csrMB);
    std::printf("%-28s %12.1f MB/s  (%.2f s wall, %.2f s CPU)\n", "write", fileMB / writeSecs, writeSecs, writeCpu);
    std::printf("%-28s %12.1f MB/s  (%.2f s wall, %.2f s CPU)\n", "read", fileMB / readSecs, readSecs, readCpu);
    std::printf("%-28s %12.1f MB\n", "process peak RSS", maxRssMB());
    if (peakReset)
        std::printf("%-28s %12.1f MB  (%.2fx the CSR size)\n", "RSS growth during read", growthMB, growthMB / csrMB);
    else
        std::printf("%-28s %12s\n", "RSS growth during read", "n/a (cannot reset VmHWM)");
    std::printf("%-28s %12s\n", "read back matches", same ? "yes" : "NO");
    std::cout << j.dump() << "\n";
    return same ? 0 : 1;
}
