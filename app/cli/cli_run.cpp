// `deepmapper run`: load, select, normalise, run the engine, write the ranked genes.
#include "cli_run.h"

#include "cli_commands.h"
#include "cli_figures.h"
#include "cli_progress.h"
#include "analysis/gate_description.h"
#include "common/error.h"
#include "engine/class_evidence.h"
#include "engine/method_comparison.h"
#include "engine/runtime.h"
#include "report/try_store.h"
#include "report/run_outputs.h"

#include <chrono>
#include <cmath>
#include <filesystem>
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
    const char* status = r.interrupted                  ? "interrupted"
                         : f.accepted == 0              ? "no_pass_accepted"
                         : r.exitCode == kExitPartial ? "partial"
                                                        : "ok";
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

std::string noPassMessage(const Findings& f) {
    std::ostringstream s;
    s << "no pass was accepted in " << f.tries << " tries (the gate: " << describeGate(f.gate)
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
    s << "weak evidence: " << f.accepted << " of " << f.tries << " passes accepted, " << f.accuracySummary()
      << "; the classes are barely told apart, treat this ranking with caution (more epochs or cells may help).";
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

std::string fewCellsLine(const Findings& f) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(1);
    int few = 0;
    for (size_t c = 0; c < f.byClass.size() && c < f.classNames.size(); ++c) {
        if (!classHasFewCells(f.byClass[c])) continue;
        s << (few++ ? ", " : "") << f.classNames[c] << " (" << classCellsPerPass(f.byClass[c]) << ")";
    }
    if (!few) return {};
    return "few cells: " + s.str() + " attributed held-out cells per pass; their rankings in ranking_by_class.csv "
           "are hints (a gene high in one cell can top them): add cells of those classes or check the markers";
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
        const std::string few = fewCellsLine(f);
        if (!few.empty()) out << few << "\n";
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
    std::string tries;   // A:B: a shard
    std::string resume;  // DIR of an interrupted run
};

// "A:B" -> {A, B} with 0 <= A < B.
std::pair<int, int> parseTryRange(const std::string& text) {
    const size_t colon = text.find(':');
    int a = -1, b = -1;
    size_t used = 0;
    try {
        if (colon != std::string::npos) {
            a = std::stoi(text.substr(0, colon), &used);
            if (used != colon) a = -1;
            b = std::stoi(text.substr(colon + 1), &used);
            if (used != text.size() - colon - 1) b = -1;
        }
    } catch (const std::exception&) {
        a = b = -1;
    }
    if (a < 0 || b <= a)
        throw InputError("--tries '" + text + "' must be A:B with 0 <= A < B, the tries A..B-1 (e.g. --tries 0:10)");
    return {a, b};
}

// A shard: tries [begin, end) into OUT/tries, nothing accumulated.
int runShard(const PreparedData& data, const RunRecord& record, const OutputFlags& flags, std::pair<int, int> range,
             const std::vector<std::string>& dataFlags) {
    if (!parseFigures(flags.figures).formats.empty() || flags.annotatedH5ad)
        throw InputError("--tries runs a shard, which accumulates nothing: give --figures and --annotated-h5ad to "
                         "`deepmapper merge` instead");
    if (record.config.autoPasses.enabled)
        throw InputError("--tries runs a shard for `deepmapper merge`, which refuses --passes auto (it stops once the "
                         "accepted passes are stable, a rule over every earlier try): give --passes N with --tries");
    const auto [begin, end] = range;
    const auto log = stderrLog(flags.quiet);
    if (end > record.config.effectiveMaxTries())
        log("note: max_tries is " + std::to_string(record.config.effectiveMaxTries()) + "; a merge never uses tries from " +
            std::to_string(record.config.effectiveMaxTries()) + " on");
    const TryStore store(flags.out);
    store.open(shardHeader(record, data, dataFlags));
    std::vector<PassRecord> finished;
    for (PassRecord& r : store.records())
        if (r.tryIndex >= begin && r.tryIndex < end) finished.push_back(std::move(r));
    if (!finished.empty()) log(std::to_string(finished.size()) + " tries of this range already finished in " + store.folder() + ": read back, not retrained");

    CancelToken cancel;
    ProgressPrinter progress(record.config, flags.quiet);
    InterruptGuard guard(cancel);
    TryRecorder recorder(progress, &store, finished);
    const auto t0 = std::chrono::steady_clock::now();
    const std::vector<PassRecord> records =
        runTries(data.runInput(), record.config, begin, end, &recorder, &cancel, finished);
    const bool complete = static_cast<int>(records.size()) == end - begin;
    int accepted = 0;
    for (const PassRecord& r : records) accepted += r.accepted ? 1 : 0;
    if (flags.json) {
        std::cout << nlohmann::json{{"status", complete ? "ok" : "interrupted"},
                                    {"tries", {begin, end}},
                                    {"finished", records.size()},
                                    {"read_back", finished.size()},
                                    {"accepted", accepted},
                                    {"seconds", secondsSince(t0)},
                                    {"folder", store.folder()}}
                         .dump(2)
                  << std::endl;
    } else {
        std::cout << "shard: " << records.size() << " of " << end - begin << " tries (" << begin << ".." << end - 1
                  << ") finished, " << accepted << " accepted; records in " << store.folder() << "\n"
                  << (complete ? "merge the shards with: deepmapper merge SHARD... --out DIR\n"
                               : "interrupted: run the same command again to finish this range\n");
    }
    return complete ? kExitOk : kExitInterrupted;
}

bool samePath(const std::string& a, const std::string& b) {
    std::error_code ec;
    return std::filesystem::weakly_canonical(a, ec) == std::filesystem::weakly_canonical(b, ec);
}

