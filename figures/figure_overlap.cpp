#include "figure_overlap.h"

#include "figure_common.h"
#include "plot_style.h"

#include <QObject>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace dm::ui {

namespace {

bool holds(const std::vector<int64_t>& v, int64_t g) { return std::find(v.begin(), v.end(), g) != v.end(); }

// Sort key of a gene: shared by all first, then DeepMapper with one other, DeepMapper only,
// then genes DeepMapper did not choose.
int group(const TopSetOverlap& o, int64_t g) {
    const bool d = holds(o.deepmapper, g), w = holds(o.wilcoxon, g), l = holds(o.linear, g);
    if (d && w && l) return 0;
    if (d && (w || l)) return 1;
    if (d) return 2;
    if (w && l) return 3;
    return w ? 4 : 5;
}

QString jaccardText(double j) { return std::isnan(j) ? QObject::tr("n/a") : QString::number(j, 'f', 2); }

}  // namespace

std::vector<int64_t> overlapColumns(const TopSetOverlap& o) {
    std::vector<int64_t> genes;
    for (const auto* list : {&o.deepmapper, &o.wilcoxon, &o.linear})
        for (int64_t g : *list)
            if (!holds(genes, g)) genes.push_back(g);
    // Stable: within a group, DeepMapper's order (then Wilcoxon's, then linear's).
    std::stable_sort(genes.begin(), genes.end(), [&](int64_t a, int64_t b) { return group(o, a) < group(o, b); });
    return genes;
}

void drawOverlap(QCustomPlot* plot, const TopSetOverlap& o, const std::vector<std::string>& geneNames) {
    resetPlot(plot);
    const std::vector<int64_t> genes = overlapColumns(o);
    if (genes.empty()) {
        setPlotTitle(plot, QObject::tr("No overlap: no per-class ranking"));
        return;
    }
    setPlotTitle(plot, QObject::tr("%1: top %2 genes by method; %3 found only by DeepMapper\n"
                                   "Jaccard DeepMapper-Wilcoxon %4, DeepMapper-linear %5, Wilcoxon-linear %6")
                           .arg(QString::fromStdString(o.className))
                           .arg(o.k)
                           .arg(o.onlyDeepMapper.size())
                           .arg(jaccardText(o.jaccardDeepMapperWilcoxon), jaccardText(o.jaccardDeepMapperLinear),
                                jaccardText(o.jaccardWilcoxonLinear)));
    const std::vector<const std::vector<int64_t>*> rows{&o.deepmapper, &o.wilcoxon, &o.linear};
    const QColor colours[] = {style::accepted(), style::validation(), style::bar()};
    for (size_t c = 0; c < genes.size(); ++c) {
        const bool only = holds(o.onlyDeepMapper, genes[c]);
        if (only) {  // a band behind the column
            auto* band = new QCPItemRect(plot);
            band->setObjectName("onlyDeepMapper");
            band->topLeft->setCoords(c - 0.5, -0.5);
            band->bottomRight->setCoords(c + 0.5, 2.5);
            band->setPen(Qt::NoPen);
            // Strong enough to see behind the empty squares (at 70 the band barely showed).
            band->setBrush(QColor(style::highlight().red(), style::highlight().green(), style::highlight().blue(), 120));
        }
        for (size_t r = 0; r < rows.size(); ++r) {
            const bool in = holds(*rows[r], genes[c]);
            auto* cell = new QCPItemRect(plot);
            cell->topLeft->setCoords(c - 0.38, r - 0.38);
            cell->bottomRight->setCoords(c + 0.38, r + 0.38);
            cell->setPen(QPen(in ? colours[r].darker(120) : QColor(200, 200, 200), 0.8));
            cell->setBrush(in ? QBrush(colours[r]) : QBrush(Qt::NoBrush));
            if (in) cell->setObjectName(QString("member%1").arg(r));
        }
    }
    QSharedPointer<QCPAxisTickerText> geneTicks(new QCPAxisTickerText);
    for (size_t c = 0; c < genes.size(); ++c) {
        const auto f = size_t(genes[c]);
        geneTicks->addTick(double(c), QString::fromStdString(f < geneNames.size() ? geneNames[f] : std::to_string(f)));
    }
    QSharedPointer<QCPAxisTickerText> methodTicks(new QCPAxisTickerText);
    methodTicks->addTick(0, o.deepmapper.empty() ? QObject::tr("DeepMapper (none)") : QObject::tr("DeepMapper"));
    methodTicks->addTick(1, o.wilcoxon.empty() ? QObject::tr("Wilcoxon (not run)") : QObject::tr("Wilcoxon"));
    methodTicks->addTick(2, o.linear.empty() ? QObject::tr("linear (not run)") : QObject::tr("linear"));
    plot->xAxis->setTicker(geneTicks);
    plot->yAxis->setTicker(methodTicks);
    plot->xAxis->setTickLabelRotation(-90);
    plot->yAxis->setRangeReversed(true);
    plot->xAxis->grid()->setVisible(false);
    plot->yAxis->grid()->setVisible(false);
    plot->xAxis->setLabel(QObject::tr("shaded: found only by DeepMapper"));
    keepCellsSquare(plot, int(genes.size()), 3);
}

}  // namespace dm::ui
