// `deepmapper markers`: the standard differential-expression test (Wilcoxon rank-sum or
// Welch's t, Seurat's FindAllMarkers / FindMarkers definitions) for every class against
// the rest, or for one group against another.
#include "cli_commands.h"
#include "cli_options.h"
#include "cli_run.h"

#include "analysis/differential.h"
#include "common/error.h"
#include "engine/runtime.h"
#include "report/annotated_h5ad.h"
#include "report/markers_table.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>

namespace dm::cli {

namespace {

struct MarkersCommand {
    DataOptions data;
    std::string test = "wilcoxon";
    std::string foldChange = "expm1";
    std::vector<std::string> groups;  // empty: every class against the rest
    std::string out;
    int threads = 0;
    int show = 5;
    bool quiet = false;
    bool json = false;
    bool annotatedH5ad = false;
};

double elapsedSeconds(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

DeResult computeMarkers(const MarkersCommand& c, const PreparedData& data, const DeOptions& options) {
    const Labels& l = data.labels;
    if (c.groups.empty()) return findAllMarkers(data.dataset.X, l.y, l.classes, data.dataset.geneNames, options);
    if (c.groups.size() != 2)
        throw InputError("--groups takes two classes, A,B (A against B); got " + std::to_string(c.groups.size()));
    return findMarkersBetween(data.dataset.X, l.y, l.classes, data.dataset.geneNames, c.groups[0], c.groups[1],
                              options);
}

nlohmann::json topJson(const DeResult& r, int show) {
    nlohmann::json comparisons = nlohmann::json::array();
    for (const DeComparison& c : r.comparisons) {
        nlohmann::json top = nlohmann::json::array();
        for (size_t i = 0; i < c.genes.size() && static_cast<int>(i) < show; ++i) {
            const GeneDe& g = c.genes[i];
            top.push_back({{"gene", r.geneNames[static_cast<size_t>(g.gene)]},
                           {"p_val", g.pValue},
                           {"log10_p_val", g.log10P},
                           {"p_val_adj", g.pAdjBonferroni},
                           {"avg_log2FC", g.avgLog2FC},
                           {"pct.1", g.pct1},
                           {"pct.2", g.pct2}});
        }
        nlohmann::json entry = {{"cluster", c.group}, {"reference", c.reference}, {"cells", c.cells1},
                                {"reference_cells", c.cells2}, {"top_genes", top}};
        if (!c.note.empty()) entry["note"] = c.note;
        comparisons.push_back(entry);
    }
    return comparisons;
}

void printTop(const DeResult& r, int show, std::ostream& out) {
    for (const DeComparison& c : r.comparisons) {
        out << c.group << " (" << c.cells1 << " cells) vs " << c.reference << " (" << c.cells2 << " cells):\n";
        if (!c.note.empty()) out << "  note: " << c.note << "\n";
        for (size_t i = 0; i < c.genes.size() && static_cast<int>(i) < show; ++i) {
            const GeneDe& g = c.genes[i];
            out << "  " << std::left << std::setw(16) << r.geneNames[static_cast<size_t>(g.gene)] << std::right
                << "  p_val_adj " << std::setw(10) << std::setprecision(3) << g.pAdjBonferroni << "  log2FC "
                << std::setw(7) << std::fixed << std::setprecision(2) << g.avgLog2FC << "  pct " << std::setprecision(3)
                << g.pct1 << "/" << g.pct2 << std::defaultfloat << "\n";
        }
    }
}

int runMarkers(const MarkersCommand& c) {
    if (c.out.empty())
        throw InputError("--out DIR is required: the folder that receives markers.csv and markers.xlsx");
    DeOptions options;
    options.test = deTestFromName(c.test);
    options.foldChangeMean = foldChangeMeanFromName(c.foldChange);
    options.threads = c.threads > 0 ? c.threads : automaticThreads();
    const auto t0 = std::chrono::steady_clock::now();
    const PreparedData data = prepareData(c.data, 0, stderrLog(c.quiet));
    const double loadSeconds = elapsedSeconds(t0);
    if (!c.quiet)
        std::cerr << (options.test == DeTest::Wilcoxon ? "Wilcoxon rank-sum" : "Welch t") << " test on "
                  << data.dataset.cells() << " cells x " << data.dataset.genes() << " genes, " << options.threads
                  << (options.threads == 1 ? " thread" : " threads") << "..." << std::endl;
    const auto t1 = std::chrono::steady_clock::now();
    const DeResult result = computeMarkers(c, data, options);
    const double testSeconds = elapsedSeconds(t1);

    std::filesystem::create_directories(c.out);
    const std::string csv = (std::filesystem::path(c.out) / "markers.csv").string();
    const std::string xlsx = (std::filesystem::path(c.out) / "markers.xlsx").string();
    writeMarkersCsv(result, csv);
    writeMarkersXlsx(result, xlsx);
    std::vector<std::string> files{csv, xlsx};
    if (c.annotatedH5ad) {
        const std::string h5ad = (std::filesystem::path(c.out) / "annotated.h5ad").string();
        writeMarkersH5ad(data.dataset, result, h5ad);
        files.push_back(h5ad);
    }
    if (!c.quiet)
        for (const auto& s : result.skippedClasses) std::cerr << "class '" << s << "' has no cells: not tested\n";
    if (c.json) {
        nlohmann::json summary = {{"status", "ok"},
                                  {"test", deTestName(options.test)},
                                  {"fold_change_mean", foldChangeMeanName(options.foldChangeMean)},
                                  {"cells", data.dataset.cells()},
                                  {"genes", data.dataset.genes()},
                                  {"comparisons", topJson(result, c.show)},
                                  {"skipped_classes", result.skippedClasses},
                                  {"timings", {{"load_seconds", loadSeconds}, {"test_seconds", testSeconds}}},
                                  {"files", files}};
        std::cout << summary.dump(2) << std::endl;
    } else {
        printTop(result, c.show, std::cout);
        std::cout << "tested in " << std::setprecision(3) << testSeconds << " s (reading " << loadSeconds << " s)\n";
        for (const auto& f : files) std::cout << "wrote " << f << "\n";
    }
    return kExitOk;
}

}  // namespace

void registerMarkers(CLI::App& app, Registry& registry) {
    auto c = std::make_shared<MarkersCommand>();
    CLI::App* sub = app.add_subcommand(
        "markers",
        "Differential expression per class (Seurat's FindAllMarkers): Wilcoxon rank-sum or Welch's t, p-values "
        "with Bonferroni and BH adjustment, avg_log2FC, pct.1/pct.2\n"
        "Example: deepmapper markers pbmc.h5ad --label bulk_labels --matrix raw --out markers/");
    addDataOptions(sub, c->data);
    const std::string g = "Markers";
    sub->add_option("--test", c->test, "wilcoxon (R's wilcox.test, normal approximation) or t (Welch)")
        ->check(CLI::IsMember({"wilcoxon", "t"}))
        ->capture_default_str()
        ->group(g);
    sub->add_option("--fold-change", c->foldChange,
                    "Mean behind avg_log2FC: expm1 = log2(mean(expm1(x)) + 1), Seurat after NormalizeData; plain = "
                    "log2(mean(x) + 1), Seurat on a data slot set directly")
        ->check(CLI::IsMember({"expm1", "plain"}))
        ->capture_default_str()
        ->group(g);
    sub->add_option("--groups", c->groups, "Two classes A,B: A against B instead of every class against the rest")
        ->delimiter(',')
        ->group(g);
    sub->add_option("--threads", c->threads, "Threads (0: one per core not busy with other work)")
        ->check(CLI::Range(0, 1024))
        ->capture_default_str()
        ->group(g);
    sub->add_option("--show", c->show, "Genes per class printed (and in --json)")
        ->check(CLI::Range(0, 1000000))
        ->capture_default_str()
        ->group(g);
    const std::string o = "Output";
    sub->add_option("--out,-o", c->out, "Output folder (created if needed) for markers.csv and markers.xlsx")
        ->group(o);
    sub->add_flag("--quiet,-q", c->quiet, "No log lines on stderr")->group(o);
    sub->add_flag("--json", c->json, "Print a machine-readable JSON summary on stdout")->group(o);
    sub->add_flag("--annotated-h5ad", c->annotatedH5ad,
                  "Also write annotated.h5ad: the analysed cells and genes with the markers table in "
                  "uns['deepmapper_markers'] (a dataframe)")
        ->group(o);
    registry.add(sub, [c] { return runMarkers(*c); });
}

}  // namespace dm::cli
