// `deepmapper run`: load, select, normalise, run the engine, write the ranked genes.
#include "cli_run.h"

#include "cli_commands.h"
#include "cli_figures.h"
#include "cli_progress.h"
#include "common/error.h"
#include "engine/method_comparison.h"
#include "engine/runtime.h"
#include "report/run_outputs.h"

#include <chrono>
#include <cmath>
#include <sstream>
#include <iomanip>
#include <iostream>
#include <memory>

namespace dm::cli {

namespace {

double secondsSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

nlohmann::json jsonSummary(const RunOutcome& r, const std::string& out) {
    const Findings& f = r.record.findings;
    nlohmann::json top = nlohmann::json::array();
    if (f.accepted > 0) {
        const auto ranking = f.ranking(static_cast<size_t>(std::max(f.topK, 1)));
        for (size_t i = 0; i < ranking.size(); ++i) {
            nlohmann::json g = {{"rank", i + 1},
                                {"gene", ranking[i].name},
                                {"selection_frequency", ranking[i].selectionFrequency},
                                {"median_importance", ranking[i].medianImportance},
                                {"mean_rank", ranking[i].meanRank}};
            if (!ranking[i].id.empty()) g["gene_id"] = ranking[i].id;
            top.push_back(g);
        }
    }
    const nlohmann::json record = toJson(r.record, false);
    const char* status = r.interrupted ? "interrupted" : f.accepted == 0 ? "no_pass_accepted" : "ok";
    const std::string message = f.accepted == 0 ? noPassMessage(f) : f.evidence() == "weak" ? weakMessage(f) : "";
    return {{"status", status},
            {"message", message},
            {"exit_code", r.exitCode},
            {"partial", f.partial},
            {"accepted", f.accepted},
            {"tries", f.tries},
            {"passes", r.record.config.passes},
            {"out", out},
            {"files", r.files},
            {"top_genes", top},
            {"gate", record.at("gate")},
            {"stability", record.at("stability")},
            {"expression_bias", record.at("expression_bias")},
            {"dataset", record.at("dataset")},
            {"timings", record.at("timings")}};
}

}  // namespace

std::string gateDescription(const GateRule& g) {
    std::ostringstream s;
    if (g.kind == "binomial") {
        s << "held-out accuracy significantly above the majority-class rate (one-sided binomial test, alpha " << g.alpha
          << ")";
        if (g.minAccuracy > 0) s << " and at least " << g.minAccuracy;
    } else {
        s << "held-out accuracy at least " << g.minAccuracy;
    }
    return s.str();
}

std::string noPassMessage(const Findings& f) {
    std::ostringstream s;
    s << "no pass was accepted in " << f.tries << " tries (the gate: " << gateDescription(f.gate)
      << "): the classes could not be told apart from these genes, so there is no ranking.";
    double best = 0;
    for (const PassRecord& p : f.passes) best = std::max(best, p.accuracy);
    if (!f.passes.empty()) {
        s << " Best held-out accuracy " << std::fixed << std::setprecision(3) << best;
        if (f.passes.front().testCells > 0) s << " against a majority-class rate of " << f.passes.front().chanceRate;
        s << "." << std::defaultfloat;
    }
    s << " Try: more epochs (--epochs), more cells per class (--max-per-class), fewer or merged classes "
         "(--classes, --one-vs-rest), or check that --label names the column you mean.";
    return s.str();
}

std::string weakMessage(const Findings& f) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(3) << "weak evidence: " << f.accepted << " of " << f.tries
      << " passes accepted, mean held-out accuracy " << f.meanAcceptedAccuracy();
    if (!std::isnan(f.meanChanceRate())) s << " against a majority-class rate of " << f.meanChanceRate();
    s << "; the classes are barely told apart, treat this ranking with caution (more epochs or cells may help).";
    return s.str();
}

std::string stabilityLine(const Findings& f) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(2);
    if (!std::isnan(f.splitHalf()))
        s << "stability: split-half agreement of the top " << f.topK << " " << f.splitHalf()
          << " (Jaccard, odd against even passes)";
    else
        s << "stability: split-half agreement needs at least 2 accepted passes";
    for (const MbBound& b : f.mbBounds)
        if (b.threshold == 0.75)
            s << "; " << b.selected << " genes selected in >= 75% of passes, expected false selections <= " << b.bound
              << " (Meinshausen-Buhlmann)";
    return s.str();
}

