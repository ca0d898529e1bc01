#include "plot_style.h"

#include <qcustomplot.h>

#include <initializer_list>

namespace dm::ui::style {

namespace {
// Colours at evenly spaced stops from 0 to 1, interpolated in RGB.
QCPColorGradient evenStops(std::initializer_list<QColor> colours) {
    QCPColorGradient g;
    g.clearColorStops();
    const double last = double(colours.size() - 1);
    int i = 0;
    for (const QColor& c : colours) g.setColorStopAt(i++ / last, c);
    g.setColorInterpolation(QCPColorGradient::ciRGB);
    return g;
}
}  // namespace

QCPColorGradient viridis() {
    return evenStops({QColor(68, 1, 84), QColor(71, 44, 122), QColor(59, 81, 139), QColor(44, 113, 142),
                      QColor(33, 144, 141), QColor(39, 173, 129), QColor(92, 200, 99), QColor(170, 220, 50),
                      QColor(253, 231, 37)});
}

QCPColorGradient diverging() {
    return evenStops({QColor(33, 102, 172), QColor(103, 169, 207), QColor(209, 229, 240), QColor(247, 247, 247),
                      QColor(253, 219, 199), QColor(239, 138, 98), QColor(178, 24, 43)});
}

void apply(QCustomPlot* plot) {
    plot->setAntialiasedElements(QCP::aeAll);
    plot->setBackground(Qt::white);
    plot->setNoAntialiasingOnDrag(true);
    QFont f = plot->font();
    for (QCPAxis* axis : plot->axisRect()->axes()) {
        axis->setLabelFont(f);
        axis->setTickLabelFont(f);
        axis->grid()->setPen(QPen(QColor(225, 225, 225), 0, Qt::SolidLine));
        axis->grid()->setSubGridVisible(false);
    }
    plot->setMinimumSize(240, 180);
}

}  // namespace dm::ui::style
