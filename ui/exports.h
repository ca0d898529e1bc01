#pragma once
// Files the GUI writes: ranked gene tables (CSV, TSV, plain list, XLSX) and report
// folders; figures through figure_export.h (shared with the command line). Every file is
// written atomically; failures throw dm::Error naming the file.
#include "figure_export.h"
#include "analysis/method_overlap.h"
#include "report/run_record.h"

#include <QString>
#include <QStringList>

namespace dm::ui {

// Format from the suffix: .csv, .tsv, .txt (top-k gene names, one per line), .xlsx.
void exportRanking(const RunRecord& record, const QString& path);

// The run's output files (as the CLI writes them: ranking tables, top genes, passes,
// run.json) and figures/ (PNG and SVG) into `dir`; returns the files written.
// `overlaps` (per class, DeepMapper's top K beside the standard methods') go to overlap.csv.
QStringList exportReportFolder(RunRecord record, const QList<NamedPlot>& plots, const QString& dir,
                               int dpi = 150, std::vector<TopSetOverlap> overlaps = {});

}  // namespace dm::ui
