#pragma once
// One look for every plot: colour-blind-safe colours (Okabe-Ito), readable fonts.
#include <QColor>

class QCustomPlot;
class QCPColorGradient;

namespace dm::ui::style {

inline QColor accepted() { return QColor(0, 114, 178); }     // blue
inline QColor rejected() { return QColor(213, 94, 0); }      // vermillion
inline QColor train() { return QColor(0, 114, 178); }
inline QColor validation() { return QColor(230, 159, 0); }   // orange
inline QColor gate() { return QColor(90, 90, 90); }
inline QColor highlight() { return QColor(204, 121, 167); }  // reddish purple
inline QColor bar() { return QColor(0, 158, 115); }          // bluish green

// Perceptually uniform, colour-blind safe (matplotlib's viridis), for heatmaps.
QCPColorGradient viridis();
// Diverging, colour-blind safe (ColorBrewer RdBu): blue below 0, white at 0, red above,
// for signed values on a range centred on 0.
QCPColorGradient diverging();

// White background, light grid, antialiasing, a little more margin than the default.
void apply(QCustomPlot* plot);

}  // namespace dm::ui::style
