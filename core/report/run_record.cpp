#include "report/run_record.h"

#include "common/atomic_file.h"
#include "common/error.h"

#include <cmath>
#include <ctime>
#include <fstream>
#include <limits>
#include <ostream>

namespace dm {

using nlohmann::json;

json toJson(const RuntimeInfo& r) {
    return {{"app", r.appVersion},     {"torch", r.torchVersion}, {"hdf5", r.hdf5Version},
            {"blas", r.blas},          {"threads", r.threads},    {"cuda_available", r.cudaAvailable}};
}

RuntimeInfo runtimeInfoFromJson(const json& j) {
    RuntimeInfo r;
    r.appVersion = j.value("app", "");
    r.torchVersion = j.value("torch", "");
    r.hdf5Version = j.value("hdf5", "");
    r.blas = j.value("blas", "");
    r.threads = j.value("threads", 0);
    r.cudaAvailable = j.value("cuda_available", false);
    return r;
}

json toJson(const DatasetSummary& d) {
    json classes = json::array();
    for (size_t k = 0; k < d.classes.size(); ++k)
        classes.push_back({{"name", d.classes[k]}, {"cells", k < d.classCounts.size() ? d.classCounts[k] : 0}});
    json out = {{"source", d.source},           {"matrix", d.matrix},   {"cells", d.cells},
            {"genes", d.genes},             {"label_column", d.labelColumn}, {"classes", classes},
            {"preprocessing", d.preprocessing}};
    if (!d.fingerprint.empty()) out["fingerprint"] = d.fingerprint;
    return out;
}

DatasetSummary datasetSummaryFromJson(const json& j) {
    DatasetSummary d;
    d.source = j.value("source", "");
    d.matrix = j.value("matrix", "");
    d.cells = j.value("cells", int64_t{0});
    d.genes = j.value("genes", int64_t{0});
    d.labelColumn = j.value("label_column", "");
    for (const json& c : j.value("classes", json::array())) {
        d.classes.push_back(c.at("name").get<std::string>());
        d.classCounts.push_back(c.at("cells").get<int64_t>());
    }
    d.preprocessing = j.value("preprocessing", std::vector<std::string>{});
    d.fingerprint = j.value("fingerprint", "");
    return d;
}

namespace {

// JSON has no NaN: nlohmann writes null, which reads back as NaN here.
std::vector<double> doublesFromJson(const json& j) {
    std::vector<double> v;
    v.reserve(j.size());
    for (const json& x : j) v.push_back(x.is_null() ? std::numeric_limits<double>::quiet_NaN() : x.get<double>());
    return v;
}

json genesToJson(const Findings& f, const std::vector<double>& linear) {
    json genes = {{"name", f.featureNames},
                  {"selection_frequency", f.selectionFrequency},
                  {"median_importance", f.medianImportance},
                  {"mean_rank", f.meanRank}};
    if (!f.featureIds.empty()) genes["id"] = f.featureIds;
    if (!linear.empty()) genes["linear_importance"] = linear;
    if (!f.meanExpression.empty()) genes["mean_expression"] = f.meanExpression;
    return genes;
}

template <typename T>
void checkLength(const std::vector<T>& v, size_t n, const char* key, const std::string& where = "genes") {
    if (v.size() != n)
        throw InputError("run record: " + where + "." + key + " has " + std::to_string(v.size()) + " values for " +
                         std::to_string(n) + " genes");
}

// Per-class rankings: one object per class, in label order.
json byClassToJson(const Findings& f) {
    json out = json::array();
    for (size_t c = 0; c < f.byClass.size(); ++c) {
        const ClassFindings& k = f.byClass[c];
        json one = {{"class", c < f.classNames.size() ? f.classNames[c] : std::to_string(c)},
                    {"passes", k.passes},
                    {"cells", k.cells},
                    {"selection_frequency", k.selectionFrequency},
                    {"median_importance", k.medianImportance},
                    {"mean_rank", k.meanRank}};
        if (!k.meanIn.empty()) one["mean_in"] = k.meanIn;
        if (!k.meanOut.empty()) one["mean_out"] = k.meanOut;
        out.push_back(std::move(one));
    }
    return out;
}

std::vector<float> floatsFromJson(const json& j) {
    std::vector<float> v;
    for (double d : doublesFromJson(j)) v.push_back(static_cast<float>(d));
    return v;
}

void byClassFromJson(const json& j, Findings& f) {
    const size_t n = f.featureNames.size();
    for (const json& one : j) {
        const std::string where = "by_class[" + std::to_string(f.byClass.size()) + "]";
        ClassFindings k;
        k.passes = one.at("passes").get<int>();
        k.cells = one.value("cells", 0);
        k.selectionFrequency = doublesFromJson(one.at("selection_frequency"));
        k.medianImportance = doublesFromJson(one.at("median_importance"));
        k.meanRank = doublesFromJson(one.at("mean_rank"));
        if (one.contains("mean_in")) k.meanIn = floatsFromJson(one.at("mean_in"));
        if (one.contains("mean_out")) k.meanOut = floatsFromJson(one.at("mean_out"));
        checkLength(k.selectionFrequency, n, "selection_frequency", where);
        checkLength(k.medianImportance, n, "median_importance", where);
        checkLength(k.meanRank, n, "mean_rank", where);
        if (!k.meanIn.empty()) checkLength(k.meanIn, n, "mean_in", where);
        if (!k.meanOut.empty()) checkLength(k.meanOut, n, "mean_out", where);
        f.byClass.push_back(std::move(k));
    }
}
}  // namespace

namespace {

json numberOrNull(double v) { return std::isnan(v) ? json(nullptr) : json(v); }

json gateToJson(const Findings& f) {
    return {{"kind", f.gate.kind},
            {"alpha", f.gate.alpha},
            {"min_accuracy", f.gate.minAccuracy},
            {"evidence", f.evidence()},
            {"mean_accepted_accuracy", numberOrNull(f.meanAcceptedAccuracy())},
            {"mean_chance_rate", numberOrNull(f.meanChanceRate())},
            {"mean_balanced_accuracy", numberOrNull(f.meanBalancedAccuracy())}};
}

json stabilityToJson(const Findings& f) {
    json bounds = json::array();
    for (const MbBound& b : f.mbBounds)
        bounds.push_back({{"threshold", b.threshold}, {"expected_false_positives_bound", b.bound}, {"selected", b.selected}});
    json curve = json::array();
    for (double v : f.splitHalfCurve) curve.push_back(numberOrNull(v));
    return {{"top_k", f.topK},
            {"split_half_jaccard", numberOrNull(f.splitHalf())},
            {"split_half_curve", curve},
            {"meinshausen_buhlmann", bounds}};
}

json expressionBiasToJson(const Findings& f) {
    const int64_t among = f.topKAmongMostExpressed();
    return {{"top_k_among_most_expressed", among < 0 ? json(nullptr) : json(among)},
            {"spearman_importance_vs_mean_expression", numberOrNull(f.expressionSpearman())}};
}

}  // namespace

json toJson(const RunRecord& r, bool withPassImportances) {
    const Findings& f = r.findings;
    json passes = json::array();
    for (const PassRecord& p : f.passes) {
        if (withPassImportances) {
            passes.push_back(toJson(p));
        } else {
            PassRecord light = p;
            light.geneImportance.clear();
            light.classImportance.clear();
            passes.push_back(toJson(light));
        }
    }
    return {{"format", kRunRecordFormat},
            {"format_version", kRunRecordVersion},
            {"command", r.command},
            {"started_at", r.startedAt},
            {"finished_at", r.finishedAt},
            {"configuration", toJson(r.config)},
            {"versions", toJson(r.runtime)},
            {"dataset", toJson(r.dataset)},
            {"timings",
             {{"load_seconds", r.timings.loadSeconds},
              {"run_seconds", r.timings.runSeconds},
              {"write_seconds", r.timings.writeSeconds}}},
            {"partial", f.partial},
            {"accepted", f.accepted},
            {"tries", f.tries},
            {"top_k", f.topK},
            {"gate", gateToJson(f)},
            {"stability", stabilityToJson(f)},
            {"expression_bias", expressionBiasToJson(f)},
            {"passes", passes},
            {"genes", genesToJson(f, r.linearImportance)},
            {"by_class", byClassToJson(f)}};
}

RunRecord runRecordFromJson(const json& j) {
    if (!j.is_object() || j.value("format", "") != kRunRecordFormat)
        throw InputError("not a DeepMapper run record (expected \"format\": \"" + std::string(kRunRecordFormat) +
                         "\"); open the run.json written by a DeepMapper run");
    if (j.value("format_version", 0) > kRunRecordVersion)
        throw InputError("run record format version " + std::to_string(j.value("format_version", 0)) +
                         " is newer than this DeepMapper understands (" + std::to_string(kRunRecordVersion) +
                         "); update DeepMapper");
    try {
        RunRecord r;
        r.command = j.value("command", "");
        r.startedAt = j.value("started_at", "");
        r.finishedAt = j.value("finished_at", "");
        r.config = recordedRunConfig(j.at("configuration"));
        r.runtime = runtimeInfoFromJson(j.value("versions", json::object()));
        r.dataset = datasetSummaryFromJson(j.value("dataset", json::object()));
        const json& t = j.value("timings", json::object());
        r.timings.loadSeconds = t.value("load_seconds", 0.0);
        r.timings.runSeconds = t.value("run_seconds", 0.0);
        r.timings.writeSeconds = t.value("write_seconds", 0.0);

        Findings& f = r.findings;
        f.partial = j.at("partial").get<bool>();
        f.accepted = j.at("accepted").get<int>();
        f.tries = j.at("tries").get<int>();
        f.topK = j.at("top_k").get<int>();
        f.rankingOrder = r.config.rankingOrder;
        for (const json& p : j.at("passes")) f.passes.push_back(passRecordFromJson(p));
        const json& genes = j.at("genes");
        f.featureNames = genes.at("name").get<std::vector<std::string>>();
        if (genes.contains("id")) f.featureIds = genes.at("id").get<std::vector<std::string>>();
        f.selectionFrequency = doublesFromJson(genes.at("selection_frequency"));
        f.medianImportance = doublesFromJson(genes.at("median_importance"));
        f.meanRank = doublesFromJson(genes.at("mean_rank"));
        if (genes.contains("linear_importance")) r.linearImportance = doublesFromJson(genes.at("linear_importance"));
        if (genes.contains("mean_expression")) f.meanExpression = doublesFromJson(genes.at("mean_expression"));
        f.gate.minAccuracy = r.config.minAccuracy;
        if (j.contains("gate")) {
            const json& g = j.at("gate");
            f.gate.kind = g.value("kind", std::string("floor"));
            f.gate.alpha = g.value("alpha", 0.05);
        } else {
            f.gate.kind = "floor";  // records written before the gate existed
        }
        if (j.contains("stability") && j.at("stability").contains("split_half_curve"))
            f.splitHalfCurve = doublesFromJson(j.at("stability").at("split_half_curve"));
        if (j.contains("stability") && j.at("stability").contains("meinshausen_buhlmann"))
            for (const json& b : j.at("stability").at("meinshausen_buhlmann"))
                f.mbBounds.push_back({b.at("threshold").get<double>(),
                                      b.at("expected_false_positives_bound").get<double>(),
                                      b.at("selected").get<int64_t>()});
        const size_t n = f.featureNames.size();
        checkLength(f.selectionFrequency, n, "selection_frequency");
        checkLength(f.medianImportance, n, "median_importance");
        checkLength(f.meanRank, n, "mean_rank");
        if (!r.linearImportance.empty()) checkLength(r.linearImportance, n, "linear_importance");
        // Records before format 2 have no per-class rankings: the pooled ranking still opens.
        f.classNames = r.dataset.classes;
        if (j.contains("by_class")) byClassFromJson(j.at("by_class"), f);
        if (!f.byClass.empty() && f.byClass.size() != f.classNames.size())
            throw InputError("run record: by_class holds " + std::to_string(f.byClass.size()) + " classes but the "
                             "dataset lists " + std::to_string(f.classNames.size()));
        if (!f.meanExpression.empty()) checkLength(f.meanExpression, n, "mean_expression");
        if (!f.featureIds.empty() && f.featureIds.size() != n)
            throw InputError("run record: genes.id has " + std::to_string(f.featureIds.size()) + " values for " +
                             std::to_string(n) + " genes");
        return r;
    } catch (const json::exception& e) {
        throw InputError(std::string("run record is incomplete or malformed: ") + e.what());
    }
}

void writeRunJson(const RunRecord& record, const std::string& path) {
    const json j = toJson(record);
    writeFileAtomically(path, [&](std::ostream& out) { out << j.dump(1) << '\n'; });
}

RunRecord loadRunRecord(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw InputError("cannot open run record '" + path + "': check the path");
    json j;
    try {
        in >> j;
    } catch (const json::exception& e) {
        throw InputError("run record '" + path + "' is not valid JSON: " + e.what());
    }
    try {
        return runRecordFromJson(j);
    } catch (const InputError& e) {
        throw InputError("'" + path + "': " + e.what());
    }
}

std::string utcTimestamp() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

}  // namespace dm
