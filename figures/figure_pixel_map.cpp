#include "figure_pixel_map.h"

#include "figure_common.h"
#include "mapping/arrangement.h"
#include "plot_style.h"

#include <QObject>
#include <qcustomplot.h>

#include <algorithm>
#include <limits>

namespace dm::ui {

PixelMapData canonicalImportanceMap(const Findings& f) {
    PixelMapData d;
    d.scaleLabel = QObject::tr("median importance");
    const int64_t n = int64_t(f.featureNames.size());
    if (f.accepted <= 0 || n == 0 || int64_t(f.medianImportance.size()) != n) {
        d.title = QObject::tr("No accepted pass yet: no accumulated importance");
        return d;
    }
    d.side = squareDim(n, 0);
    d.values.assign(size_t(d.side * d.side), std::numeric_limits<float>::quiet_NaN());  // padding
    for (int64_t j = 0; j < n; ++j) d.values[size_t(j)] = float(f.medianImportance[size_t(j)]);
    d.title = QObject::tr("Median importance over %1 accepted passes\ngenes in canonical order (pixel j = gene j)")
                  .arg(f.accepted);
    return d;
}

namespace {
// Whole pixel numbers only (a default ticker would label -0.5 and 0.5 on small images),
// and only over the image: keepCellsSquare widens one axis past it.
class PixelTicker : public QCPAxisTickerFixed {
public:
    explicit PixelTicker(int side) : side_(side) {
        setTickStep(1.0);
        setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    }

protected:
    QVector<double> createTickVector(double tickStep, const QCPRange& range) override {
        QVector<double> ticks = QCPAxisTickerFixed::createTickVector(tickStep, range);
        ticks.erase(std::remove_if(ticks.begin(), ticks.end(), [this](double t) { return t < 0 || t > side_ - 1; }),
                    ticks.end());
        return ticks;
    }

private:
    int side_;
};
}  // namespace

QCPColorMap* drawPixelMap(QCustomPlot* plot, const PixelMapData& d) {
    resetPlot(plot);
    setPlotTitle(plot, d.title);
    plot->xAxis->setLabel(QObject::tr("pixel column"));
    plot->yAxis->setLabel(QObject::tr("pixel row"));
    plot->yAxis->setRangeReversed(true);  // row 0 on top, as an image
    if (d.side <= 0 || d.values.empty()) return nullptr;

    auto* map = new QCPColorMap(plot->xAxis, plot->yAxis);
    map->setInterpolate(false);
    map->setTightBoundary(false);  // cell j spans j-0.5..j+0.5: every pixel drawn whole
    const int side = int(d.side);
    fillSharpColorMap(map, side, side, [&](int c, int r) {
        const size_t j = size_t(r) * size_t(side) + size_t(c);
        return j < d.values.size() ? double(d.values[j]) : std::numeric_limits<double>::quiet_NaN();
    });

    auto* scale = new QCPColorScale(plot);
    scale->setLabel(d.scaleLabel);
    addColourBar(plot, scale);
    map->setColorScale(scale);
    QCPColorGradient gradient = d.diverging ? style::diverging() : style::viridis();
    gradient.setNanHandling(QCPColorGradient::nhNanColor);
    // Padding: clearly not a gene (darker on the diverging scale, whose middle is white).
    gradient.setNanColor(d.diverging ? QColor(150, 150, 150) : QColor(225, 225, 225));
    map->setGradient(gradient);
    if (d.fixedRange)
        map->setDataRange(QCPRange(d.lower, d.upper > d.lower ? d.upper : d.lower + 1));
    else
        map->rescaleDataRange(true);
    for (QCPAxis* axis : {plot->xAxis, plot->yAxis}) {
        axis->setTicker(QSharedPointer<PixelTicker>(new PixelTicker(side)));
        axis->grid()->setVisible(false);  // it would only show in the blank room beside the image
    }
    plot->xAxis->setRange(-0.5, double(d.side) - 0.5);
    plot->yAxis->setRange(-0.5, double(d.side) - 0.5);
    keepCellsSquare(plot, int(d.side), int(d.side));  // the ranges above until the first layout
    return map;
}

}  // namespace dm::ui
