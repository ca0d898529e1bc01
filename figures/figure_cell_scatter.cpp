#include "figure_cell_scatter.h"

#include <QPaintEngine>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace dm::ui {

namespace {

constexpr QRgb kMuted = 0xFFD9D9D9;  // cells outside a highlight

bool vectorDevice(QCPPainter* painter) {
    if (painter->modes().testFlag(QCPPainter::pmVectorized)) return true;
    const QPaintEngine* engine = painter->paintEngine();
    return engine && (engine->type() == QPaintEngine::SVG || engine->type() == QPaintEngine::Pdf ||
                      engine->type() == QPaintEngine::Picture);
}

// Pixel offsets of a filled disc of diameter d (d x d box, centred).
std::vector<QPoint> discOffsets(int d) {
    std::vector<QPoint> out;
    const double r = d / 2.0, c = (d - 1) / 2.0;
    for (int dy = 0; dy < d; ++dy)
        for (int dx = 0; dx < d; ++dx)
            if ((dx - c) * (dx - c) + (dy - c) * (dy - c) <= r * r + 0.25) out.emplace_back(dx, dy);
    return out;
}

QCPRange finiteRange(const std::vector<float>& v, bool& found) {
    float lo = INFINITY, hi = -INFINITY;
    for (float f : v)
        if (std::isfinite(f)) lo = std::min(lo, f), hi = std::max(hi, f);
    found = lo <= hi;
    return found ? QCPRange(lo, hi) : QCPRange();
}

}  // namespace

CellScatter::CellScatter(QCPAxis* keyAxis, QCPAxis* valueAxis) : QCPAbstractPlottable(keyAxis, valueAxis) {
    setAntialiased(false);
    setSelectable(QCP::stNone);
}

void CellScatter::setPoints(std::vector<float> x, std::vector<float> y) {
    y.resize(x.size(), NAN);
    x_ = std::move(x);
    y_ = std::move(y);
    colours_.assign(x_.size(), 0xFF808080);
    order_.resize(x_.size());
    std::iota(order_.begin(), order_.end(), int64_t(0));
    highlight_.clear();
}

void CellScatter::setColours(std::vector<QRgb> colours) {
    colours.resize(x_.size(), 0xFF808080);
    colours_ = std::move(colours);
}

void CellScatter::setDrawOrder(std::vector<int64_t> order) {
    if (order.size() != x_.size()) return;  // a stale order from another embedding
    order_ = std::move(order);
}

void CellScatter::setPointSize(double px) { pointSize_ = std::clamp(px, 1.0, 12.0); }

void CellScatter::setHighlight(std::vector<uint8_t> mask) {
    if (!mask.empty() && mask.size() != x_.size()) mask.clear();
    highlight_ = std::move(mask);
}

CellScatter::Map CellScatter::pixelMap() const {
    Map m{};
    const QCPAxis* kx = keyAxis();
    const QCPAxis* vy = valueAxis();
    if (!kx || !vy) return m;
    m.bx = kx->coordToPixel(0.0);
    m.ax = kx->coordToPixel(1.0) - m.bx;
    m.by = vy->coordToPixel(0.0);
    m.ay = vy->coordToPixel(1.0) - m.by;
    return m;
}

void CellScatter::forEachInOrder(const std::function<void(int64_t, QRgb)>& fn) const {
    if (highlight_.empty()) {
        for (int64_t i : order_) fn(i, colours_[static_cast<size_t>(i)]);
        return;
    }
    for (int64_t i : order_)
        if (!highlight_[static_cast<size_t>(i)]) fn(i, kMuted);
    for (int64_t i : order_)
        if (highlight_[static_cast<size_t>(i)]) fn(i, colours_[static_cast<size_t>(i)]);
}

void CellScatter::draw(QCPPainter* painter) {
    if (x_.empty() || !keyAxis() || !valueAxis()) return;
    const QRect clip = clipRect();
    if (clip.width() <= 0 || clip.height() <= 0) return;
    if (vectorDevice(painter) && size() <= kVectorMaxPoints) drawVector(painter, clip);
    else drawRaster(painter, clip);
}

