// `deepmapper evaluate`: one held-out split, the backbone trained under N arrangements,
// the softmax averaged into the final call; accuracy, per-class metrics, confusion matrix.
#include "cli_commands.h"
#include "cli_figures.h"
#include "cli_options.h"
#include "cli_progress.h"
#include "cli_run.h"

#include "common/error.h"
#include "engine/evaluate.h"
#include "report/evaluation_outputs.h"

#include <iomanip>
#include <iostream>
#include <memory>

namespace dm::cli {

namespace {

struct EvaluateCommand {
    DataOptions data;
    ConfigOptions config;
    std::string out;
    FigureFlags figures;  // --figures png,svg,pdf, --figure-dpi
    bool quiet = false, json = false;
};

// Per-arrangement lines on stderr; Ctrl-C handled by InterruptGuard.
class EvaluateLog : public RunObserver {
public:
    explicit EvaluateLog(bool quiet) : quiet_(quiet) {}
    void passStarted(int t, uint64_t seed) override {
        if (!quiet_) std::cerr << "arrangement " << t + 1 << " (seed " << seed << ") training..." << std::endl;
    }
    void message(const std::string& text) override {
        if (!quiet_) std::cerr << text << std::endl;
    }

private:
    bool quiet_;
};

void printSummary(const EvaluationResult& r, std::ostream& out) {
    out << "held-out accuracy " << std::fixed << std::setprecision(4) << r.accuracy << ", macro F1 " << r.macroF1
        << " (" << r.testCells.size() << " test cells, softmax averaged over " << r.passAccuracy.size()
        << " arrangements" << (r.partial ? ", partial" : "") << ")\n";
    out << "per arrangement:";
    for (double a : r.passAccuracy) out << " " << a;
    out << "\n  class                           precision  recall     f1  support\n";
    for (const ClassMetrics& m : r.report.perClass)
        out << "  " << std::left << std::setw(30) << m.name << std::right << std::setw(10) << m.precision
            << std::setw(8) << m.recall << std::setw(7) << m.f1 << std::setw(9) << m.support << "\n";
    out << std::defaultfloat;
    for (int64_t c : r.report.absentFromTruth)
        out << "note: class '" << r.classes[static_cast<size_t>(c)]
            << "' has no cell in the test split; its recall is reported as 0\n";
}

int runEvaluate(const EvaluateCommand& c) {
    const RunConfig config = c.config.effective();
    const FigureRequest figures = parseFigures(c.figures);
    if (!figures.formats.empty() && c.out.empty())
        throw InputError("--figures needs --out DIR: the figures are written to DIR/figures/");
    prepareFigures(figures);
    const PreparedData data = prepareData(c.data, config.seed, stderrLog(c.quiet));
    CancelToken cancel;
    EvaluateLog log(c.quiet);
    InterruptGuard guard(cancel);
    const EvaluationResult r = evaluateEnsemble(data.runInput(), config, &log, &cancel);
    const nlohmann::json report = evaluationJson(r, data.summary, config);
    std::vector<std::string> files;
    if (!c.out.empty()) {
        files = writeEvaluationOutputs(r, data, config, c.out);
        for (const std::string& f : writeConfusionFigure(r.report, c.out, figures)) files.push_back(f);
    }
    if (c.json) {
        nlohmann::json summary = report;
        summary["files"] = files;
        std::cout << summary.dump(2) << std::endl;
    } else {
        printSummary(r, std::cout);
        for (const auto& f : files) std::cout << "wrote " << f << "\n";
    }
    return InterruptGuard::interrupted() ? kExitInterrupted : kExitOk;
}

RunConfig evaluateDefaults() {
    RunConfig c;
    c.passes = 5;  // arrangements voting; each one trains a backbone
    return c;
}

}  // namespace

void registerEvaluate(CLI::App& app, Registry& registry) {
    auto c = std::make_shared<EvaluateCommand>();
    CLI::App* sub = app.add_subcommand(
        "evaluate",
        "Held-out accuracy, per-class metrics and confusion matrix of the arrangement-ensembled classifier\n"
        "Example: deepmapper evaluate pbmc.h5ad --label bulk_labels --passes 5 --out eval/");
    addDataOptions(sub, c->data);
    sub->add_option("--out,-o", c->out, "Output folder for metrics.json, predictions.csv, confusion.csv")
        ->group("Output");
    addFigureOptions(sub, c->figures, "the confusion matrix");
    sub->add_flag("--quiet,-q", c->quiet, "No progress or log lines on stderr")->group("Output");
    sub->add_flag("--json", c->json, "Print the evaluation as JSON on stdout")->group("Output");
    c->config.add(sub, evaluateDefaults());
    registry.add(sub, [c] { return runEvaluate(*c); });
}

}  // namespace dm::cli
