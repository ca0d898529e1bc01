#pragma once
// A QCustomPlot plottable that draws many cells fast: each frame the points are stamped
// straight into a raster image of the axis rect at device resolution (no per-point
// QPainter call), so 200,000 cells pan and zoom at interactive rates and a recolour is a
// colour-array swap. In SVG/PDF export the points stay one embedded raster inside the
// vector axes when there are many, and become vector discs when there are few.
#include <qcustomplot.h>

#include <QRgb>

#include <cstdint>
#include <vector>

namespace dm::ui {

class CellScatter : public QCPAbstractPlottable {
    Q_OBJECT
public:
    // Up to this many points a vector export draws each as a disc.
    static constexpr int64_t kVectorMaxPoints = 5000;

    CellScatter(QCPAxis* keyAxis, QCPAxis* valueAxis);

    // Coordinates (NaN: not drawn). Resets colours to one grey and the order to 0..n-1.
    void setPoints(std::vector<float> x, std::vector<float> y);
    int64_t size() const { return static_cast<int64_t>(x_.size()); }
    const std::vector<float>& xs() const { return x_; }
    const std::vector<float>& ys() const { return y_; }
    // One colour per point (alpha 0: not drawn).
    void setColours(std::vector<QRgb> colours);
    const std::vector<QRgb>& colours() const { return colours_; }
    // The order points are drawn in: later ones on top (e.g. high expression last).
    void setDrawOrder(std::vector<int64_t> order);
    // Point diameter in device-independent pixels (1..12).
    void setPointSize(double px);
    double pointSize() const { return pointSize_; }
    // Highlighted points keep their colour and are drawn on top; the rest turn light
    // grey. Empty: no highlight.
    void setHighlight(std::vector<uint8_t> mask);
    bool hasHighlight() const { return !highlight_.empty(); }

    // The point nearest to a widget pixel position within `radius` pixels, or -1.
    int64_t pointAt(const QPointF& pixel, double radius) const;
    // Points whose pixel position lies inside a widget-pixel polygon (a lasso or rectangle).
    std::vector<int64_t> pointsInside(const QPolygonF& pixels) const;

    double selectTest(const QPointF& pos, bool onlySelectable, QVariant* details = nullptr) const override;
    QCPRange getKeyRange(bool& foundRange, QCP::SignDomain inSignDomain = QCP::sdBoth) const override;
    QCPRange getValueRange(bool& foundRange, QCP::SignDomain inSignDomain = QCP::sdBoth,
                           const QCPRange& inKeyRange = QCPRange()) const override;

protected:
    void draw(QCPPainter* painter) override;
    void drawLegendIcon(QCPPainter* painter, const QRectF& rect) const override;

private:
    // Pixel = a * coordinate + b along each axis (QCPAxis::coordToPixel, linear axes).
    struct Map {
        double ax, bx, ay, by;
    };
    Map pixelMap() const;
    void drawRaster(QCPPainter* painter, const QRect& clip);
    void drawVector(QCPPainter* painter, const QRect& clip);
    void forEachInOrder(const std::function<void(int64_t, QRgb)>& fn) const;

    std::vector<float> x_, y_;
    std::vector<QRgb> colours_;
    std::vector<int64_t> order_;
    std::vector<uint8_t> highlight_;
    double pointSize_ = 3.0;
};

}  // namespace dm::ui
