// `deepmapper evaluate`: one held-out split, the backbone trained under N arrangements,
// the softmax averaged into the final call; accuracy, per-class metrics, confusion matrix.
#include "cli_commands.h"
#include "cli_figures.h"
#include "cli_options.h"
#include "cli_progress.h"
#include "cli_run.h"

#include "engine/evaluate.h"
#include "common/atomic_file.h"
#include "common/error.h"
#include "report/ranking_table.h"

#include <filesystem>
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

nlohmann::json reportJson(const EvaluationResult& r, const PreparedData& data, const RunConfig& config) {
    nlohmann::json perClass = nlohmann::json::array();
    for (const ClassMetrics& m : r.report.perClass)
        perClass.push_back({{"class", m.name},
                            {"precision", m.precision},
                            {"recall", m.recall},
                            {"f1", m.f1},
                            {"support", m.support},
                            {"predicted", m.predicted}});
    auto names = [&](const std::vector<int64_t>& ids) {
        std::vector<std::string> out;
        for (int64_t c : ids) out.push_back(r.classes[static_cast<size_t>(c)]);
        return out;
    };
    return {{"format", "deepmapper-evaluation"},
            {"source", data.summary.source},
            {"label_column", data.summary.labelColumn},
            {"classes", r.classes},
            {"test_cells", r.testCells.size()},
            {"arrangements", r.passAccuracy.size()},
            {"partial", r.partial},
            {"accuracy", r.accuracy},
            {"macro_f1", r.macroF1},
            {"macro_precision", r.report.macroPrecision},
            {"macro_recall", r.report.macroRecall},
            {"weighted_f1", r.report.weightedF1},
            {"pass_accuracy", r.passAccuracy},
            {"pass_seeds", r.passSeeds},
            {"per_class", perClass},
            {"absent_from_test_split", names(r.report.absentFromTruth)},
            {"never_predicted", names(r.report.neverPredicted)},
            {"confusion_counts", r.report.confusion.counts},
            {"confusion_row_normalized", r.report.confusion.rowNormalized},
            {"config", toJson(config)}};
}

void writePredictions(const EvaluationResult& r, const PreparedData& data, const std::string& path) {
    writeFileAtomically(path, [&](std::ostream& os) {
        os << "cell,true,predicted";
        for (const auto& c : r.classes) os << "," << delimitedField("p_" + c, ',');
        os << "\n";
        for (size_t i = 0; i < r.yTrue.size(); ++i) {
            const auto cell = static_cast<size_t>(r.testCells[i]);
            os << delimitedField(cell < data.dataset.cellNames.size() ? data.dataset.cellNames[cell] : std::to_string(cell), ',')
               << "," << delimitedField(r.classes[static_cast<size_t>(r.yTrue[i])], ',') << ","
               << delimitedField(r.classes[static_cast<size_t>(r.yPred[i])], ',');
            for (double p : r.probabilities[i]) os << "," << formatNumber(p);
            os << "\n";
        }
    });
}

void writeConfusion(const EvaluationResult& r, const std::string& path) {
    writeFileAtomically(path, [&](std::ostream& os) {
        os << "true\\predicted";
        for (const auto& c : r.classes) os << "," << delimitedField(c, ',');
        os << "\n";
        for (size_t t = 0; t < r.classes.size(); ++t) {
            os << delimitedField(r.classes[t], ',');
            for (int64_t n : r.report.confusion.counts[t]) os << "," << n;
            os << "\n";
        }
    });
}

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
    const nlohmann::json report = reportJson(r, data, config);
    std::vector<std::string> files;
    if (!c.out.empty()) {
        namespace fs = std::filesystem;
        std::error_code ec;
        fs::create_directories(c.out, ec);
        if (ec || !fs::is_directory(c.out))
            throw InputError("cannot create the output folder '" + c.out + "'; choose another --out folder");
        const auto path = [&](const char* name) { return (fs::path(c.out) / name).string(); };
        writeFileAtomically(path("metrics.json"), [&](std::ostream& os) { os << report.dump(2) << "\n"; });
        writePredictions(r, data, path("predictions.csv"));
        writeConfusion(r, path("confusion.csv"));
        files = {path("metrics.json"), path("predictions.csv"), path("confusion.csv")};
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
