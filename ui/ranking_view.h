#pragma once
// Tab 4: the ranked feature table (sortable, filterable, copyable), a top-N bar chart,
// and the selected gene's expression per class as a box plot.
#include "run_types.h"

#include <QWidget>

#include <memory>

class QComboBox;
class QCustomPlot;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QSpinBox;
class QTableView;

namespace dm {
struct StandardMethods;
}

namespace dm::ui {

class RankingModel;
class RunDocument;

class RankingView : public QWidget {
    Q_OBJECT
public:
    explicit RankingView(QWidget* parent = nullptr);

    // Follows the document's findings, input and linear baseline; nullptr: none.
    void setDocument(RunDocument* document);

    void setFindings(const FindingsPtr& findings);
    // The matrix and labels the run used, for the per-class expression plot.
    void setInput(const PreparedInputPtr& input);
    void setLinearImportance(std::vector<double> importance);
    void selectFeature(int64_t feature);
    // -1: all classes pooled; else one class's own ranking (with direction and DE columns).
    void setCurrentClass(int cls);
    int currentClass() const;
    // The Wilcoxon rows beside DeepMapper's for one class (nullptr: cleared).
    void setStandardMethods(std::shared_ptr<const StandardMethods> methods);
    QComboBox* classSelector() const { return class_; }

    RankingModel* model() const { return model_; }
    QTableView* table() const { return table_; }
    QLineEdit* filter() const { return filter_; }
    QCustomPlot* barPlot() const { return bars_; }
    QCustomPlot* boxPlot() const { return box_; }
    // Selected rows as tab-separated text with a header (what Copy puts on the clipboard).
    QString selectedRowsText() const;

public slots:
    void copySelection() const;

signals:
    void featureSelected(qint64 feature);  // -1 when the selection is cleared
    void classChanged(int cls);

private:
    void updateBanner();  // the evidence warning and, for one class, whether it had few cells
    void updateBars();
    void updateBox(int64_t feature);
    void onCurrentChanged();
    void rebuildClassList();
    void updateColumns();

    RunDocument* document_ = nullptr;
    RankingModel* model_ = nullptr;
    QSortFilterProxyModel* proxy_ = nullptr;
    QTableView* table_ = nullptr;
    QLineEdit* filter_ = nullptr;
    QComboBox* class_ = nullptr;
    QLabel* banner_ = nullptr;  // weak or no evidence, over the table
    QSpinBox* topN_ = nullptr;
    QCustomPlot* bars_ = nullptr;
    QCustomPlot* box_ = nullptr;
    PreparedInputPtr input_;
    int64_t selected_ = -1;
};

}  // namespace dm::ui
