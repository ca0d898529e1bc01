#pragma once
// Helpers every figure builder uses: empty a plot completely before drawing into it, and
// give it a title. A figure builder fills a QCustomPlot from plain data, so the GUI views
// and the command line (`--figures`) draw exactly the same figures.
#include <QString>

class QCustomPlot;
class QCPColorScale;

namespace dm::ui {

// Removes plottables, items, titles, colour scales and margin groups, resets axes
// (ranges, tickers, labels, reversal) and applies the house style: a blank plot.
void resetPlot(QCustomPlot* plot);
// A bold title row above the axis rect (call once per draw, after resetPlot).
void setPlotTitle(QCustomPlot* plot, const QString& title);
// Puts `scale` right of the axis rect (below the title) with the same top and bottom.
void addColourBar(QCustomPlot* plot, QCPColorScale* scale);
// Replots a plot shown in a widget (queued: at the next frame). Skipped while the widget
// has no size yet (never shown): painting would fail, and the first resize replots anyway.
void replotView(QCustomPlot* plot, bool queued = false);
// The title text set by setPlotTitle, empty when there is none (for tests).
QString plotTitle(const QCustomPlot* plot);

}  // namespace dm::ui
