#include "window_settings.h"

#include "run_config_panel.h"

#include <QMainWindow>
#include <QSettings>

namespace dm::ui {

namespace {
QString configText(const RunConfig& config) { return QString::fromStdString(toJson(config).dump()); }
}  // namespace

void saveWindowSettings(const QMainWindow& window, const RunConfig& config) {
    QSettings s;
    s.setValue("window/geometry", window.saveGeometry());
    s.setValue("window/state", window.saveState());
    s.setValue("lastConfig", configText(config));
}

QString restoreWindowSettings(QMainWindow& window, RunConfigPanel& panel) {
    QSettings s;
    window.restoreGeometry(s.value("window/geometry").toByteArray());
    window.restoreState(s.value("window/state").toByteArray());
    const QString last = s.value("lastConfig").toString();
    if (last.isEmpty()) return {};
    try {
        panel.setConfig(runConfigFromJson(nlohmann::json::parse(last.toStdString())));
        return {};
    } catch (const std::exception& e) {  // an older or damaged setting: defaults are fine
        return QString::fromStdString(e.what());
    }
}

void rememberRunChoice(const RunConfig& config, const QString& labelColumn) {
    QSettings().setValue("lastConfig", configText(config));
    QSettings().setValue("lastLabelColumn", labelColumn);
}

QString lastLabelColumn() { return QSettings().value("lastLabelColumn").toString(); }

}  // namespace dm::ui
