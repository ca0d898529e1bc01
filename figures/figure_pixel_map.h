#pragma once
// Figure: a pseudo-image as a side x side heatmap with a colour bar (the attribution map
// of a pass, the accumulated median importance in the canonical layout, or the class-mean
// expression). Row 0 is on top, as in an image.
#include "engine/findings.h"

#include <QString>

#include <cstdint>
#include <vector>

class QCustomPlot;
class QCPColorMap;

namespace dm::ui {

struct PixelMapData {
    QString title;
    QString scaleLabel;         // colour bar label, e.g. "mean |attribution|"
    int64_t side = 0;
    std::vector<float> values;  // side*side, row-major (pixel j at column j % side, row j / side);
                                // NaN marks a padding pixel (no gene), drawn light grey
    bool fixedRange = false;    // use [lower, upper] instead of the data's range
    double lower = 0, upper = 1;
    bool diverging = false;     // signed values around 0: a blue-white-red scale, not viridis
};

// The accumulated median importance with pixel j = gene j (the canonical layout, the
// same for every pass); empty values when no pass was accepted.
PixelMapData canonicalImportanceMap(const Findings& findings);

// Draws the map (nothing but the title and axes when values is empty); returns the colour
// map so a view can translate the pointer to a pixel, nullptr when nothing was drawn.
QCPColorMap* drawPixelMap(QCustomPlot* plot, const PixelMapData& data);

}  // namespace dm::ui
