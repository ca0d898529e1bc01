#pragma once
// `--figures png,svg,pdf [--figure-dpi N]`: the run's figures drawn by the GUI's own
// figure builders (figures/) on Qt's offscreen platform, written to
// OUT/figures/<name>.<format>.
#include "analysis/chord_test.h"
#include "analysis/metrics.h"
#include "data/embedding.h"
#include "report/run_record.h"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace dm::cli {

// --figures and --figure-dpi as given on a command line.
struct FigureFlags {
    std::string formats;        // "png,svg"; empty: no figures
    int dpi = kDefaultFigureDpi;  // PNG resolution
    static constexpr int kDefaultFigureDpi = 150;
};
// Adds --figures (its help says what is drawn: `what`) and --figure-dpi to a command.
void addFigureOptions(CLI::App* sub, FigureFlags& flags, const std::string& what);

// The figures to write: formats (lower case, no duplicates) and the PNG resolution.
struct FigureRequest {
    std::vector<std::string> formats;
    int dpi = FigureFlags::kDefaultFigureDpi;
};

// "png,svg" -> {"png", "svg"}; "" -> {}. Throws InputError naming --figures and the
// allowed values for anything else.
FigureRequest parseFigures(const FigureFlags& flags);

// Readies drawing when figures are wanted: Qt's offscreen platform (no display needed)
// unless QT_QPA_PLATFORM is set. Throws InputError when this build has no figure support.
// Call before the long work, so a problem shows at once; the QApplication itself is
// created when the figures are drawn.
void prepareFigures(const FigureRequest& request);

// pass_acceptance always; attribution_map (canonical layout) and top_genes when a pass
// was accepted. Returns the files written.
std::vector<std::string> writeRunFigures(const RunRecord& record, const std::string& out,
                                         const FigureRequest& request);

// confusion_matrix of an ensembled held-out prediction. Returns the files written.
std::vector<std::string> writeConfusionFigure(const ClassificationReport& report, const std::string& out,
                                              const FigureRequest& request);

// chord_auc: the held-out chord test's AUCs. Returns the files written.
std::vector<std::string> writeChordFigure(const ChordResult& result, const std::string& out,
                                          const FigureRequest& request);

// One scatter per embedding (its first two components), cells coloured by their class:
// <stem>.<format> for each (stem, embedding). `labels` per cell (-1: no class).
std::vector<std::string> writeEmbeddingFigures(const std::vector<std::pair<std::string, const Embedding*>>& embeddings,
                                               const std::vector<int64_t>& labels,
                                               const std::vector<std::string>& classes, const std::string& labelColumn,
                                               const std::string& out, const FigureRequest& request);

}  // namespace dm::cli
