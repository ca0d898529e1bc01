#pragma once
// `--figures png,svg,pdf`: the run's figures drawn by the GUI's own plotting code
// (ui/figure_*) on Qt's offscreen platform, written to OUT/figures/<name>.<format>.
#include "analysis/metrics.h"
#include "report/run_record.h"

#include <string>
#include <vector>

namespace dm::cli {

// "png,svg" -> {"png", "svg"} (lower case, duplicates dropped); "" -> {}. Throws
// InputError naming --figures and the allowed values for anything else.
std::vector<std::string> parseFigureFormats(const std::string& value);

// Readies drawing when `formats` is not empty: Qt's offscreen platform (no display needed)
// unless QT_QPA_PLATFORM is set. Throws InputError when this build has no figure support.
// Call before the long work, so a problem shows at once; the QApplication itself is
// created when the figures are drawn.
void prepareFigures(const std::vector<std::string>& formats);

// pass_acceptance always; attribution_map (canonical layout) and top_genes when a pass
// was accepted. Returns the files written.
std::vector<std::string> writeRunFigures(const RunRecord& record, const std::string& out,
                                         const std::vector<std::string>& formats);

// confusion_matrix of an ensembled held-out prediction. Returns the files written.
std::vector<std::string> writeConfusionFigure(const ClassificationReport& report, const std::string& out,
                                              const std::vector<std::string>& formats);

}  // namespace dm::cli
