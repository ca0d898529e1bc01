#include "report/ranking_table.h"

#include "common/atomic_file.h"
#include "common/error.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ostream>

namespace dm {

std::string delimitedField(const std::string& value, char separator) {
    if (value.find_first_of(std::string{separator, '"', '\n', '\r'}) == std::string::npos) return value;
    std::string quoted = "\"";
    for (char c : value) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

std::string formatNumber(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "Inf" : "-Inf";
    // %.17g always round-trips but prints 0.1 as 0.10000000000000001; try shorter first.
    char buffer[32];
    for (int precision = 6; precision <= 17; ++precision) {
        std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
        if (std::strtod(buffer, nullptr) == value) break;
    }
    return buffer;
}

namespace {
bool hasIds(const Findings& f) {
    for (const auto& id : f.featureIds)
        if (!id.empty()) return true;
    return false;
}

void checkExtras(const Findings& f, const RankingExtras& extras) {
    if (!extras.linearImportance.empty() && extras.linearImportance.size() != f.featureNames.size())
        throw Error("linear importances cover " + std::to_string(extras.linearImportance.size()) +
                    " genes but the ranking has " + std::to_string(f.featureNames.size()));
}

void writeRow(std::ostream& out, const std::vector<std::string>& fields, char separator) {
    writeDelimitedRow(out, fields, separator);
}
}  // namespace

bool hasFeatureIds(const Findings& f) { return hasIds(f); }

void writeDelimitedRow(std::ostream& out, const std::vector<std::string>& fields, char separator) {
    for (size_t i = 0; i < fields.size(); ++i) {
        if (i) out << separator;
        out << delimitedField(fields[i], separator);
    }
    out << '\n';
}

std::vector<std::string> rankingColumns(const Findings& findings, const RankingExtras& extras) {
    std::vector<std::string> columns{"rank", "gene"};
    if (hasIds(findings)) columns.push_back("gene_id");
    columns.insert(columns.end(), {"selection_frequency", "median_importance", "mean_rank"});
    if (!extras.linearImportance.empty()) columns.push_back("linear_importance");
    return columns;
}

void writeRankingTable(const Findings& findings, const std::string& path, char separator,
                       const RankingExtras& extras) {
    checkExtras(findings, extras);
    const bool ids = hasIds(findings);
    const auto ranking = findings.ranking();
    writeFileAtomically(path, [&](std::ostream& out) {
        writeRow(out, rankingColumns(findings, extras), separator);
        std::vector<std::string> fields;
        for (size_t r = 0; r < ranking.size(); ++r) {
            const RankedFeature& g = ranking[r];
            fields.assign({std::to_string(r + 1), g.name});
            if (ids) fields.push_back(g.id);
            fields.push_back(formatNumber(g.selectionFrequency));
            fields.push_back(formatNumber(g.medianImportance));
            fields.push_back(formatNumber(g.meanRank));
            if (!extras.linearImportance.empty())
                fields.push_back(formatNumber(extras.linearImportance[static_cast<size_t>(g.feature)]));
            writeRow(out, fields, separator);
        }
    });
}

void writeTopGenes(const Findings& findings, const std::string& path, size_t k) {
    const auto ranking = findings.ranking(k);
    writeFileAtomically(path, [&](std::ostream& out) {
        for (const RankedFeature& g : ranking) out << g.name << '\n';
    });
}

void writePassesCsv(const Findings& findings, const std::string& path) {
    writeFileAtomically(path, [&](std::ostream& out) {
        writeRow(out, {"pass", "seed", "accuracy", "accepted", "stop_epoch", "best_epoch", "seconds"}, ',');
        for (const PassRecord& p : findings.passes)
            writeRow(out,
                     {std::to_string(p.tryIndex), std::to_string(p.seed), formatNumber(p.accuracy),
                      p.accepted ? "true" : "false", std::to_string(p.stopEpoch), std::to_string(p.bestEpoch),
                      formatNumber(p.seconds)},
                     ',');
    });
}

}  // namespace dm
