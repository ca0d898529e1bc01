#include "figure_common.h"

#include "plot_style.h"

#include <qcustomplot.h>

#include <algorithm>

namespace dm::ui {

namespace {
// keepCellsSquare's state, on the plot itself so any redraw can change or end it.
const char* const kSquareCols = "dmSquareCols";
const char* const kSquareRows = "dmSquareRows";

void fitSquareCells(QCustomPlot* plot) {
    const int cols = plot->property(kSquareCols).toInt(), rows = plot->property(kSquareRows).toInt();
    const QRect area = plot->axisRect()->rect();
    if (cols <= 0 || rows <= 0 || area.width() <= 0 || area.height() <= 0) return;
    // Pixels per unit: the largest that still shows every cell.
    const double unit = std::min(area.width() / double(cols), area.height() / double(rows));
    const double xSpan = area.width() / unit, ySpan = area.height() / unit;
    const double xMid = (cols - 1) / 2.0, yMid = (rows - 1) / 2.0;
    plot->xAxis->setRange(xMid - xSpan / 2, xMid + xSpan / 2);
    plot->yAxis->setRange(yMid - ySpan / 2, yMid + ySpan / 2);
}
}  // namespace

void keepCellsSquare(QCustomPlot* plot, int cols, int rows) {
    plot->setProperty(kSquareCols, cols);
    plot->setProperty(kSquareRows, rows);
    if (!plot->property("dmSquareHooked").toBool()) {  // one connection per plot
        plot->setProperty("dmSquareHooked", true);
        QObject::connect(plot, &QCustomPlot::afterLayout, plot, [plot] { fitSquareCells(plot); });
    }
}

void resetPlot(QCustomPlot* plot) {
    plot->setProperty(kSquareCols, 0);  // ends keepCellsSquare
    plot->clearPlottables();
    plot->clearItems();
    QCPAxisRect* rect = plot->axisRect();
    rect->setMarginGroup(QCP::msAll, nullptr);
    // A legend placed below (placeLegendBelow) returns inside before the layout is cleared:
    // clearing would delete it, and every figure expects plot->legend.
    if (plot->legend->layout() != rect->insetLayout()) {
        if (QCPLayout* owner = plot->legend->layout()) owner->take(plot->legend);
        rect->insetLayout()->addElement(plot->legend, Qt::AlignTop | Qt::AlignRight);
        plot->legend->setWrap(0);
        plot->legend->setFillOrder(QCPLayoutGrid::foRowsFirst);
        plot->legend->setBorderPen(QPen(Qt::black));  // QCustomPlot's default
    }
    // Every layout element but the main axis rect (titles, colour scales) goes.
    QCPLayoutGrid* grid = plot->plotLayout();
    for (int i = grid->elementCount() - 1; i >= 0; --i) {
        QCPLayoutElement* e = grid->elementAt(i);
        if (e && e != rect) grid->remove(e);
    }
    grid->simplify();
    for (QCPAxis* axis : rect->axes()) {
        axis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
        axis->setTickLabelRotation(0);
        axis->setTicks(true);
        axis->setTickLabels(true);
        axis->setRangeReversed(false);
        axis->setLabel(QString());
        axis->setRange(0, 1);
        axis->grid()->setVisible(axis->axisType() == QCPAxis::atBottom || axis->axisType() == QCPAxis::atLeft);
    }
    plot->legend->setVisible(false);
    rect->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    style::apply(plot);
}

void placeLegendBelow(QCustomPlot* plot, int columns) {
    QCPLayoutGrid* grid = plot->plotLayout();
    if (plot->legend->layout() == plot->axisRect()->insetLayout()) plot->axisRect()->insetLayout()->take(plot->legend);
    plot->legend->setWrap(std::max(1, columns));
    plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);  // rearranges by the wrap set above
    const int row = grid->rowCount();
    grid->addElement(row, 0, plot->legend);
    grid->setRowStretchFactor(row, 0.001);  // as tall as its entries, the rest for the data
    plot->legend->setBorderPen(Qt::NoPen);  // a row of its own needs no box (it ran into the edges)
    plot->legend->setVisible(true);
}

void setPlotTitle(QCustomPlot* plot, const QString& title) {
    QFont f = plot->font();
    f.setPointSizeF(f.pointSizeF() + 2);
    f.setBold(true);
    plot->plotLayout()->insertRow(0);
    auto* text = new QCPTextElement(plot, title, f);
    text->setObjectName("title");
    plot->plotLayout()->addElement(0, 0, text);
}

void addColourBar(QCustomPlot* plot, QCPColorScale* scale) {
    plot->plotLayout()->addElement(plot->plotLayout()->rowCount() - 1, 1, scale);
    auto* group = plot->findChild<QCPMarginGroup*>("colourBarGroup", Qt::FindDirectChildrenOnly);
    if (!group) {  // one per plot, reused by every redraw
        group = new QCPMarginGroup(plot);
        group->setObjectName("colourBarGroup");
    }
    plot->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    scale->setMarginGroup(QCP::msBottom | QCP::msTop, group);
}

void fillSharpColorMap(QCPColorMap* map, int cols, int rows, const std::function<double(int, int)>& value) {
    constexpr int kTargetPixels = 800;  // image side that stays sharp when a viewer scales it
    const int largest = std::max({cols, rows, 1});
    const int f = std::max(1, (kTargetPixels + largest - 1) / largest);
    map->data()->setSize(cols * f, rows * f);
    // Image pixel i covers [i/f - 0.5, (i+1)/f - 0.5); its centre is what QCP positions.
    const double half = 0.5 / f;
    map->data()->setRange(QCPRange(-0.5 + half, cols - 0.5 - half), QCPRange(-0.5 + half, rows - 0.5 - half));
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) {
            const double v = value(c, r);
            for (int dy = 0; dy < f; ++dy)
                for (int dx = 0; dx < f; ++dx) map->data()->setCell(c * f + dx, r * f + dy, v);
        }
}

void replotView(QCustomPlot* plot, bool queued) {
    if (plot->width() <= 0 || plot->height() <= 0) return;
    plot->replot(queued ? QCustomPlot::rpQueuedReplot : QCustomPlot::rpRefreshHint);
}

QString plotTitle(const QCustomPlot* plot) {
    if (plot->plotLayout()->rowCount() == 0) return {};
    const auto* text = qobject_cast<const QCPTextElement*>(plot->plotLayout()->element(0, 0));
    return text ? text->text() : QString();
}

}  // namespace dm::ui