namespace {

void printHumanSummary(const RunOutcome& r, std::ostream& out) {
    const Findings& f = r.record.findings;
    if (f.accepted == 0) {
        out << noPassMessage(f) << "\n";
    } else {
        if (f.evidence() == "weak") out << weakMessage(f) << "\n";
        const auto ranking = f.ranking(static_cast<size_t>(std::max(f.topK, 1)));
        out << "top " << ranking.size() << " genes (" << f.accepted << " accepted passes"
            << (f.partial ? ", partial" : "") << "):\n";
        out << "  rank  gene                  sel.freq  median.imp  mean.rank\n";
        for (size_t i = 0; i < ranking.size(); ++i)
            out << "  " << std::setw(4) << i + 1 << "  " << std::left << std::setw(20) << ranking[i].name << std::right
                << "  " << std::setw(8) << std::fixed << std::setprecision(3) << ranking[i].selectionFrequency << "  "
                << std::setw(10) << std::scientific << std::setprecision(3) << ranking[i].medianImportance << "  "
                << std::setw(9) << std::fixed << std::setprecision(1) << ranking[i].meanRank << "\n"
                << std::defaultfloat;
        out << stabilityLine(f) << "\n";
        const int64_t among = f.topKAmongMostExpressed();
        if (among >= 0)
            out << "expression bias: " << among << " of the top " << f.topK << " are among the " << f.topK
                << " most expressed genes\n";
    }
    for (const auto& file : r.files) out << "wrote " << file << "\n";
}

struct RunCommand {
    DataOptions data;
    ConfigOptions config;
    OutputFlags output;
};

int runRun(const RunCommand& c) {
    const std::string startedAt = utcTimestamp();
    checkFigures(c.output);
    const RunConfig config = c.config.effective();
    if (!c.config.saveConfigPath().empty()) {
        saveRunConfig(config, c.config.saveConfigPath());
        if (!c.output.quiet) std::cerr << "wrote the run configuration to " << c.config.saveConfigPath() << "\n";
        if (!hasData(c.data) && c.output.out.empty()) return kExitOk;  // only the configuration was wanted
    }
    if (c.output.out.empty())
        throw InputError("--out DIR is required: the folder that receives ranking.csv, run.json and the other results");

    const auto t0 = std::chrono::steady_clock::now();
    const PreparedData data = prepareData(c.data, config.seed, stderrLog(c.output.quiet));
    RunRecord record;
    record.startedAt = startedAt;
    record.command = commandLine();
    record.config = config;
    record.dataset = data.summary;
    record.timings.loadSeconds = secondsSince(t0);

    const RunOutcome outcome = runAndWrite(data, std::move(record), c.output);
    if (c.output.json)
        std::cout << jsonSummary(outcome, c.output.out).dump(2) << std::endl;
    else
        printHumanSummary(outcome, std::cout);
    return outcome.exitCode;
}

}  // namespace

std::function<void(const std::string&)> stderrLog(bool quiet) {
    return [quiet](const std::string& line) {
        if (!quiet) std::cerr << line << std::endl;
    };
}

void checkFigures(const OutputFlags& flags) {
    const FigureRequest request = parseFigures(flags.figures);
    if (!request.formats.empty() && flags.out.empty())
        throw InputError("--figures needs --out DIR: the figures are written to DIR/figures/");
    prepareFigures(request);
}

void addOutputOptions(CLI::App* sub, OutputFlags& o, bool outRequired) {
    const std::string g = "Output";
    sub->add_option("--out,-o", o.out,
                    outRequired ? "Output folder (created if needed) for ranking.csv/.tsv/.xlsx, top_genes.txt, "
                                  "passes.csv, run.json"
                                : "Also write the results (ranking.csv/.tsv/.xlsx, top_genes.txt, passes.csv, "
                                  "run.json) to this folder")
        ->group(g);
    sub->add_flag("--quiet,-q", o.quiet, "No progress or log lines on stderr")->group(g);
    sub->add_flag("--json", o.json, "Print a machine-readable JSON summary on stdout")->group(g);
    sub->add_flag("--annotated-h5ad", o.annotatedH5ad,
                  "Also write annotated.h5ad: the analysed cells and genes with deepmapper_* var columns")
        ->group(g);
    addFigureOptions(sub, o.figures, "the figures (pass acceptance, attribution map, top genes)");
}

RunOutcome runAndWrite(const PreparedData& data, RunRecord record, const OutputFlags& flags) {
    RunOutcome outcome;
    CancelToken cancel;
    ProgressPrinter progress(record.config, flags.quiet);
    // The guard stays up while the outputs are written: a second Ctrl-C still exits at once.
    InterruptGuard guard(cancel);
    const auto t0 = std::chrono::steady_clock::now();
    Findings findings = runDeepMapper(data.runInput(), record.config, &progress, &cancel);
    record.timings.runSeconds = secondsSince(t0);
    outcome.interrupted = InterruptGuard::interrupted();
    findings.partial = findings.partial || outcome.interrupted;
    record.findings = std::move(findings);
    record.runtime = runtimeInfo();
    record.finishedAt = utcTimestamp();

    if (!flags.out.empty()) {
        OutputOptions options;
        if (flags.annotatedH5ad) options.annotate = &data.dataset;
        if (record.findings.accepted > 0)
            options.overlaps = compareWithStandardMethods(record.findings, data.dataset.X, data.labels.y,
                                                          data.labels.classes, std::max(record.findings.topK, 1),
                                                          stderrLog(flags.quiet));
        outcome.files = writeRunOutputs(record, flags.out, options);
        for (const std::string& f : writeRunFigures(record, flags.out, parseFigures(flags.figures)))
            outcome.files.push_back(f);
    }
    outcome.exitCode = outcome.interrupted                 ? kExitInterrupted
                       : record.findings.accepted == 0 ? kExitNoPassAccepted
                                                       : kExitOk;
    outcome.record = std::move(record);
    return outcome;
}

void registerRun(CLI::App& app, Registry& registry) {
    auto c = std::make_shared<RunCommand>();
    CLI::App* sub = app.add_subcommand(
        "run", "Rank the genes that separate the classes of DATA (every gene kept)\n"
               "Example: deepmapper run pbmc.h5ad --label bulk_labels --matrix raw --passes 30 --out results/");
    addDataOptions(sub, c->data);
    addOutputOptions(sub, c->output, true);
    c->config.add(sub);
    registry.add(sub, [c] { return runRun(*c); });
}

}  // namespace dm::cli
