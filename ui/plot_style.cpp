#include "plot_style.h"

#include <qcustomplot.h>

namespace dm::ui::style {

QCPColorGradient viridis() {
    QCPColorGradient g;
    g.clearColorStops();
    g.setColorStopAt(0.00, QColor(68, 1, 84));
    g.setColorStopAt(0.13, QColor(71, 44, 122));
    g.setColorStopAt(0.25, QColor(59, 81, 139));
    g.setColorStopAt(0.38, QColor(44, 113, 142));
    g.setColorStopAt(0.50, QColor(33, 144, 141));
    g.setColorStopAt(0.63, QColor(39, 173, 129));
    g.setColorStopAt(0.75, QColor(92, 200, 99));
    g.setColorStopAt(0.88, QColor(170, 220, 50));
    g.setColorStopAt(1.00, QColor(253, 231, 37));
    g.setColorInterpolation(QCPColorGradient::ciRGB);
    return g;
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
