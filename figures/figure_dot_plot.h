#pragma once
// Figure: the dot plot of marker genes per class (scanpy's dotplot, Seurat's DotPlot).
// One dot per class and gene: colour = mean expression in the class, dot area = the
// fraction of the class's cells that express the gene (value > 0). Classes down, genes
// across, grouped under the class whose ranking chose them.
#include <QString>

#include <string>
#include <vector>

class QCustomPlot;

namespace dm::ui {

struct DotPlotData {
    std::vector<std::string> classes;           // rows
    std::vector<std::string> genes;             // columns
    std::vector<size_t> owner;                  // per gene: the class that chose it (may be empty)
    std::vector<std::vector<float>> mean;       // [class][gene]
    std::vector<std::vector<float>> fraction;   // [class][gene], 0..1
    QString valueLabel;                         // what `mean` is, e.g. "mean expression (raw.X)"
};

// Draws only a note when there is no gene or class.
void drawDotPlot(QCustomPlot* plot, const DotPlotData& data);
// The dot radius (axis units, 1 = one cell) for a fraction: area proportional to it.
double dotRadius(double fraction);

}  // namespace dm::ui
