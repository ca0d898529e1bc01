#pragma once
// The ranked feature table: rank, gene, id, the gene's mean expression (so a ranking that
// follows abundance shows), selection frequency, median importance, mean rank, for all
// classes pooled or for one class (then with the direction and, once the
// Wilcoxon test has run, its log2 fold change, pct in/out and adjusted p beside them).
// Sorted by the proxy in the view; numbers are returned as numbers so they sort.
#include "run_types.h"

#include <QAbstractTableModel>

#include <memory>

namespace dm {
struct StandardMethods;
}

namespace dm::ui {

class RankingModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Rank, Gene, GeneId, MeanExpression, Frequency, Median, MeanRank,  // expression beside the gene, in view
        Direction, Log2FC, PctIn, PctOut, PAdj,  // one class only
        Linear, ColumnCount
    };
    static constexpr int FeatureRole = Qt::UserRole + 1;  // feature index of a row

    explicit RankingModel(QObject* parent = nullptr);

    void setFindings(const FindingsPtr& findings);
    // Per-feature linear baseline importance (empty: column left blank).
    void setLinearImportance(std::vector<double> importance);
    bool hasLinearImportance() const { return !linear_.empty(); }
    const FindingsPtr& findings() const { return findings_; }
    // -1: all classes pooled; else the class whose own ranking the rows show.
    void setClass(int cls);
    int currentClass() const { return class_; }
    // The Wilcoxon test's rows (nullptr: not run); shown for one class.
    void setStandardMethods(std::shared_ptr<const StandardMethods> methods);
    bool hasDifferentialColumns() const { return methods_ && class_ >= 0; }
    // Findings::meanExpression is known (not in records written before it existed).
    bool hasMeanExpression() const { return findings_ && !findings_->meanExpression.empty(); }
    const std::vector<RankedFeature>& rows() const { return rows_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void rebuildRows();
    QVariant differential(const RankedFeature& f, int column, bool display) const;

    FindingsPtr findings_;
    int class_ = -1;
    std::shared_ptr<const StandardMethods> methods_;
    std::vector<RankedFeature> rows_;
    std::vector<double> linear_;
};

}  // namespace dm::ui
