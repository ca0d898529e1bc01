// Differential expression (analysis/differential): speed against Seurat and scale.
//
//   bench_markers [--threads 2] [--repeats 20] [--cli PATH] [--large] [--cells N --genes G
//                 --classes K --density D]
//
// 1. pbmc68k_reduced (raw.X, bulk_labels; 700 cells x 765 genes x 10 classes): the test
//    computation (FindAllMarkers equivalent, Wilcoxon and Welch), median of --repeats runs,
//    against Seurat 4.3's 14.8 s for FindAllMarkers(test.use = "wilcox") recorded on this
//    machine (issue 19). Then the whole `deepmapper markers` command (process start,
//    reading the file, test, markers.csv + markers.xlsx) when --cli (default: the build's
//    app/cli/deepmapper) exists.
// 2. --large: a synthetic sparse matrix (default 100,000 cells x 33,000 genes, 10 classes,
//    6% density: ~2,000 detected genes per cell, as 10x data; 20 distinct values, so
//    plenty of ties) - time and peak memory (VmHWM, reset after generation) against the
//    CSR's own size.
#include "analysis/differential.h"
#include "bench_support.h"
#include "data/readers.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>

using namespace dm;
using namespace dm::bench;

namespace {

constexpr double kSeuratSeconds = 14.8;

// CPU seconds of the whole process (all threads): under other load, wall time overstates
// what the computation costs; this shows it.
double cpuSeconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

double medianOf(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

void pbmc(int threads, int repeats, const std::string& cli) {
    const std::string path = sharedDir() + "/data/h5ad/pbmc68k_reduced.h5ad";
    if (!std::filesystem::exists(path)) {
        std::printf("pbmc68k: %s not found (set DM_SHARED_DIR); skipped\n", path.c_str());
        return;
    }
    auto t0 = std::chrono::steady_clock::now();
    H5adReadOptions o;
    o.matrix = "raw";
    const Dataset ds = readH5ad(path, o);
    const Labels labels = labelsFromColumn(ds, "bulk_labels");
    const double readSeconds = seconds(t0);
    std::printf("pbmc68k_reduced raw.X: %lld cells x %lld genes, %zu classes, read in %.3f s; %d threads; load %s\n",
                static_cast<long long>(ds.cells()), static_cast<long long>(ds.genes()), labels.classes.size(),
                readSeconds, threads, loadAverage().c_str());
    for (DeTest test : {DeTest::Wilcoxon, DeTest::WelchT}) {
        DeOptions de;
        de.test = test;
        de.threads = threads;
        std::vector<double> times;
        const double cpu0 = cpuSeconds();
        for (int i = 0; i < repeats; ++i) {
            t0 = std::chrono::steady_clock::now();
            const DeResult r = findAllMarkers(ds.X, labels.y, labels.classes, ds.geneNames, de);
            times.push_back(seconds(t0));
            if (r.comparisons.size() != labels.classes.size()) std::printf("unexpected comparison count\n");
        }
        const double cpu = (cpuSeconds() - cpu0) / repeats;
        const double t = medianOf(times), best = *std::min_element(times.begin(), times.end());
        std::printf("  %-8s test computation: median %.2f ms, best %.2f ms of %d runs = %.0fx (median) / %.0fx "
                    "(best) faster than Seurat's %.1f s (Wilcoxon); CPU %.2f ms per run over all threads\n",
                    deTestName(test), t * 1e3, best * 1e3, repeats, kSeuratSeconds / t, kSeuratSeconds / best,
                    kSeuratSeconds, cpu * 1e3);
    }
    if (cli.empty() || !std::filesystem::exists(cli)) {
        std::printf("  whole command: %s not found (--cli PATH); skipped\n", cli.c_str());
        return;
    }
    const std::string out = (std::filesystem::temp_directory_path() / "bench_markers_out").string();
    const std::string command = "'" + cli + "' markers '" + path + "' --label bulk_labels --matrix raw --quiet " +
                                "--threads " + std::to_string(threads) + " --out '" + out + "' > /dev/null";
    std::vector<double> times;
    for (int i = 0; i < std::max(3, repeats / 4); ++i) {
        t0 = std::chrono::steady_clock::now();
        if (std::system(command.c_str()) != 0) {
            std::printf("  whole command failed: %s\n", command.c_str());
            return;
        }
        times.push_back(seconds(t0));
    }
    std::filesystem::remove_all(out);
    const double t = medianOf(times);
    std::printf("  whole `deepmapper markers` command (start, read, test, csv + xlsx): median %.3f s of %zu = %.0fx "
                "faster than Seurat's computation alone\n",
                t, times.size(), kSeuratSeconds / t);
}

void large(int threads, int64_t cells, int64_t genes, int classes, double density) {
    auto t0 = std::chrono::steady_clock::now();
    CsrMatrix X = randomCsr(cells, genes, density, 7, 0.25f);
    std::vector<int64_t> y(static_cast<size_t>(cells));
    for (int64_t i = 0; i < cells; ++i) y[static_cast<size_t>(i)] = (i * 7919) % classes;
    std::vector<std::string> classNames, geneNames;
    for (int k = 0; k < classes; ++k) classNames.push_back("class" + std::to_string(k));
    for (int64_t g = 0; g < genes; ++g) geneNames.push_back("gene" + std::to_string(g));
    const double csrMB = static_cast<double>(X.bytes()) / (1024.0 * 1024.0);
    std::printf("\nsynthetic: %lld cells x %lld genes x %d classes, density %.3f, %lld stored values, CSR %.0f MB "
                "(generated in %.1f s); %d threads; load %s\n",
                static_cast<long long>(cells), static_cast<long long>(genes), classes, X.density(),
                static_cast<long long>(X.nnz()), csrMB, seconds(t0), threads, loadAverage().c_str());
    const bool reset = resetPeakRss();
    const double before = procStatusMB("VmRSS");
    for (DeTest test : {DeTest::Wilcoxon, DeTest::WelchT}) {
        DeOptions de;
        de.test = test;
        de.threads = threads;
        t0 = std::chrono::steady_clock::now();
        const double cpu0 = cpuSeconds();
        const DeResult r = findAllMarkers(X, y, classNames, geneNames, de);
        const double t = seconds(t0), cpu = cpuSeconds() - cpu0;
        const double peak = procStatusMB("VmHWM");
        std::printf("  %-8s %.1f s wall, %.1f s CPU over all threads; peak RSS %.0f MB (%s) = CSR + inputs %.0f MB + "
                    "working set and results %.0f MB (%.2fx the CSR in all)\n",
                    deTestName(test), t, cpu, peak, reset ? "VmHWM reset after generation" : "VmHWM NOT reset", before,
                    peak - before, peak / csrMB);
        if (r.comparisons.size() != static_cast<size_t>(classes)) std::printf("unexpected comparison count\n");
    }
}

}  // namespace

int main(int argc, char** argv) {
    int threads = 2, repeats = 20, classes = 10;
    int64_t cells = 100000, genes = 33000;
    double density = 0.06;
    bool doLarge = false;
    std::string cli = (std::filesystem::path(argv[0]).parent_path() / "../app/cli/deepmapper").lexically_normal().string();
    try {
        ArgWalker args(argc, argv);
        while (args.next()) {
            if (args.flag() == "--threads") threads = std::stoi(args.value());
            else if (args.flag() == "--repeats") repeats = std::max(1, std::stoi(args.value()));
            else if (args.flag() == "--cli") cli = args.value();
            else if (args.flag() == "--large") doLarge = true;
            else if (args.flag() == "--cells") cells = std::stoll(args.value());
            else if (args.flag() == "--genes") genes = std::stoll(args.value());
            else if (args.flag() == "--classes") classes = std::stoi(args.value());
            else if (args.flag() == "--density") density = std::stod(args.value());
            else throw std::runtime_error("unknown flag " + args.flag());
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_markers: %s\n", e.what());
        return 2;
    }
    pbmc(threads, repeats, cli);
    if (doLarge) large(threads, cells, genes, classes, density);
    else std::printf("\n(--large: 100,000 cells x 33,000 genes x 10 classes)\n");
    return 0;
}
