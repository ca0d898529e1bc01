#pragma once
// The file and folder dialogs of the window's commands: what each offers (filters, a
// proposed name) and the extension added when the user typed none. Each returns the
// chosen path, or an empty string when the user cancelled.
#include <QString>

class QWidget;

namespace dm::ui {

QString chooseDatasetOrRun(QWidget* parent);    // .h5ad, 10x .h5 or .dmrun
QString chooseTenxFolder(QWidget* parent);
QString chooseRunToOpen(QWidget* parent);       // .dmrun or run.json
QString chooseRunToSave(QWidget* parent, const QString& last);  // ".dmrun" added when no extension
QString chooseRankingFile(QWidget* parent);     // .csv, .tsv, .txt or .xlsx by the chosen filter
QString chooseFolder(QWidget* parent, const QString& title);
QString chooseH5adToWrite(QWidget* parent);     // ".h5ad" added when no extension

}  // namespace dm::ui
