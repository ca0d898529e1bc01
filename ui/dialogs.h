#pragma once
// Small dialogs of the main window: sorted populations, figure export options, About.
#include "data/readers.h"

#include <QDialog>

class QComboBox;
class QSpinBox;
class QTableWidget;

namespace dm::ui {

// Several 10x sources, each with a population label, merged on shared genes.
class PopulationsDialog : public QDialog {
    Q_OBJECT
public:
    explicit PopulationsDialog(QWidget* parent = nullptr);
    std::vector<PopulationSource> sources() const;
    int64_t maxPerClass() const;
    // A row as the Add buttons make it; an empty label is guessed from the file name.
    void addSource(const QString& path, const QString& label = {});
    void setMaxPerClass(int64_t cap);

private:
    QTableWidget* table_ = nullptr;
    QSpinBox* cap_ = nullptr;
};

class FigureExportDialog : public QDialog {
    Q_OBJECT
public:
    explicit FigureExportDialog(QWidget* parent = nullptr);
    QString format() const;  // png | svg | pdf
    int dpi() const;

private:
    QComboBox* format_ = nullptr;
    QSpinBox* dpi_ = nullptr;
};

// Help > About: what the application does and the versions of Qt, LibTorch, HDF5, BLAS.
void showAboutDialog(QWidget* parent);

}  // namespace dm::ui
