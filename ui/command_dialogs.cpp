#include "command_dialogs.h"

#include "dialogs.h"
#include "file_choosers.h"
#include "main_actions.h"
#include "main_window.h"
#include "run_document.h"

#include <QAction>

namespace dm::ui {

CommandDialogs::CommandDialogs(MainWindow* window, const MainActions& a, const RunDocument* document)
    : QObject(window), window_(window), document_(document) {
    connect(a.open, &QAction::triggered, this, &CommandDialogs::chooseDataset);
    connect(a.open10x, &QAction::triggered, this, &CommandDialogs::choose10xFolder);
    connect(a.populations, &QAction::triggered, this, &CommandDialogs::choosePopulations);
    connect(a.saveRun, &QAction::triggered, this, &CommandDialogs::chooseSaveRun);
    connect(a.openRun, &QAction::triggered, this, &CommandDialogs::chooseOpenRun);
    connect(a.exportRanking, &QAction::triggered, this, &CommandDialogs::chooseExportRanking);
    connect(a.exportFigures, &QAction::triggered, this, &CommandDialogs::chooseExportFigures);
    connect(a.exportReport, &QAction::triggered, this, &CommandDialogs::chooseExportReport);
    connect(a.exportH5ad, &QAction::triggered, this, &CommandDialogs::chooseExportH5ad);
}

void CommandDialogs::chooseDataset() {
    if (const QString path = chooseDatasetOrRun(window_); !path.isEmpty()) window_->openFile(path);
}

void CommandDialogs::choose10xFolder() {
    if (const QString dir = chooseTenxFolder(window_); !dir.isEmpty()) window_->openPath(dir);
}

void CommandDialogs::choosePopulations() {
    PopulationsDialog dialog(window_);
    if (dialog.exec() == QDialog::Accepted) window_->loadPopulations(dialog.sources(), dialog.maxPerClass());
}

void CommandDialogs::chooseSaveRun() {
    if (const QString path = chooseRunToSave(window_, document_->fileName()); !path.isEmpty())
        window_->saveRunTo(path);
}

void CommandDialogs::chooseOpenRun() {
    if (const QString path = chooseRunToOpen(window_); !path.isEmpty()) window_->openFile(path);
}

void CommandDialogs::chooseExportRanking() {
    if (const QString path = chooseRankingFile(window_); !path.isEmpty()) window_->exportRankingTo(path);
}

void CommandDialogs::chooseExportFigures() {
    FigureExportDialog options(window_);
    if (options.exec() != QDialog::Accepted) return;
    if (const QString dir = chooseFolder(window_, tr("Folder for the figures")); !dir.isEmpty())
        window_->exportFiguresTo(dir, options.format(), options.dpi());
}

void CommandDialogs::chooseExportReport() {
    if (const QString dir = chooseFolder(window_, tr("Report folder (new or empty)")); !dir.isEmpty())
        window_->exportReportTo(dir);
}

void CommandDialogs::chooseExportH5ad() {
    if (const QString path = chooseH5adToWrite(window_); !path.isEmpty()) window_->exportH5adTo(path);
}

}  // namespace dm::ui
