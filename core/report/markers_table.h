#pragma once
// The differential-expression table in the layout users know from Seurat:
// markers.csv with columns p_val, avg_log2FC, pct.1, pct.2, p_val_adj, cluster, gene (as
// FindAllMarkers writes them) plus p_val_bh, statistic and log10_p_val (finite where
// p_val underflows to 0); comparisons one after the other, each in its order (ascending
// p-value). markers.xlsx: one sheet per comparison, the same columns. NaN is written "NA"
// (R's spelling), so read.csv and pandas read the tables back as missing values.
#include "analysis/differential.h"

#include <string>
#include <vector>

namespace dm {

std::vector<std::string> markersColumns();

void writeMarkersCsv(const DeResult& result, const std::string& path);   // atomic
void writeMarkersXlsx(const DeResult& result, const std::string& path);  // atomic

// A valid, unique Excel sheet name for `name`: the characters Excel refuses ([ ] : * ? / \)
// become '_', at most 31 characters, a numeric suffix when it is already taken; `used`
// collects the names given so far.
std::string xlsxSheetName(const std::string& name, std::vector<std::string>& used);

}  // namespace dm