int runRun(const RunCommand& c) {
    const std::string startedAt = utcTimestamp();
    OutputFlags output = c.output;
    DataOptions dataOptions = c.data;
    RunConfig config = c.config.effective();
    if (!c.resume.empty()) {
        if (!output.out.empty() && !samePath(output.out, c.resume))
            throw InputError("--resume DIR continues the run whose results go to DIR: leave out --out, or give the same folder");
        if (!c.tries.empty()) throw InputError("--resume continues a whole run; to finish a shard, run its --tries command again");
        output.out = c.resume;
        if (!hasData(c.data)) {  // everything from the interrupted run's record of itself
            const TryStore store(c.resume);
            if (!store.exists())
                throw InputError("nothing to resume in '" + c.resume + "': it holds no finished tries (" + store.folder() +
                                 "/header.json); give DATA and the run's flags to start it");
            const ShardHeader header = store.header();
            dataOptions = dataOptionsFromFlags(header.input.get<std::vector<std::string>>());
            config = c.config.effectiveOver(header.config);
        }
    }
    checkFigures(output);
    if (!c.config.saveConfigPath().empty()) {
        saveRunConfig(config, c.config.saveConfigPath());
        if (!output.quiet) std::cerr << "wrote the run configuration to " << c.config.saveConfigPath() << "\n";
        if (!hasData(dataOptions) && output.out.empty()) return kExitOk;  // only the configuration was wanted
    }
    if (output.out.empty())
        throw InputError("--out DIR is required: the folder that receives ranking.csv, run.json and the other results");

    const auto t0 = std::chrono::steady_clock::now();
    const PreparedData data = prepareData(dataOptions, config.seed, stderrLog(output.quiet));
    RunRecord record;
    record.startedAt = startedAt;
    record.command = commandLine();
    record.config = config;
    record.dataset = data.summary;
    record.timings.loadSeconds = secondsSince(t0);

    if (!c.tries.empty()) return runShard(data, record, output, parseTryRange(c.tries), dataFlags(dataOptions));
    const RunOutcome outcome =
        runAndWrite(data, std::move(record), output, TryOptions{!c.resume.empty(), dataFlags(dataOptions)});
    printRunSummary(outcome, output);
    return outcome.exitCode;
}

}  // namespace

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

ShardHeader shardHeader(const RunRecord& record, const PreparedData& data, const std::vector<std::string>& dataFlags) {
    ShardHeader h;
    h.config = record.config;
    h.dataset = record.dataset;
    h.featureNames = data.dataset.geneNames;
    h.featureIds = data.dataset.geneIds;
    h.meanExpression = columnMeans(data.dataset.X);
    h.runtime = runtimeInfo();
    h.input = dataFlags;
    return h;
}

TryRecorder::TryRecorder(RunObserver& inner, const TryStore* store, const std::vector<PassRecord>& onDisk)
    : inner_(inner), store_(store) {
    for (const PassRecord& r : onDisk) onDisk_.insert(r.tryIndex);
}

void TryRecorder::passFinished(const PassEvent& e) {
    if (store_ && !onDisk_.count(e.record->tryIndex)) {
        store_->add(*e.record);
        onDisk_.insert(e.record->tryIndex);
    }
    inner_.passFinished(e);
}

void printRunSummary(const RunOutcome& outcome, const OutputFlags& flags) {
    if (flags.json)
        std::cout << jsonSummary(outcome, flags.out).dump(2) << std::endl;
    else
        printHumanSummary(outcome, std::cout);
}

RunOutcome runAndWrite(const PreparedData& data, RunRecord record, const OutputFlags& flags, const TryOptions& tries) {
    RunOutcome outcome;
    CancelToken cancel;
    ProgressPrinter progress(record.config, flags.quiet);
    // Each try goes to OUT/tries as it finishes, so a crash or a killed node loses at most
    // the try under way (--resume OUT reads the others back).
    std::unique_ptr<TryStore> store;
    std::vector<PassRecord> finished;
    if (!flags.out.empty()) {
        store = std::make_unique<TryStore>(flags.out);
        const ShardHeader header = shardHeader(record, data, tries.dataFlags);
        if (tries.resume) {
            store->open(header);
            finished = store->records();
            progress.message("resuming: " + std::to_string(finished.size()) + " finished tries read back from " +
                             store->folder() + ", not retrained");
        } else {
            if (store->exists())
                progress.message("note: " + store->folder() + " held the finished tries of an earlier run; starting "
                                 "afresh (--resume " + flags.out + " would have continued it)");
            store->create(header);
        }
    }
    TryRecorder recorder(progress, store.get(), finished);
    // The guard stays up while the outputs are written: a second Ctrl-C still exits at once.
    InterruptGuard guard(cancel);
    const auto t0 = std::chrono::steady_clock::now();
    Findings findings = runDeepMapper(data.runInput(), record.config, &recorder, &cancel, std::move(finished));
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
    if (store && !outcome.interrupted) store->remove();  // run.json now holds every try
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
    sub->add_option("--tries", c->tries,
                    "Run only tries A..B-1 (A:B) and keep their records in OUT/tries: one shard of a run spread "
                    "over processes; `deepmapper merge` accumulates the shards")
        ->group("Output");
    sub->add_option("--resume", c->resume,
                    "Continue the interrupted run whose --out was DIR: its finished tries are read back, not "
                    "retrained (DATA and flags may be left out: they are taken from DIR)")
        ->group("Output");
    c->config.add(sub);
    registry.add(sub, [c] { return runRun(*c); });
}

}  // namespace dm::cli
