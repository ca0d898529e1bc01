#pragma once
// Writing a drawn figure to a file: PNG at a DPI, SVG or PDF, atomically (temp name, then
// rename). Failures throw dm::Error naming the file.
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

class QCustomPlot;

namespace dm::ui {

using NamedPlot = QPair<QString, QCustomPlot*>;  // file stem, plot

// Format from the suffix: .png (at `dpi`), .svg, .pdf. The figure has the plot's size.
void saveFigure(QCustomPlot* plot, const QString& path, int dpi = 150);
// Every plot into `dir` as <stem>.<format>; returns the files written.
QStringList saveFigures(const QList<NamedPlot>& plots, const QString& dir, const QString& format, int dpi = 150);

}  // namespace dm::ui
