#include "report/class_tables.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "report/ranking_table.h"

#include <algorithm>
#include <cmath>
#include <ostream>

namespace dm {

const char* directionName(int direction) { return direction > 0 ? "up" : direction < 0 ? "down" : "none"; }

std::vector<std::string> rankingByClassColumns(const Findings& findings) {
    std::vector<std::string> columns{"class", "rank", "gene"};
    if (hasFeatureIds(findings)) columns.push_back("gene_id");
    columns.insert(columns.end(), {"selection_frequency", "median_importance", "mean_rank", "direction", "mean_in",
                                   "mean_out", "class_passes", "class_cells"});
    return columns;
}

void writeRankingByClassCsv(const Findings& findings, const std::string& path) {
    if (!findings.hasClassFindings())
        throw Error("the run has no per-class rankings (a run record from before they existed): rerun it to get "
                    "ranking_by_class.csv");
    const bool ids = hasFeatureIds(findings);
    writeFileAtomically(path, [&](std::ostream& out) {
        writeDelimitedRow(out, rankingByClassColumns(findings), ',');
        std::vector<std::string> fields;
        for (size_t c = 0; c < findings.byClass.size(); ++c) {
            const ClassFindings& k = findings.byClass[c];
            const std::string name = c < findings.classNames.size() ? findings.classNames[c] : std::to_string(c);
            const auto ranking = findings.classRanking(c);
            for (size_t r = 0; r < ranking.size(); ++r) {
                const RankedFeature& g = ranking[r];
                const auto f = static_cast<size_t>(g.feature);
                fields.assign({name, std::to_string(r + 1), g.name});
                if (ids) fields.push_back(g.id);
                fields.insert(fields.end(),
                              {formatNumber(g.selectionFrequency), formatNumber(g.medianImportance),
                               formatNumber(g.meanRank), directionName(g.direction),
                               f < k.meanIn.size() ? formatNumber(k.meanIn[f]) : "",
                               f < k.meanOut.size() ? formatNumber(k.meanOut[f]) : "", std::to_string(k.passes),
                               std::to_string(k.cells)});
                writeDelimitedRow(out, fields, ',');
            }
        }
    });
}

std::string joinGenes(const std::vector<int64_t>& genes, const std::vector<std::string>& featureNames,
                      const std::string& separator) {
    std::string out;
    for (size_t i = 0; i < genes.size(); ++i) {
        if (i) out += separator;
        const auto g = static_cast<size_t>(genes[i]);
        out += g < featureNames.size() ? featureNames[g] : std::to_string(g);
    }
    return out;
}

namespace {
std::string jaccardField(double j) { return std::isnan(j) ? "" : formatNumber(j); }
}  // namespace

void writeOverlapCsv(const std::vector<TopSetOverlap>& overlaps, const std::vector<std::string>& featureNames,
                     const std::string& path) {
    writeFileAtomically(path, [&](std::ostream& out) {
        writeDelimitedRow(out,
                          {"class", "k", "jaccard_deepmapper_wilcoxon", "jaccard_deepmapper_linear",
                           "jaccard_wilcoxon_linear", "n_only_deepmapper", "only_deepmapper", "shared",
                           "deepmapper_top", "wilcoxon_top", "linear_top"},
                          ',');
        for (const TopSetOverlap& o : overlaps)
            writeDelimitedRow(out,
                              {o.className, std::to_string(o.k), jaccardField(o.jaccardDeepMapperWilcoxon),
                               jaccardField(o.jaccardDeepMapperLinear), jaccardField(o.jaccardWilcoxonLinear),
                               std::to_string(o.onlyDeepMapper.size()), joinGenes(o.onlyDeepMapper, featureNames),
                               joinGenes(o.shared, featureNames), joinGenes(o.deepmapper, featureNames),
                               joinGenes(o.wilcoxon, featureNames), joinGenes(o.linear, featureNames)},
                              ',');
    });
}

}  // namespace dm

#include "data/obs_table.h"

#include <cctype>

namespace dm {

std::string classColumnStem(const std::string& className) {
    std::string out = "deepmapper_";
    for (char c : className)
        out += std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.' || c == '_' ? c : '_';
    return out;
}

void appendClassVarColumns(const Findings& findings, std::vector<Column>& columns) {
    const size_t n = findings.featureNames.size();
    std::vector<std::string> used;
    for (size_t c = 0; c < findings.byClass.size(); ++c) {
        const ClassFindings& k = findings.byClass[c];
        if (k.passes == 0) continue;  // never attributed: no statistics to report
        std::string stem = classColumnStem(c < findings.classNames.size() ? findings.classNames[c] : std::to_string(c));
        // Two names that sanitize alike ("A/B" and "A_B") get distinct stems.
        if (std::find(used.begin(), used.end(), stem) != used.end()) stem += "_" + std::to_string(c);
        used.push_back(stem);
        std::vector<double> rank(n, 0.0);
        std::vector<int32_t> direction(n, 2);
        const auto ranking = findings.classRanking(c);
        for (size_t r = 0; r < ranking.size(); ++r) {
            const auto f = static_cast<size_t>(ranking[r].feature);
            rank[f] = double(r + 1);
            direction[f] = ranking[r].direction > 0 ? 0 : ranking[r].direction < 0 ? 1 : 2;
        }
        columns.push_back(Column::numeric(stem + "_selection_frequency", k.selectionFrequency));
        columns.push_back(Column::numeric(stem + "_median_importance", k.medianImportance));
        columns.push_back(Column::numeric(stem + "_rank", rank));
        columns.push_back(Column::categorical(stem + "_direction", {"up", "down", "none"}, direction));
    }
}

}  // namespace dm
