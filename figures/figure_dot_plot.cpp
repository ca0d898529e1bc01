#include "figure_dot_plot.h"

#include "figure_common.h"
#include "plot_style.h"

#include <QObject>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace dm::ui {

double dotRadius(double fraction) { return 0.46 * std::sqrt(std::clamp(fraction, 0.0, 1.0)); }

namespace {

QSharedPointer<QCPAxisTickerText> namesTicker(const std::vector<std::string>& names) {
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (size_t i = 0; i < names.size(); ++i) ticker->addTick(double(i), QString::fromStdString(names[i]));
    return ticker;
}

bool shapeOk(const DotPlotData& d) {
    if (d.mean.size() != d.classes.size() || d.fraction.size() != d.classes.size()) return false;
    for (size_t c = 0; c < d.classes.size(); ++c)
        if (d.mean[c].size() != d.genes.size() || d.fraction[c].size() != d.genes.size()) return false;
    return true;
}

// Dots of 25, 50, 75 and 100% right of the last gene column: the key to dot sizes.
void drawSizeKey(QCustomPlot* plot, int genes, int classes) {
    const double x = genes + 0.9;
    auto* label = new QCPItemText(plot);
    // Ending at the axes' right edge: started at the key's column it ran over the colour bar.
    label->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
    label->position->setCoords(1.0, -0.9);
    label->setText(QObject::tr("% expressing"));
    label->setPositionAlignment(Qt::AlignRight | Qt::AlignVCenter);
    label->setClipToAxisRect(false);
    const double steps[] = {0.25, 0.5, 0.75, 1.0};
    for (int i = 0; i < 4 && i < std::max(classes, 4); ++i) {
        const double r = dotRadius(steps[i]);
        auto* dot = new QCPItemEllipse(plot);
        dot->topLeft->setCoords(x - r, i - r);
        dot->bottomRight->setCoords(x + r, i + r);
        dot->setPen(QPen(Qt::gray));
        dot->setBrush(QColor(150, 150, 150));
        dot->setClipToAxisRect(false);
        auto* text = new QCPItemText(plot);
        text->position->setCoords(x + 0.6, i);
        text->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        text->setText(QString("%1").arg(int(steps[i] * 100)));
        text->setClipToAxisRect(false);
    }
}

}  // namespace

void drawDotPlot(QCustomPlot* plot, const DotPlotData& d) {
    resetPlot(plot);
    const int genes = int(d.genes.size()), classes = int(d.classes.size());
    if (genes == 0 || classes == 0 || !shapeOk(d)) {
        setPlotTitle(plot, QObject::tr("No dot plot: no per-class ranking"));
        return;
    }
    setPlotTitle(plot, QObject::tr("Top genes per class: colour = %1, dot area = fraction of cells expressing")
                           .arg(d.valueLabel.isEmpty() ? QObject::tr("mean expression") : d.valueLabel));
    double hi = 0;
    for (const auto& row : d.mean)
        for (float v : row) hi = std::max(hi, double(v));
    const QCPRange range(0, hi > 0 ? hi : 1);
    QCPColorGradient gradient = style::viridis();  // color() is not const in QCustomPlot
    for (int c = 0; c < classes; ++c)
        for (int g = 0; g < genes; ++g) {
            const double r = dotRadius(d.fraction[size_t(c)][size_t(g)]);
            if (r <= 0) continue;
            auto* dot = new QCPItemEllipse(plot);
            dot->setObjectName("dot");
            dot->topLeft->setCoords(g - r, c - r);
            dot->bottomRight->setCoords(g + r, c + r);
            const QColor fill = QColor::fromRgb(gradient.color(d.mean[size_t(c)][size_t(g)], range));
            dot->setBrush(fill);
            dot->setPen(QPen(fill.darker(130), 0.5));
        }
    // The colour key: a colour scale needs no colour map of its own.
    auto* scale = new QCPColorScale(plot);
    scale->setGradient(gradient);
    scale->setDataRange(range);
    scale->setLabel(d.valueLabel.isEmpty() ? QObject::tr("mean expression") : d.valueLabel);
    addColourBar(plot, scale);
    drawSizeKey(plot, genes, classes);

    plot->xAxis->setTicker(namesTicker(d.genes));
    plot->yAxis->setTicker(namesTicker(d.classes));
    plot->xAxis->setTickLabelRotation(-90);
    plot->yAxis->setRangeReversed(true);
    plot->xAxis->grid()->setVisible(false);
    plot->yAxis->grid()->setVisible(false);
    // Room right of the genes for the size key; dots stay round (one unit as wide as high).
    keepCellsSquare(plot, genes + 3, std::max(classes, 4));
}

}  // namespace dm::ui
