// The Cells view's scatter at 10k, 100k and 1M cells on Qt's offscreen platform: frames per
// second while panning (each frame re-rasterizes every point and repaints the widget),
// milliseconds to recolour (colours + draw order + legend/colour bar + one frame) by a
// categorical column and by a numeric value, and milliseconds to read one gene's column
// for every cell from a CSR matrix (CellExpression::gene, one binary search per cell).
//   bench_cell_scatter [--sizes 10000,100000,1000000] [--frames 60] [--nnz-per-cell 200]
#include "bench_support.h"

#include "analysis/cell_expression.h"
#include "figure_cell_scatter.h"
#include "figure_cells.h"

#include <QApplication>
#include <qcustomplot.h>

#include <cmath>
#include <cstdio>
#include <random>

using namespace dm;
using clock_ = std::chrono::steady_clock;

namespace {

// Gaussian blobs like a UMAP: 12 clusters of different sizes and spreads.
void blobs(int64_t n, std::vector<float>& x, std::vector<float>& y, std::vector<int32_t>& codes, std::vector<float>& v) {
    std::mt19937_64 rng(1);
    std::normal_distribution<float> z(0, 1);
    std::uniform_real_distribution<float> u(0, 1);
    x.resize(static_cast<size_t>(n));
    y = x;
    v = x;
    codes.resize(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
        const int k = static_cast<int>(std::pow(u(rng), 1.5) * 12);
        const float cx = 10 * std::cos(k * 0.52f) + k, cy = 10 * std::sin(k * 0.52f);
        const float s = 0.5f + 0.15f * k;
        x[static_cast<size_t>(i)] = cx + s * z(rng);
        y[static_cast<size_t>(i)] = cy + s * z(rng);
        codes[static_cast<size_t>(i)] = k;
        v[static_cast<size_t>(i)] = std::max(0.0f, z(rng) + k * 0.2f);
    }
}

}  // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    std::vector<int64_t> sizes = {10000, 100000, 1000000};
    int frames = 60;
    int64_t nnzPerCell = 200;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--sizes") {
            sizes.clear();
            for (const auto& s : bench::splitList(argv[i + 1])) sizes.push_back(std::stoll(s));
        } else if (a == "--frames") {
            frames = std::stoi(argv[i + 1]);
        } else if (a == "--nnz-per-cell") {
            nnzPerCell = std::stoll(argv[i + 1]);
        }
    }
    std::printf("bench_cell_scatter: offscreen, plot 1000 x 800, load %s\n", bench::loadAverage().c_str());
    std::printf("%10s %10s %12s %14s %14s %14s\n", "cells", "pan fps", "frame ms", "recolour cat", "recolour num",
                "gene column");
    for (int64_t n : sizes) {
        std::vector<float> x, y, v;
        std::vector<int32_t> codes;
        blobs(n, x, y, codes, v);
        QCustomPlot plot;
        plot.resize(1000, 800);
        plot.show();
        ui::CellsFigure f;
        f.x = x;
        f.y = y;
        f.colouring.kind = ui::CellColouring::Kind::Categorical;
        for (int k = 0; k < 12; ++k) f.colouring.categories.push_back(QString("cluster %1").arg(k));
        f.colouring.codes = codes;
        ui::CellScatter* layer = ui::drawCells(&plot, f);
        plot.replot(QCustomPlot::rpImmediateRefresh);
        QApplication::processEvents();

        // Pan: shift the view 1% per frame, repaint at once.
        auto t0 = clock_::now();
        for (int i = 0; i < frames; ++i) {
            plot.xAxis->moveRange(plot.xAxis->range().size() * 0.01);
            plot.yAxis->moveRange(plot.yAxis->range().size() * 0.005);
            plot.replot(QCustomPlot::rpImmediateRefresh);
            QApplication::processEvents();
        }
        const double panSeconds = bench::seconds(t0);

        ui::CellColouring numeric;
        numeric.kind = ui::CellColouring::Kind::Numeric;
        numeric.title = "value";
        numeric.values = v;
        t0 = clock_::now();
        ui::recolourCells(&plot, layer, numeric);
        plot.replot(QCustomPlot::rpImmediateRefresh);
        const double numMs = bench::seconds(t0) * 1000;
        t0 = clock_::now();
        ui::recolourCells(&plot, layer, f.colouring);
        plot.replot(QCustomPlot::rpImmediateRefresh);
        const double catMs = bench::seconds(t0) * 1000;

        // One gene's column from a cells x 20,000 genes CSR with nnzPerCell stored per cell.
        const CsrMatrix X = bench::randomCsr(n, 20000, static_cast<double>(nnzPerCell) / 20000.0, 7, 1.0f);
        const CellExpression expr(X, true);
        t0 = clock_::now();
        const std::vector<float> g = expr.gene(12345);
        const double geneMs = bench::seconds(t0) * 1000;
        std::printf("%10lld %10.1f %12.2f %11.1f ms %11.1f ms %11.1f ms\n", static_cast<long long>(n),
                    frames / panSeconds, panSeconds * 1000 / frames, catMs, numMs, geneMs + (g.empty() ? 0 : 0));
        std::fflush(stdout);
    }
    return 0;
}
