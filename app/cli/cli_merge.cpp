// `deepmapper merge SHARD... --out DIR`: the shards of a run spread over processes (each
// the --out of `deepmapper run --tries A:B`), accumulated exactly as one process running
// every try in seed order would, into the same outputs as `run`.
#include "cli_commands.h"
#include "cli_figures.h"
#include "cli_run.h"

#include "common/error.h"
#include "engine/run_accumulation.h"
#include "engine/runtime.h"
#include "report/run_outputs.h"
#include "report/try_store.h"

#include <chrono>
#include <iostream>
#include <map>
#include <memory>

namespace dm::cli {

namespace {

struct MergeCommand {
    std::vector<std::string> shards;
    OutputFlags output;
};

// Every shard must come from the same configuration and input as the first.
void checkSameRun(const std::vector<Shard>& shards) {
    for (size_t i = 1; i < shards.size(); ++i) {
        const std::string diff = headerDifference(shards[0].header, shards[i].header);
        if (!diff.empty())
            throw InputError("shards '" + shards[0].path + "' and '" + shards[i].path + "' come from different runs: " +
                             diff + ". Merge only the shards of one run (same data and settings)");
    }
}

// The records of all shards, one per try: a try held twice (the same shard given twice, a
// re-run task) must be the same result, otherwise the shards disagree.
std::vector<PassRecord> unionOfRecords(const std::vector<Shard>& shards) {
    std::map<int, std::pair<const PassRecord*, const std::string*>> byTry;
    for (const Shard& s : shards)
        for (const PassRecord& r : s.records) {
            auto [it, inserted] = byTry.emplace(r.tryIndex, std::make_pair(&r, &s.path));
            if (inserted) continue;
            const PassRecord& other = *it->second.first;
            if (other.accuracy != r.accuracy || other.geneImportance != r.geneImportance)
                throw InputError("try " + std::to_string(r.tryIndex) + " is in both '" + *it->second.second + "' and '" +
                                 s.path + "' with different results; keep one of them (delete its try-" +
                                 std::to_string(r.tryIndex) + " file) and merge again");
        }
    std::vector<PassRecord> out;
    out.reserve(byTry.size());
    for (const auto& [t, entry] : byTry) out.push_back(*entry.first);
    return out;
}

int runMerge(const MergeCommand& c) {
    const std::string startedAt = utcTimestamp();
    checkFigures(c.output);
    if (c.output.out.empty()) throw InputError("--out DIR is required: the folder that receives the merged results");
    const auto log = stderrLog(c.output.quiet);
    const auto t0 = std::chrono::steady_clock::now();

    std::vector<Shard> shards;
    for (const std::string& path : c.shards) shards.push_back(readShard(path));
    checkSameRun(shards);
    for (const Shard& s : shards)
        if (s.header.config.threads != shards.front().header.config.threads)
            log("note: the shards ran with different --threads (" + std::to_string(shards.front().header.config.threads) +
                " and " + std::to_string(s.header.config.threads) +
                "); results agree to float rounding only, not byte for byte (README, Running on a cluster)");
    std::vector<PassRecord> records = unionOfRecords(shards);
    const ShardHeader& header = shards.front().header;
    const RunConfig& config = header.config;
    // --passes auto stops at the first accepted pass where the ranking is stable: shards ran
    // every try of their range, and the merge does not replay that rule (not implemented,
    // so refused rather than silently giving a fixed-passes result).
    if (config.autoPasses.enabled)
        throw InputError("the shards were run with --passes auto, which stops once the accepted passes are stable; "
                         "merging such shards is not supported. Run the shards with --passes N, or run --passes auto "
                         "in one process (--resume continues it after an interruption)");
    log("read " + std::to_string(records.size()) + " tries from " + std::to_string(shards.size()) + " shards");

    std::vector<int> present;
    for (const PassRecord& r : records) present.push_back(r.tryIndex);
    RunRecord record;
    record.startedAt = startedAt;
    record.command = commandLine();
    record.config = config;
    record.dataset = header.dataset;
    record.runtime = header.runtime;
    record.findings = accumulateRun(std::move(records), config, header.featureNames, header.featureIds);
    const TryCoverage coverage = tryCoverage(present, record.findings, config);
    // Per-class rankings merge like the pooled one; which way a gene differs in a class
    // (the class means of the cells) is not in the shards and stays unknown.
    record.findings.classNames = header.dataset.classes;
    record.findings.meanExpression = header.meanExpression;  // written by the shards from the cells
    record.findings.partial = record.findings.partial || !coverage.complete;
    for (const PassRecord& r : record.findings.passes) record.timings.runSeconds += r.seconds;  // compute time
    record.timings.loadSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    record.finishedAt = utcTimestamp();
    if (!coverage.complete) log("partial merge: " + coverage.describe(config));

    // annotated.h5ad needs the cells: prepared again from the recorded data flags, and
    // proved to be the same input by its fingerprint.
    std::unique_ptr<PreparedData> data;
    OutputOptions options;
    if (c.output.annotatedH5ad) {
        data = std::make_unique<PreparedData>(
            prepareData(dataOptionsFromFlags(header.input.get<std::vector<std::string>>()), config.seed, log));
        if (data->summary.fingerprint != header.dataset.fingerprint)
            throw InputError("--annotated-h5ad: the data at " + data->summary.source +
                             " is no longer what the shards were trained on (fingerprint " +
                             data->summary.fingerprint + " vs " + header.dataset.fingerprint + ")");
        options.annotate = &data->dataset;
    }
    RunOutcome outcome;
    outcome.files = writeRunOutputs(record, c.output.out, options);
    for (const std::string& f : writeRunFigures(record, c.output.out, parseFigures(c.output.figures)))
        outcome.files.push_back(f);
    outcome.exitCode = record.findings.accepted == 0 ? kExitNoPassAccepted : !coverage.complete ? kExitPartial : kExitOk;
    outcome.record = std::move(record);
    printRunSummary(outcome, c.output);
    return outcome.exitCode;
}

}  // namespace

void registerMerge(CLI::App& app, Registry& registry) {
    auto c = std::make_shared<MergeCommand>();
    CLI::App* sub = app.add_subcommand(
        "merge", "Accumulate the shards of a run spread over processes (each the --out of `run --tries A:B`) into the\n"
                 "outputs one `run` would write: the gate and max_tries applied in seed order.\n"
                 "Exit 4 when tries are missing (the result is marked partial and the missing tries are named).\n"
                 "Example: deepmapper merge run1/shards/* --out run1");
    sub->add_option("SHARD", c->shards, "Shard folders (the --out of `deepmapper run --tries A:B`)")->required();
    addOutputOptions(sub, c->output, true);
    registry.add(sub, [c] { return runMerge(*c); });
}

}  // namespace dm::cli
