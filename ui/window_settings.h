#pragma once
// What the window remembers between sessions (QSettings): its geometry and dock layout,
// the configuration of the last run started (or shown on quit) and the label column of
// the last run, proposed again for the next dataset.
#include "engine/run_config.h"

#include <QString>

class QMainWindow;

namespace dm::ui {

class RunConfigPanel;

// On quit: the window's layout and the configuration the panel shows.
void saveWindowSettings(const QMainWindow& window, const RunConfig& config);
// At start: the layout, and the last configuration into `panel`. Returns why that
// configuration was not restored (an older or damaged setting), or empty.
QString restoreWindowSettings(QMainWindow& window, RunConfigPanel& panel);
// When a run starts: its configuration and label column.
void rememberRunChoice(const RunConfig& config, const QString& labelColumn);
QString lastLabelColumn();

}  // namespace dm::ui
