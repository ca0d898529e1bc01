#pragma once
// Helpers every figure builder uses: empty a plot completely before drawing into it, and
// give it a title. A figure builder fills a QCustomPlot from plain data, so the GUI views
// and the command line (`--figures`) draw exactly the same figures.
#include <QString>

#include <functional>

class QCustomPlot;
class QCPColorScale;
class QCPColorMap;

namespace dm::ui {

// Removes plottables, items, titles, colour scales and margin groups, resets axes
// (ranges, tickers, labels, reversal) and applies the house style: a blank plot.
void resetPlot(QCustomPlot* plot);
// A bold title row above the axis rect (call once per draw, after resetPlot).
void setPlotTitle(QCustomPlot* plot, const QString& title);
// Puts `scale` right of the axis rect (below the title) with the same top and bottom.
void addColourBar(QCustomPlot* plot, QCPColorScale* scale);
// Fills `map` with a cols x rows grid of cells centred on integer coordinates (cell (c, r)
// at x = c, y = r), each cell repeated over several image pixels. Why: with few cells the
// map's image is small, and SVG/PDF viewers smooth a small image when they scale it up,
// which blurs the cell edges; a larger image keeps them sharp. value(c, r) gives a cell.
void fillSharpColorMap(QCPColorMap* map, int cols, int rows, const std::function<double(int, int)>& value);

// Keeps the cells of a cols x rows map (cell (c, r) at x = c, y = r) square on screen and
// in exported files: after every layout the axis ranges are set so one unit is as many
// pixels along x as along y, the whole map shown and centred (the spare room on the wider
// side stays blank). A pseudo-image's pixels are genes, none wider than another.
// resetPlot ends it.
void keepCellsSquare(QCustomPlot* plot, int cols, int rows);

// Moves the legend out of the axis rect into a row of its own below it (entries side by
// side, `columns` per line), so it never covers data that fills the plot, such as bars
// rising from the bottom. Call after drawing; resetPlot puts it back inside.
void placeLegendBelow(QCustomPlot* plot, int columns);

// Replots a plot shown in a widget (queued: at the next frame). Skipped while the widget
// has no size yet (never shown): painting would fail, and the first resize replots anyway.
void replotView(QCustomPlot* plot, bool queued = false);
// The title text set by setPlotTitle, empty when there is none (for tests).
QString plotTitle(const QCustomPlot* plot);

}  // namespace dm::ui
