#pragma once
// What is open and how it goes into the run: shape, sparsity, matrix, counts check with
// the normalize option, the label column with class counts, classes kept or one class
// against the rest, and a per-class cap on cells.
#include "prepare_input.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;
class QSpinBox;

namespace dm::ui {

class DatasetPanel : public QWidget {
    Q_OBJECT
public:
    explicit DatasetPanel(QWidget* parent = nullptr);

    // `matrices`: the matrices the file offers ("X", "raw.X", "layer:NAME"); empty for
    // sources that have one.
    void setDataset(const DatasetPtr& dataset, const QStringList& matrices = {});
    DataChoice choice() const;
    void setLabelColumn(const QString& column);
    QString labelColumn() const;
    // One class of the label column against all others ("" turns it off).
    void setOneVsRest(const QString& cls);
    // Cells the run will use with the current choices, and a reason when it cannot run.
    QString problem() const;

signals:
    void changed();
    void matrixRequested(QString matrix);  // the user picked another matrix of the file

private:
    void fillClasses();
    void updateCount();

    QLabel* summary_ = nullptr;
    QComboBox* matrix_ = nullptr;
    QLabel* counts_ = nullptr;
    QCheckBox* normalize_ = nullptr;
    QComboBox* label_ = nullptr;
    QListWidget* classes_ = nullptr;
    QComboBox* oneVsRest_ = nullptr;
    QSpinBox* cap_ = nullptr;
    QLabel* cellCount_ = nullptr;
    DatasetPtr dataset_;
};

}  // namespace dm::ui
