#pragma once
// Files the GUI writes: figures (PNG at a DPI, SVG, PDF), ranked gene tables (CSV, TSV,
// plain list, XLSX) and report folders. Every file is written atomically; failures throw
// dm::Error naming the file.
#include "report/run_record.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

class QCustomPlot;

namespace dm::ui {

using NamedPlot = QPair<QString, QCustomPlot*>;  // file stem, plot

// Format from the suffix: .png (at `dpi`), .svg, .pdf.
void saveFigure(QCustomPlot* plot, const QString& path, int dpi = 150);
// Every plot into `dir` as <stem>.<format>; returns the files written.
QStringList saveFigures(const QList<NamedPlot>& plots, const QString& dir, const QString& format, int dpi = 150);

// Format from the suffix: .csv, .tsv, .txt (top-k gene names, one per line), .xlsx.
void exportRanking(const RunRecord& record, const QString& path);

// The run's output files (as the CLI writes them: ranking tables, top genes, passes,
// run.json) and figures/ (PNG and SVG) into `dir`; returns the files written.
QStringList exportReportFolder(RunRecord record, const QList<NamedPlot>& plots, const QString& dir,
                               int dpi = 150);

}  // namespace dm::ui
