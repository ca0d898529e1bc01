#include "report/evaluation_outputs.h"

#include "common/atomic_file.h"
#include "report/output_folder.h"
#include "report/ranking_table.h"

namespace dm {

namespace {

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

}  // namespace

nlohmann::json evaluationJson(const EvaluationResult& r, const DatasetSummary& dataset, const RunConfig& config) {
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
            {"source", dataset.source},
            {"label_column", dataset.labelColumn},
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

std::vector<std::string> writeEvaluationOutputs(const EvaluationResult& r, const PreparedData& data,
                                                const RunConfig& config, const std::string& dir) {
    createOutputFolder(dir);
    const std::string metrics = outputPath(dir, "metrics.json");
    const std::string predictions = outputPath(dir, "predictions.csv");
    const std::string confusion = outputPath(dir, "confusion.csv");
    const nlohmann::json report = evaluationJson(r, data.summary, config);
    writeFileAtomically(metrics, [&](std::ostream& os) { os << report.dump(2) << "\n"; });
    writePredictions(r, data, predictions);
    writeConfusion(r, confusion);
    return {metrics, predictions, confusion};
}

}  // namespace dm
