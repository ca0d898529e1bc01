#pragma once
// Figure: cells on a 2-D embedding, coloured by a categorical value (palette + legend with
// cell counts), a numeric value (viridis + colour bar; high values drawn on top) or one
// colour. Used by the Cells tab and by `deepmapper embed --figures`.
#include <QRgb>
#include <QString>

#include <cstdint>
#include <vector>

class QCustomPlot;

namespace dm::ui {

class CellScatter;

struct CellColouring {
    enum class Kind { Uniform, Categorical, Numeric };
    Kind kind = Kind::Uniform;
    QString title;                    // legend or colour bar title
    std::vector<QString> categories;  // Categorical
    std::vector<int32_t> codes;       // Categorical, per cell; -1 = missing (light grey)
    std::vector<float> values;        // Numeric, per cell; NaN = missing (light grey)
};

struct CellsFigure {
    QString title;
    QString xLabel, yLabel;
    std::vector<float> x, y;  // per cell
    CellColouring colouring;
    double pointSize = 0;     // 0: from the number of cells
};

// Colour k of the categorical palette (Okabe-Ito, then further distinct colours).
QRgb categoryColour(int k);
// Per-cell colours for a colouring (numeric: viridis over the finite range).
std::vector<QRgb> cellColours(const CellColouring& c);
// Draw order: numeric high values last (on top), categorical in a seeded shuffle so no
// class systematically hides another.
std::vector<int64_t> cellDrawOrder(const CellColouring& c, int64_t n);
// Point diameter that keeps n cells readable without a solid blob.
double defaultPointSize(int64_t n);

// Resets the plot and draws the figure; returns the scatter layer (owned by the plot).
CellScatter* drawCells(QCustomPlot* plot, const CellsFigure& figure);
// Replaces the colouring of a drawn figure: colours, order, legend or colour bar. Axes and
// view range are kept (the Cells tab's recolour path).
void recolourCells(QCustomPlot* plot, CellScatter* layer, const CellColouring& colouring);

}  // namespace dm::ui
