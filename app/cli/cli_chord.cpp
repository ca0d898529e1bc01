// `deepmapper chord`: the held-out gene-chord test. Does DeepMapper's top-K (and the
// Wilcoxon and linear top-K) separate one class from the rest (or from another class)
// better together than its best single gene, on cells none of the selections saw?
#include "cli_commands.h"
#include "cli_figures.h"
#include "cli_options.h"
#include "cli_run.h"

#include "analysis/chord_test.h"
#include "common/error.h"
#include "engine/chord_selectors.h"
#include "engine/runtime.h"
#include "report/chord_record.h"

#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>

namespace dm::cli {

namespace {

struct ChordCommand {
    DataOptions data;
    ConfigOptions config;
    std::string cls;
    std::string versus;
    std::string methods = "deepmapper,wilcoxon,linear";
    ChordOptions chord;
    OutputFlags output;
};

RunConfig chordRunDefaults() {
    RunConfig c;
    c.passes = 10;  // per split; the splits multiply the cost
    return c;
}

std::vector<GeneSelector> selectorsFor(const std::string& list, const RunConfig& run, int threads, double C) {
    std::vector<GeneSelector> selectors;
    std::stringstream in(list);
    std::string name;
    while (std::getline(in, name, ',')) {
        if (name.empty()) continue;
        bool dup = false;
        for (const auto& s : selectors) dup = dup || s.name == name;
        if (dup) continue;
        if (name == "deepmapper")
            selectors.push_back(deepMapperSelector(run));
        else if (name == "wilcoxon")
            selectors.push_back(wilcoxonSelector(threads));
        else if (name == "linear")
            selectors.push_back(linearSelector(C));
        else
            throw InputError("--methods: '" + name + "' is not a method; use deepmapper, wilcoxon and/or linear, "
                             "separated by commas");
    }
    if (selectors.empty()) throw InputError("--methods: give at least one of deepmapper, wilcoxon, linear");
    return selectors;
}

void printSummary(const ChordResult& r, std::ostream& out) {
    out << "held-out chord test: " << r.positive << " (" << r.positiveCells << " cells) vs " << r.negative << " ("
        << r.negativeCells << " cells), top " << r.k << " genes, " << r.seeds.size() << " splits\n";
    out << "  method       set AUC          best gene of set   gain\n";
    out << std::fixed << std::setprecision(3);
    for (const ChordMethodResult& m : r.methods)
        out << "  " << std::left << std::setw(11) << m.method << std::right << "  " << m.set.mean << " +- " << m.set.sd
            << "    " << m.single.mean << " +- " << m.single.sd << "   " << std::showpos << m.gain.mean
            << std::noshowpos << " +- " << m.gain.sd << "\n";
    out << "  best single gene of all genes: " << r.overallBest.mean << " +- " << r.overallBest.sd << "\n"
        << std::defaultfloat;
}

int runChord(ChordCommand& c) {
    checkFigures(c.output);
    if (c.output.out.empty()) throw InputError("--out DIR is required: the folder that receives chord.json");
    if (c.cls.empty()) throw InputError("--class is required: the class to test against the rest (or --versus)");
    const RunConfig run = c.config.effective();
    const int threads = run.threads > 0 ? run.threads : automaticThreads();
    configureRuntime(threads);
    c.chord.threads = threads;
    c.chord.seed = run.seed;
    const std::vector<GeneSelector> selectors = selectorsFor(c.methods, run, threads, c.chord.C);
    const auto log = stderrLog(c.output.quiet);
    const PreparedData data = prepareData(c.data, run.seed, log);
    const std::vector<int8_t> side = chordSides(data.labels.y, data.labels.classes, c.cls, c.versus);
    const auto t0 = std::chrono::steady_clock::now();
    const ChordResult result = chordTest(data.dataset.X, side, c.cls, c.versus.empty() ? "rest" : c.versus,
                                         selectors, c.chord, log);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    std::filesystem::create_directories(c.output.out);
    const std::string path = (std::filesystem::path(c.output.out) / "chord.json").string();
    nlohmann::json extra = {{"label", c.data.label},
                            {"source", data.dataset.source},
                            {"matrix", data.dataset.matrix},
                            {"seconds", seconds},
                            {"command", commandLine()}};
    if (c.methods.find("deepmapper") != std::string::npos) extra["deepmapper_config"] = toJson(run);
    writeChordJson(result, data.dataset.geneNames, extra, path);
    std::vector<std::string> files{path};
    for (const auto& f : writeChordFigure(result, c.output.out, parseFigures(c.output.figures))) files.push_back(f);
    if (c.output.json) {
        nlohmann::json summary = chordJson(result, data.dataset.geneNames);
        summary["files"] = files;
        std::cout << summary.dump(2) << std::endl;
    } else {
        printSummary(result, std::cout);
        for (const auto& f : files) std::cout << "wrote " << f << "\n";
    }
    return kExitOk;
}

}  // namespace

void registerChord(CLI::App& app, Registry& registry) {
    auto c = std::make_shared<ChordCommand>();
    CLI::App* sub = app.add_subcommand(
        "chord",
        "Held-out gene-chord test: over several train/test splits, each method picks its top-K genes on the "
        "training cells only; a logistic regression on those K genes is scored on the test cells beside the "
        "set's best single gene\n"
        "Example: deepmapper chord pbmc.h5ad --label bulk_labels --matrix raw --class Dendritic --k 60 --out chord/");
    addDataOptions(sub, c->data);
    const std::string g = "Chord test";
    sub->add_option("--class", c->cls, "The class tested (the positive side)")->group(g);
    sub->add_option("--versus", c->versus, "The other side: this class instead of all other cells")->group(g);
    sub->add_option("--k", c->chord.k, "Genes each method selects")
        ->check(CLI::Range(1, 1000000))
        ->capture_default_str()
        ->group(g);
    sub->add_option("--splits", c->chord.seeds, "Train/test splits (split s uses seed + s)")
        ->check(CLI::Range(1, 1000))
        ->capture_default_str()
        ->group(g);
    sub->add_option("--test-fraction", c->chord.testFraction, "Share of each side's cells held out per split")
        ->check(CLI::Range(0.05, 0.9))
        ->capture_default_str()
        ->group(g);
    sub->add_option("--methods", c->methods, "Gene-selection methods compared: deepmapper, wilcoxon, linear")
        ->capture_default_str()
        ->group(g);
    sub->add_option("--C", c->chord.C, "Inverse L2 strength of the K-gene logistic regression (and the linear method)")
        ->check(CLI::PositiveNumber)
        ->capture_default_str()
        ->group(g);
    const std::string o = "Output";
    sub->add_option("--out,-o", c->output.out, "Output folder (created if needed) for chord.json")->group(o);
    sub->add_flag("--quiet,-q", c->output.quiet, "No log lines on stderr")->group(o);
    sub->add_flag("--json", c->output.json, "Print chord.json's content on stdout")->group(o);
    addFigureOptions(sub, c->output.figures, "the AUC plot (chord_auc)");
    c->config.add(sub, chordRunDefaults());
    registry.add(sub, [c] { return runChord(*c); });
}

}  // namespace dm::cli
