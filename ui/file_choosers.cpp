#include "file_choosers.h"

#include "open_target.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QObject>

namespace dm::ui {

namespace {
QString tr(const char* text) { return QObject::tr(text); }

QString withSuffix(const QString& path, const QString& suffix) {
    return path.isEmpty() || !QFileInfo(path).suffix().isEmpty() ? path : path + suffix;
}
}  // namespace

QString chooseDatasetOrRun(QWidget* parent) {
    return QFileDialog::getOpenFileName(
        parent, tr("Open dataset or saved run"), {},
        tr("Datasets and runs (*.h5ad *.h5 *.dmrun);;DeepMapper runs (*.dmrun);;Single-cell data (*.h5ad *.h5);;"
           "AnnData (*.h5ad);;10x HDF5 (*.h5);;All files (*)"));
}

QString chooseTenxFolder(QWidget* parent) { return QFileDialog::getExistingDirectory(parent, tr("Open 10x matrix folder")); }

QString chooseRunToOpen(QWidget* parent) {
    return QFileDialog::getOpenFileName(parent, tr("Open run"), {},
                                        tr("DeepMapper runs (*.dmrun);;Run record JSON (*.json);;All files (*)"));
}

QString chooseRunToSave(QWidget* parent, const QString& last) {
    const QString path =
        QFileDialog::getSaveFileName(parent, tr("Save run"), last.isEmpty() ? QString("run.") + kRunSuffix : last,
                                     tr("DeepMapper runs (*.dmrun);;Run record JSON (*.json)"));
    return withSuffix(path, QString(".") + kRunSuffix);
}

QString chooseRankingFile(QWidget* parent) {
    QString filter;
    const QString path = QFileDialog::getSaveFileName(
        parent, tr("Export ranked genes"), "ranking.csv",
        tr("CSV (*.csv);;TSV (*.tsv);;Gene list, top-k (*.txt);;Excel workbook (*.xlsx)"), &filter);
    return withSuffix(path, filter.section("*", 1).section(")", 0, 0));
}

QString chooseFolder(QWidget* parent, const QString& title) { return QFileDialog::getExistingDirectory(parent, title); }

QString chooseH5adToWrite(QWidget* parent) {
    const QString path = QFileDialog::getSaveFileName(parent, tr("Export results into .h5ad"), "deepmapper_results.h5ad",
                                                      tr("AnnData (*.h5ad)"));
    return withSuffix(path, ".h5ad");
}

}  // namespace dm::ui
