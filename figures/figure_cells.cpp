#include "figure_cells.h"

#include "figure_cell_scatter.h"
#include "figure_common.h"
#include "plot_style.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace dm::ui {

namespace {

constexpr QRgb kMissing = 0xFFE0E0E0;
constexpr int kMaxLegendEntries = 30;
const char* const kLegendGraph = "dmCellLegend";  // property on the dummy legend graphs
const char* const kColourScale = "cellsColourScale";

QCPRange finiteRange(const std::vector<float>& v) {
    float lo = INFINITY, hi = -INFINITY;
    for (float f : v)
        if (std::isfinite(f)) lo = std::min(lo, f), hi = std::max(hi, f);
    if (!(lo <= hi)) return QCPRange(0, 1);
    if (lo == hi) return QCPRange(lo - 0.5, hi + 0.5);
    return QCPRange(lo, hi);
}

void clearKey(QCustomPlot* plot) {
    for (int i = plot->plottableCount() - 1; i >= 0; --i)
        if (plot->plottable(i)->property(kLegendGraph).toBool()) plot->removePlottable(i);
    if (auto* scale = plot->findChild<QCPColorScale*>(kColourScale)) {
        plot->plotLayout()->remove(scale);
        plot->plotLayout()->simplify();
    }
    plot->legend->setVisible(false);
}

// Legend entries are empty graphs: they draw nothing but their icon and name.
void addLegend(QCustomPlot* plot, const CellColouring& c) {
    std::vector<int64_t> counts(c.categories.size(), 0);
    for (int32_t code : c.codes)
        if (code >= 0 && code < static_cast<int32_t>(counts.size())) ++counts[static_cast<size_t>(code)];
    const int shown = std::min<int>(static_cast<int>(c.categories.size()), kMaxLegendEntries);
    for (int k = 0; k < shown; ++k) {
        QCPGraph* g = plot->addGraph();
        g->setProperty(kLegendGraph, true);
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor::fromRgb(categoryColour(k)), 8));
        g->setName(QString("%1 (%2)").arg(c.categories[static_cast<size_t>(k)]).arg(counts[static_cast<size_t>(k)]));
    }
    if (static_cast<int>(c.categories.size()) > shown) {
        QCPGraph* g = plot->addGraph();
        g->setProperty(kLegendGraph, true);
        g->setLineStyle(QCPGraph::lsNone);
        g->setName(QString("... %1 more").arg(c.categories.size() - static_cast<size_t>(shown)));
    }
    plot->legend->setVisible(true);
    plot->legend->setBrush(QColor(255, 255, 255, 220));
    plot->legend->setBorderPen(QPen(QColor(200, 200, 200)));
    QFont f = plot->font();
    f.setPointSizeF(std::max(6.0, f.pointSizeF() - 1));
    plot->legend->setFont(f);
    plot->legend->setRowSpacing(0);
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
}

void addColourScale(QCustomPlot* plot, const CellColouring& c) {
    auto* scale = new QCPColorScale(plot);
    scale->setObjectName(kColourScale);
    scale->setGradient(style::viridis());
    scale->setDataRange(finiteRange(c.values));
    scale->axis()->setLabel(c.title);
    scale->setBarWidth(12);
    addColourBar(plot, scale);
}

}  // namespace

QRgb categoryColour(int k) {
    // Okabe-Ito, then Tol's muted and bright sets: 20 colours distinguishable side by side.
    static const QRgb palette[] = {0xFF0072B2, 0xFFE69F00, 0xFF009E73, 0xFFCC79A7, 0xFF56B4E9, 0xFFD55E00,
                                   0xFFF0E442, 0xFF000000, 0xFF332288, 0xFF88CCEE, 0xFF44AA99, 0xFF117733,
                                   0xFF999933, 0xFFDDCC77, 0xFFCC6677, 0xFF882255, 0xFFAA4499, 0xFF66CCEE,
                                   0xFFBBBBBB, 0xFF4477AA};
    constexpr int n = sizeof palette / sizeof palette[0];
    if (k >= 0 && k < n) return palette[k];
    // Beyond 20: hues spaced by the golden angle, alternating lightness.
    const int hue = static_cast<int>(std::fmod(k * 137.508, 360.0));
    return QColor::fromHsv(hue, 200, (k % 2) ? 170 : 230).rgb();
}

