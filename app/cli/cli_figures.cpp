#include "cli_figures.h"

#include "common/error.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <sstream>

#ifdef DM_HAVE_FIGURES
#include "figure_cells.h"
#include "figure_chord.h"
#include "figure_confusion.h"
#include "figure_export.h"
#include "figure_passes.h"
#include "figure_pixel_map.h"
#include "figure_top_genes.h"

#include <QApplication>
#include <QDir>
#include <qcustomplot.h>

#include <functional>
#endif

namespace dm::cli {

namespace {

const char* const kAllowed = "png, svg, pdf";

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

}  // namespace

void addFigureOptions(CLI::App* sub, FigureFlags& flags, const std::string& what) {
    sub->add_option("--figures", flags.formats,
                    "Also draw " + what + " into OUT/figures/ in these formats: png, svg, pdf, comma-separated "
                    "(e.g. png,svg)")
        ->group("Output");
    sub->add_option("--figure-dpi", flags.dpi,
                    "Resolution of the PNG figures in dots per inch (default 150; 300 or 600 for print). SVG and "
                    "PDF are vector figures")
        ->check(CLI::Range(36, 1200))
        ->group("Output");
}

FigureRequest parseFigures(const FigureFlags& flags) {
    FigureRequest request;
    request.dpi = flags.dpi;
    std::stringstream in(flags.formats);
    std::string item;
    while (std::getline(in, item, ',')) {
        item = lower(item);
        item.erase(0, item.find_first_not_of(" \t"));
        item.erase(item.find_last_not_of(" \t") + 1);
        if (item.empty()) continue;
        if (item != "png" && item != "svg" && item != "pdf")
            throw InputError("--figures: '" + item + "' is not a figure format; use one or more of " + kAllowed +
                             ", separated by commas (e.g. --figures png,svg)");
        if (std::find(request.formats.begin(), request.formats.end(), item) == request.formats.end())
            request.formats.push_back(item);
    }
    if (request.formats.empty() && !flags.formats.empty())
        throw InputError(std::string("--figures: no format given; use one or more of ") + kAllowed);
    return request;
}

#ifdef DM_HAVE_FIGURES

namespace {

// Each figure's size in device-independent pixels (a PNG at N dpi is N / 96 times larger).
struct FigureSpec {
    const char* name;
    int width, height;
};
constexpr FigureSpec kPassAcceptance{"pass_acceptance", 800, 480};
constexpr FigureSpec kAttributionMap{"attribution_map", 760, 660};
constexpr FigureSpec kTopGenes{"top_genes", 900, 520};
constexpr FigureSpec kConfusion{"confusion_matrix", 760, 660};
constexpr FigureSpec kChordAuc{"chord_auc", 820, 520};

// Draws one figure into a fresh, never shown plot and saves it in every format.
void writeFigure(const FigureSpec& spec, const std::function<void(QCustomPlot*)>& draw, const std::string& out,
                 const FigureRequest& request, std::vector<std::string>& files) {
    QCustomPlot plot;
    plot.setObjectName(spec.name);
    plot.resize(spec.width, spec.height);
    draw(&plot);
    const QString dir = QDir(QString::fromStdString(out)).filePath("figures");
    for (const std::string& format : request.formats)
        for (const QString& f : ui::saveFigures({{spec.name, &plot}}, dir, QString::fromStdString(format), request.dpi))
            files.push_back(f.toStdString());
}

}  // namespace

void prepareFigures(const FigureRequest& request) {
    if (request.formats.empty()) return;
    // The figures are only drawn into files, never shown: the offscreen platform needs no
    // display (a server, a cluster node, ssh) and cannot fail on a stale DISPLAY. A
    // platform the user chose is kept. Qt reads this when the application is created.
    if (!std::getenv("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
}

namespace {

// Created only when the figures are drawn, after the run: a QApplication made before
// training slowed the data preparation measurably (libm exp/log, +2.3 s CPU on the demo).
void ensureApplication() {
    if (QApplication::instance()) return;
    static int argc = 1;
    static char name[] = "deepmapper";
    static char* argv[] = {name, nullptr};
    // Lives until the process ends; destroying it during static destruction is not safe.
    new QApplication(argc, argv);
}

}  // namespace

std::vector<std::string> writeRunFigures(const RunRecord& record, const std::string& out,
                                         const FigureRequest& request) {
    std::vector<std::string> files;
    if (request.formats.empty()) return files;
    prepareFigures(request);
    ensureApplication();
    const Findings& f = record.findings;
    const RunConfig& c = record.config;
    writeFigure(kPassAcceptance, [&](QCustomPlot* p) {
        ui::drawPassAcceptance(p, ui::passAcceptanceData(f, c.passes, c.effectiveMaxTries(), c.minAccuracy));
    }, out, request, files);
    if (f.accepted > 0) {
        writeFigure(kAttributionMap, [&](QCustomPlot* p) { ui::drawPixelMap(p, ui::canonicalImportanceMap(f)); }, out,
                    request, files);
        writeFigure(kTopGenes, [&](QCustomPlot* p) {
            ui::drawTopGenes(p, ui::topGenesData(f.ranking(size_t(std::max(f.topK, 1))), size_t(std::max(f.topK, 1)),
                                                 f.accepted));
        }, out, request, files);
    }
    return files;
}

std::vector<std::string> writeConfusionFigure(const ClassificationReport& report, const std::string& out,
                                              const FigureRequest& request) {
    std::vector<std::string> files;
    if (request.formats.empty()) return files;
    prepareFigures(request);
    ensureApplication();
    const int k = int(report.perClass.size());
    // Larger for many classes so every cell keeps room for its two lines.
    const FigureSpec spec{kConfusion.name, std::max(kConfusion.width, 260 + 60 * k),
                          std::max(kConfusion.height, 200 + 60 * k)};
    writeFigure(spec, [&](QCustomPlot* p) { ui::drawConfusion(p, report); }, out, request, files);
    return files;
}

std::vector<std::string> writeChordFigure(const ChordResult& result, const std::string& out,
                                          const FigureRequest& request) {
    std::vector<std::string> files;
    if (request.formats.empty()) return files;
    prepareFigures(request);
    ensureApplication();
    writeFigure(kChordAuc, [&](QCustomPlot* p) { ui::drawChordAuc(p, result); }, out, request, files);
    return files;
}

std::vector<std::string> writeEmbeddingFigures(const std::vector<std::pair<std::string, const Embedding*>>& embeddings,
                                               const std::vector<int64_t>& labels,
                                               const std::vector<std::string>& classes, const std::string& labelColumn,
                                               const std::string& out, const FigureRequest& request) {
    std::vector<std::string> files;
    if (request.formats.empty()) return files;
    prepareFigures(request);
    ensureApplication();
    for (const auto& [stem, e] : embeddings) {
        if (!e || e->cols < 2) continue;
        ui::CellsFigure f;
        f.title = QString::fromStdString(e->name);
        f.x = e->component(0);
        f.y = e->component(1);
        f.xLabel = QString::fromStdString(e->componentLabel(0));
        f.yLabel = QString::fromStdString(e->componentLabel(1));
        if (!classes.empty() && labels.size() == static_cast<size_t>(e->rows)) {
            f.colouring.kind = ui::CellColouring::Kind::Categorical;
            f.colouring.title = QString::fromStdString(labelColumn);
            for (const auto& c : classes) f.colouring.categories.push_back(QString::fromStdString(c));
            for (int64_t y : labels) f.colouring.codes.push_back(static_cast<int32_t>(y));
        }
        const FigureSpec spec{stem.c_str(), 820, 640};
        writeFigure(spec, [&](QCustomPlot* p) { ui::drawCells(p, f); }, out, request, files);
    }
    return files;
}

#else  // built without the GUI part: no plotting code to draw with

void prepareFigures(const FigureRequest& request) {
    if (!request.formats.empty())
        throw InputError("--figures: this deepmapper was built without the desktop application (DM_BUILD_GUI=OFF), "
                         "whose plotting code draws the figures; rebuild with the GUI or open run.json in "
                         "DeepMapper Studio to export them");
}

std::vector<std::string> writeRunFigures(const RunRecord&, const std::string&, const FigureRequest& request) {
    prepareFigures(request);
    return {};
}

std::vector<std::string> writeConfusionFigure(const ClassificationReport&, const std::string&,
                                              const FigureRequest& request) {
    prepareFigures(request);
    return {};
}

std::vector<std::string> writeChordFigure(const ChordResult&, const std::string&, const FigureRequest& request) {
    prepareFigures(request);
    return {};
}

std::vector<std::string> writeEmbeddingFigures(const std::vector<std::pair<std::string, const Embedding*>>&,
                                               const std::vector<int64_t>&, const std::vector<std::string>&,
                                               const std::string&, const std::string&, const FigureRequest& request) {
    prepareFigures(request);
    return {};
}

#endif

}  // namespace dm::cli
