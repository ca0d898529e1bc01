// `deepmapper linear`: the deterministic linear baseline (standardized genes, multinomial
// L2 logistic regression solved to convergence), written as the same ranking files as a run.
#include "cli_commands.h"
#include "cli_options.h"
#include "cli_run.h"

#include "analysis/linear_baseline.h"
#include "common/error.h"
#include "report/linear_outputs.h"
#include "report/run_outputs.h"

#include <chrono>
#include <iomanip>
#include <iostream>
#include <memory>

namespace dm::cli {

namespace {

struct LinearCommand {
    DataOptions data;
    LinearBaselineOptions fit;
    int topK = 20;
    uint64_t seed = 0;
    OutputFlags output;
};

// The fit as a one-pass run: a linear model's optimum is unique and arrangement-free, so a
// single "pass" is exact. Its importances are the standardized |coefficients|; its
// accuracy is the TRAINING accuracy (no held-out split; use `evaluate` for that).
Findings linearFindings(const LinearBaselineResult& fit, const PreparedData& data, int topK, uint64_t seed) {
    PassRecord pass;
    pass.seed = seed;
    pass.accuracy = fit.trainAccuracy;
    pass.accepted = true;
    pass.geneImportance.assign(fit.importance.begin(), fit.importance.end());
    return accumulateFindings({pass}, 1, 0.0, 1, topK, data.dataset.geneNames, data.dataset.geneIds);
}

int runLinear(const LinearCommand& c) {
    checkFigures(c.output);
    if (c.output.out.empty())
        throw InputError("--out DIR is required: the folder that receives ranking.csv, linear_model.json and the "
                         "other results");
    const std::string startedAt = utcTimestamp();
    const auto t0 = std::chrono::steady_clock::now();
    const PreparedData data = prepareData(c.data, c.seed, stderrLog(c.output.quiet));
    const double loadSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!c.output.quiet)
        std::cerr << "fitting the linear baseline on " << data.dataset.cells() << " cells x " << data.dataset.genes()
                  << " genes..." << std::endl;
    const auto t1 = std::chrono::steady_clock::now();
    const LinearBaselineResult fit =
        fitLinearBaseline(data.dataset.X, data.labels.y, data.labels.classes, data.dataset.geneNames, c.fit);

    RunRecord record;
    record.startedAt = startedAt;
    record.command = commandLine();
    record.config.passes = 1;
    record.config.maxTries = 1;
    record.config.topK = c.topK;
    record.config.seed = c.seed;
    record.config.backbone.kind = "linear";
    record.dataset = data.summary;
    record.timings.loadSeconds = loadSeconds;
    record.findings = linearFindings(fit, data, c.topK, c.seed);
    record.findings.passes.front().seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
    record.timings.runSeconds = record.findings.passes.front().seconds;
    record.linearImportance = fit.importance;
    record.runtime = runtimeInfo();
    record.finishedAt = utcTimestamp();

    OutputOptions options;
    if (c.output.annotatedH5ad) options.annotate = &data.dataset;
    std::vector<std::string> files = writeRunOutputs(record, c.output.out, options);
    for (const std::string& f : writeLinearOutputs(fit, c.fit, c.output.out)) files.push_back(f);
    const nlohmann::json modelInfo = linearModelJson(fit, c.fit);

    const size_t shown = std::min<size_t>(static_cast<size_t>(std::max(c.topK, 1)), fit.ranking.size());
    if (c.output.json) {
        nlohmann::json summary = modelInfo;
        nlohmann::json top = nlohmann::json::array();
        for (size_t i = 0; i < shown; ++i)
            top.push_back({{"rank", i + 1}, {"gene", fit.ranking[i].first}, {"importance", fit.ranking[i].second}});
        summary["top_genes"] = top;
        summary["files"] = files;
        std::cout << summary.dump(2) << std::endl;
    } else {
        std::cout << "linear baseline: training accuracy " << fit.trainAccuracy << ", "
                  << (fit.converged ? "converged" : "NOT converged") << " (max |gradient| " << fit.maxGradient << ")\n";
        std::cout << "  rank  gene                  importance\n";
        for (size_t i = 0; i < shown; ++i)
            std::cout << "  " << std::setw(4) << i + 1 << "  " << std::left << std::setw(20) << fit.ranking[i].first
                      << std::right << "  " << std::setw(10) << std::setprecision(4) << fit.ranking[i].second << "\n";
        for (const auto& f : files) std::cout << "wrote " << f << "\n";
    }
    if (!fit.converged && !c.output.quiet)
        std::cerr << "warning: the solver stopped at the iteration limit before converging; raise --max-iter\n";
    return kExitOk;
}

}  // namespace

void registerLinear(CLI::App& app, Registry& registry) {
    auto c = std::make_shared<LinearCommand>();
    CLI::App* sub = app.add_subcommand(
        "linear",
        "Deterministic linear baseline: standardized genes, L2 logistic regression on every gene, ranked by "
        "|coefficient|\nExample: deepmapper linear pbmc.h5ad --label bulk_labels --out linear/");
    addDataOptions(sub, c->data);
    addOutputOptions(sub, c->output, true);
    const std::string g = "Linear baseline";
    sub->add_option("--C", c->fit.C, "Inverse L2 penalty strength (sklearn's C)")
        ->check(CLI::PositiveNumber)
        ->capture_default_str()
        ->group(g);
    sub->add_option("--max-iter", c->fit.maxIterations, "L-BFGS iteration limit")
        ->check(CLI::Range(1, 1000000))
        ->capture_default_str()
        ->group(g);
    sub->add_option("--top-k", c->topK, "Genes in top_genes.txt and the printed summary")
        ->check(CLI::Range(1, 1000000))
        ->capture_default_str()
        ->group(g);
    sub->add_option("--seed", c->seed, "Seed of the --max-per-class subsample")->capture_default_str()->group(g);
    registry.add(sub, [c] { return runLinear(*c); });
}

}  // namespace dm::cli
