#pragma once
// Ranked gene tables for Excel, R and Python: CSV / TSV (every gene, best first), a plain
// top-k list for enrichment tools, and the per-pass table. Every file is written atomically.
#include "engine/findings.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace dm {

// One field of a delimited table, quoted RFC 4180 style when it holds the separator, a
// quote, or a line break (a gene called `HLA-A,2` or `"X"` must not shift the columns).
std::string delimitedField(const std::string& value, char separator);
// One line of such fields, separated and ended by a newline.
void writeDelimitedRow(std::ostream& out, const std::vector<std::string>& fields, char separator);
// Whether any feature has a non-empty id (then the tables carry a gene_id column).
bool hasFeatureIds(const Findings& findings);

// Optional columns beside the accumulated statistics.
struct RankingExtras {
    std::vector<double> linearImportance;  // per feature; empty: no linear_importance column
};

// Columns: rank, gene, gene_id (when the findings carry ids), selection_frequency,
// median_importance, mean_rank, linear_importance (when given). One row per feature.
std::vector<std::string> rankingColumns(const Findings& findings, const RankingExtras& extras = {});
void writeRankingTable(const Findings& findings, const std::string& path, char separator,
                       const RankingExtras& extras = {});
inline void writeRankingCsv(const Findings& f, const std::string& path, const RankingExtras& e = {}) {
    writeRankingTable(f, path, ',', e);
}
inline void writeRankingTsv(const Findings& f, const std::string& path, const RankingExtras& e = {}) {
    writeRankingTable(f, path, '\t', e);
}

// The top k gene names, one per line.
void writeTopGenes(const Findings& findings, const std::string& path, size_t k);

// Columns: pass, seed, accuracy, accepted, stop_epoch, best_epoch, seconds. One row per try.
void writePassesCsv(const Findings& findings, const std::string& path);

// A number as the tables print it: shortest text that reads back to the same double.
std::string formatNumber(double value);

}  // namespace dm