// Stamps each point's disc into an image with exactly the clip rect's device pixels, then
// draws that image once. Later points overwrite earlier ones (the draw order decides).
void CellScatter::drawRaster(QCPPainter* painter, const QRect& clip) {
    const QTransform& t = painter->transform();
    double scale = std::hypot(t.m11(), t.m12());
    if (painter->device()) scale *= painter->device()->devicePixelRatioF();
    // Vector files embed the image: about 300 dpi is plenty and keeps them small.
    scale = vectorDevice(painter) ? 3.0 : std::clamp(scale, 0.25, 8.0);
    const int W = std::max(1, static_cast<int>(std::lround(clip.width() * scale)));
    const int H = std::max(1, static_cast<int>(std::lround(clip.height() * scale)));
    QImage image(W, H, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    auto* bits = reinterpret_cast<QRgb*>(image.bits());
    const int stride = static_cast<int>(image.bytesPerLine() / 4);
    const int d = std::max(1, static_cast<int>(std::lround(pointSize_ * scale)));
    const std::vector<QPoint> disc = discOffsets(d);
    const Map m = pixelMap();
    const double sx = m.ax * scale, ox = (m.bx - clip.left()) * scale - d / 2.0;
    const double sy = m.ay * scale, oy = (m.by - clip.top()) * scale - d / 2.0;
    forEachInOrder([&](int64_t i, QRgb c) {
        if (qAlpha(c) == 0) return;
        const double fx = sx * x_[static_cast<size_t>(i)] + ox, fy = sy * y_[static_cast<size_t>(i)] + oy;
        if (!(fx > -d && fx < W && fy > -d && fy < H)) return;  // also drops NaN
        const int px = static_cast<int>(std::floor(fx + 0.5)), py = static_cast<int>(std::floor(fy + 0.5));
        if (px >= 0 && py >= 0 && px + d <= W && py + d <= H) {
            QRgb* base = bits + static_cast<ptrdiff_t>(py) * stride + px;
            for (const QPoint& o : disc) base[o.y() * stride + o.x()] = c;
            return;
        }
        for (const QPoint& o : disc) {
            const int X = px + o.x(), Y = py + o.y();
            if (X >= 0 && Y >= 0 && X < W && Y < H) bits[static_cast<ptrdiff_t>(Y) * stride + X] = c;
        }
    });
    painter->drawImage(QRectF(clip), image);
}

void CellScatter::drawVector(QCPPainter* painter, const QRect& clip) {
    const Map m = pixelMap();
    const double r = pointSize_ / 2.0;
    painter->save();
    painter->setClipRect(clip);
    painter->setPen(Qt::NoPen);
    painter->setRenderHint(QPainter::Antialiasing, true);
    forEachInOrder([&](int64_t i, QRgb c) {
        if (qAlpha(c) == 0) return;
        const double px = m.ax * x_[static_cast<size_t>(i)] + m.bx, py = m.ay * y_[static_cast<size_t>(i)] + m.by;
        if (!std::isfinite(px) || !std::isfinite(py) || !clip.adjusted(-2, -2, 2, 2).contains(QPoint(int(px), int(py))))
            return;
        painter->setBrush(QColor::fromRgba(c));
        painter->drawEllipse(QPointF(px, py), r, r);
    });
    painter->restore();
}

int64_t CellScatter::pointAt(const QPointF& pixel, double radius) const {
    const Map m = pixelMap();
    int64_t best = -1;
    double bestD2 = radius * radius;
    // Nearest among the points drawn on top wins ties: scan in draw order, keep later.
    forEachInOrder([&](int64_t i, QRgb c) {
        if (qAlpha(c) == 0) return;
        const double dx = m.ax * x_[static_cast<size_t>(i)] + m.bx - pixel.x();
        const double dy = m.ay * y_[static_cast<size_t>(i)] + m.by - pixel.y();
        const double d2 = dx * dx + dy * dy;
        if (d2 <= bestD2) best = i, bestD2 = d2;
    });
    return best;
}

// The polygon is painted into a mask of the axis rect once; each point is then one lookup.
std::vector<int64_t> CellScatter::pointsInside(const QPolygonF& pixels) const {
    std::vector<int64_t> out;
    const QRect clip = clipRect();
    if (pixels.size() < 3 || clip.isEmpty()) return out;
    QImage mask(clip.size(), QImage::Format_Grayscale8);
    mask.fill(0);
    {
        QPainter p(&mask);
        p.translate(-clip.topLeft());
        p.setPen(Qt::NoPen);
        p.setBrush(Qt::white);
        p.drawPolygon(pixels);
    }
    const Map m = pixelMap();
    for (int64_t i = 0; i < size(); ++i) {
        const double px = m.ax * x_[static_cast<size_t>(i)] + m.bx - clip.left();
        const double py = m.ay * y_[static_cast<size_t>(i)] + m.by - clip.top();
        if (!(px >= 0 && py >= 0 && px < clip.width() && py < clip.height())) continue;
        if (mask.constScanLine(static_cast<int>(py))[static_cast<int>(px)]) out.push_back(i);
    }
    return out;
}

double CellScatter::selectTest(const QPointF&, bool, QVariant*) const { return -1; }

QCPRange CellScatter::getKeyRange(bool& foundRange, QCP::SignDomain) const { return finiteRange(x_, foundRange); }

QCPRange CellScatter::getValueRange(bool& foundRange, QCP::SignDomain, const QCPRange&) const {
    return finiteRange(y_, foundRange);
}

void CellScatter::drawLegendIcon(QCPPainter* painter, const QRectF& rect) const {
    painter->setPen(Qt::NoPen);
    painter->setBrush(QColor(128, 128, 128));
    painter->drawEllipse(rect.center(), 3, 3);
}

}  // namespace dm::ui
