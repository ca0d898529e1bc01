// `deepmapper demo`: the planted-signal demo dataset, end to end: generate, normalise, run
// the real engine with a quick configuration, and show how many planted genes it found.
#include "cli_commands.h"
#include "cli_run.h"

#include "data/preprocess.h"
#include "data/synthetic.h"
#include "engine/presets.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>

namespace dm::cli {

namespace {

constexpr size_t kShown = 20;

struct DemoOptions {
    SyntheticSpec spec;  // the generator's defaults: the demo dataset of issue #2
    ConfigOptions config;
    OutputFlags output;
};

// The default configuration with fewer passes, quick enough for a first look on the
// default demo dataset (2,000 cells x 5,000 genes x 3 classes, issue #2). Every field can
// be changed with its flag (--preset seed for the seed document's configuration).
// One thread: the default backbone's matrices are small and two OpenMP threads spin-wait
// on each other (measured 68 s instead of 8 s at load 1.2, 275 s instead of 35 s at load 7).
RunConfig demoDefaults() {
    RunConfig c = defaultRunConfig();
    c.passes = 5;
    c.threads = 1;
    return c;
}

std::string roleText(const SyntheticData& data, int64_t gene) {
    const GeneTruth& t = data.truth[static_cast<size_t>(gene)];
    const Column* label = data.dataset.obs.find(kSyntheticLabelColumn);
    const std::string cls = t.cls >= 0 && label ? label->categories[static_cast<size_t>(t.cls)] : "";
    switch (t.role) {
        case GeneRole::Marker: return "planted marker of " + cls;
        case GeneRole::Chord: return "planted chord gene of " + cls;
        default: return "";
    }
}

PreparedData prepareDemo(const SyntheticData& data, std::vector<std::string>& steps) {
    PreparedData out;
    out.dataset = data.dataset;
    normalizeTotalLog1p(out.dataset.X, 1e4);
    steps.push_back("normalize_total(target_sum=10000) + log1p");
    out.labels = labelsFromColumn(out.dataset, kSyntheticLabelColumn);
    out.summary.matrix = out.dataset.matrix;
    out.summary.cells = out.dataset.cells();
    out.summary.genes = out.dataset.genes();
    out.summary.labelColumn = kSyntheticLabelColumn;
    out.summary.classes = out.labels.classes;
    out.summary.classCounts = out.labels.counts();
    out.summary.preprocessing = steps;
    return out;
}

void printRecovery(const SyntheticData& data, const RunOutcome& outcome, bool json) {
    const Findings& f = outcome.record.findings;
    const auto ranking = f.accepted > 0 ? f.ranking(kShown) : std::vector<RankedFeature>{};
    size_t markers = 0, chords = 0;
    nlohmann::json top = nlohmann::json::array();
    for (const RankedFeature& g : ranking) {
        const GeneRole role = data.truth[static_cast<size_t>(g.feature)].role;
        markers += role == GeneRole::Marker;
        chords += role == GeneRole::Chord;
        top.push_back({{"gene", g.name}, {"selection_frequency", g.selectionFrequency},
                       {"median_importance", g.medianImportance}, {"truth", roleText(data, g.feature)}});
    }
    const size_t planted = data.genesWithRole(GeneRole::Marker).size();
    const size_t possible = std::min(planted, ranking.size());
    const double recall = possible ? double(markers) / double(possible) : 0.0;
    if (json) {
        std::cout << nlohmann::json{{"exit_code", outcome.exitCode}, {"accepted", f.accepted}, {"tries", f.tries},
                                    {"partial", f.partial}, {"top_genes", top}, {"markers_in_top", markers},
                                    {"chords_in_top", chords}, {"recall", recall}, {"files", outcome.files}}
                         .dump(2)
                  << std::endl;
        return;
    }
    if (f.accepted == 0) {
        std::cout << noPassMessage(f) << "\n";
        return;
    }
    if (f.evidence() == "weak") std::cout << weakMessage(f) << "\n";
    std::cout << "top " << ranking.size() << " genes:\n  rank  gene          sel.freq  median.imp  truth\n";
    for (size_t i = 0; i < ranking.size(); ++i) {
        char line[160];
        std::snprintf(line, sizeof line, "  %4zu  %-12s  %8.3f  %10.3e  %s\n", i + 1, ranking[i].name.c_str(),
                      ranking[i].selectionFrequency, ranking[i].medianImportance,
                      roleText(data, ranking[i].feature).c_str());
        std::cout << line;
    }
    char summary[200];
    std::snprintf(summary, sizeof summary,
                  "planted markers in the top %zu: %zu of %zu possible (recall %.2f); chord genes: %zu\n",
                  ranking.size(), markers, possible, recall, chords);
    std::cout << summary << stabilityLine(f) << "\n";
    for (const auto& file : outcome.files) std::cout << "wrote " << file << "\n";
}

int runDemo(const DemoOptions& o) {
    checkFigures(o.output);
    RunRecord record;
    record.startedAt = utcTimestamp();
    record.command = commandLine();
    record.config = o.config.effective();
    if (!o.config.saveConfigPath().empty()) saveRunConfig(record.config, o.config.saveConfigPath());

    const auto t0 = std::chrono::steady_clock::now();
    const SyntheticData data = generateSynthetic(o.spec);
    const Dataset& ds = data.dataset;
    // The description is for people: with --json it moves to stderr (and --quiet drops it).
    std::ostringstream info;
    info << "demo dataset: " << ds.cells() << " cells x " << ds.genes() << " genes, " << ds.X.nnz()
              << " non-zeros (" << 100.0 * ds.X.density() << "% dense)\n";
    const Column* label = ds.obs.find(kSyntheticLabelColumn);
    const auto counts = label->categoryCounts();
    info << "classes (" << label->name << "):";
    for (size_t k = 0; k < counts.size(); ++k) info << " " << label->categories[k] << "=" << counts[k];
    info << "\nplanted: " << data.genesWithRole(GeneRole::Marker).size() << " marker genes (MK_*), "
              << data.genesWithRole(GeneRole::Chord).size() << " chord genes (CH_*)\n";
    info << "running " << record.config.passes << " passes of " << record.config.backbone.kind << ", up to "
         << record.config.epochs << " epochs each\n";
    if (!o.output.json) std::cout << info.str() << std::flush;
    else if (!o.output.quiet) std::cerr << info.str() << std::flush;

    std::vector<std::string> steps;
    const PreparedData prepared = prepareDemo(data, steps);
    record.dataset = prepared.summary;
    record.dataset.source = "synthetic demo (data seed " + std::to_string(o.spec.seed) + ")";
    record.timings.loadSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    const RunOutcome outcome = runAndWrite(prepared, std::move(record), o.output);
    printRecovery(data, outcome, o.output.json);
    return outcome.exitCode;
}
}  // namespace

void registerDemo(CLI::App& app, Registry& registry) {
    auto o = std::make_shared<DemoOptions>();
    CLI::App* sub = app.add_subcommand("demo", "Run DeepMapper on the built-in planted-signal demo dataset");
    const std::string g = "Demo data";
    sub->add_option("--cells", o->spec.cells, "Number of cells")->check(CLI::Range(10, 10000000))->capture_default_str()->group(g);
    sub->add_option("--genes", o->spec.genes, "Number of genes")->check(CLI::Range(10, 1000000))->capture_default_str()->group(g);
    sub->add_option("--classes", o->spec.classes, "Number of classes")->check(CLI::Range(2, 100))->capture_default_str()->group(g);
    sub->add_option("--data-seed", o->spec.seed, "Seed of the generated data")->capture_default_str()->group(g);
    addOutputOptions(sub, o->output, false);
    o->config.add(sub, demoDefaults());
    registry.add(sub, [o] { return runDemo(*o); });
}

}  // namespace dm::cli