std::vector<QRgb> cellColours(const CellColouring& c) {
    std::vector<QRgb> out;
    switch (c.kind) {
        case CellColouring::Kind::Uniform: out.assign(std::max(c.codes.size(), c.values.size()), 0xFF0072B2); break;
        case CellColouring::Kind::Categorical: {
            out.resize(c.codes.size());
            std::vector<QRgb> lut(c.categories.size());
            for (size_t k = 0; k < lut.size(); ++k) lut[k] = categoryColour(static_cast<int>(k));
            for (size_t i = 0; i < c.codes.size(); ++i) {
                const int32_t code = c.codes[i];
                out[i] = code >= 0 && code < static_cast<int32_t>(lut.size()) ? lut[static_cast<size_t>(code)] : kMissing;
            }
            break;
        }
        case CellColouring::Kind::Numeric: {
            const QCPRange r = finiteRange(c.values);
            QCPColorGradient g = style::viridis();
            g.setLevelCount(256);
            std::vector<QRgb> lut(256);
            for (int k = 0; k < 256; ++k) lut[static_cast<size_t>(k)] = g.color(k / 255.0, QCPRange(0, 1));
            const double scale = 255.0 / r.size();
            out.resize(c.values.size());
            for (size_t i = 0; i < c.values.size(); ++i) {
                const float v = c.values[i];
                if (!std::isfinite(v)) {
                    out[i] = kMissing;
                    continue;
                }
                const int k = std::clamp(static_cast<int>((v - r.lower) * scale + 0.5), 0, 255);
                out[i] = lut[static_cast<size_t>(k)];
            }
            break;
        }
    }
    return out;
}

std::vector<int64_t> cellDrawOrder(const CellColouring& c, int64_t n) {
    std::vector<int64_t> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), int64_t(0));
    if (c.kind == CellColouring::Kind::Numeric && static_cast<int64_t>(c.values.size()) == n) {
        // Missing first, then ascending: the cells that express most stay visible.
        std::stable_sort(order.begin(), order.end(), [&c](int64_t a, int64_t b) {
            const float va = c.values[static_cast<size_t>(a)], vb = c.values[static_cast<size_t>(b)];
            const bool fa = std::isfinite(va), fb = std::isfinite(vb);
            if (fa != fb) return !fa;
            return fa && va < vb;
        });
    } else if (c.kind == CellColouring::Kind::Categorical) {
        std::mt19937_64 rng(0);
        std::shuffle(order.begin(), order.end(), rng);
    }
    return order;
}

double defaultPointSize(int64_t n) {
    if (n <= 2000) return 5;
    if (n <= 20000) return 4;
    if (n <= 200000) return 3;
    return 2;
}

CellScatter* drawCells(QCustomPlot* plot, const CellsFigure& f) {
    resetPlot(plot);
    if (!f.title.isEmpty()) setPlotTitle(plot, f.title);
    plot->xAxis->setLabel(f.xLabel);
    plot->yAxis->setLabel(f.yLabel);
    auto* layer = new CellScatter(plot->xAxis, plot->yAxis);
    layer->setPoints(f.x, f.y);
    layer->setPointSize(f.pointSize > 0 ? f.pointSize : defaultPointSize(static_cast<int64_t>(f.x.size())));
    layer->removeFromLegend();
    layer->rescaleAxes();
    // A little room so the outermost cells are not cut by the frame.
    plot->xAxis->scaleRange(1.05, plot->xAxis->range().center());
    plot->yAxis->scaleRange(1.05, plot->yAxis->range().center());
    recolourCells(plot, layer, f.colouring);
    return layer;
}

void recolourCells(QCustomPlot* plot, CellScatter* layer, const CellColouring& c) {
    clearKey(plot);
    std::vector<QRgb> colours = cellColours(c);
    if (c.kind == CellColouring::Kind::Uniform) colours.assign(static_cast<size_t>(layer->size()), 0xFF0072B2);
    layer->setColours(std::move(colours));
    layer->setDrawOrder(cellDrawOrder(c, layer->size()));
    if (c.kind == CellColouring::Kind::Categorical) addLegend(plot, c);
    else if (c.kind == CellColouring::Kind::Numeric) addColourScale(plot, c);
}

}  // namespace dm::ui
