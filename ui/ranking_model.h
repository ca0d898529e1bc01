#pragma once
// The ranked feature table: rank, gene, id, selection frequency, median importance, mean
// rank. Sorted by the proxy in the view; numbers are returned as numbers so they sort.
#include "run_types.h"

#include <QAbstractTableModel>

namespace dm::ui {

class RankingModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Rank, Gene, GeneId, Frequency, Median, MeanRank, Linear, ColumnCount };
    static constexpr int FeatureRole = Qt::UserRole + 1;  // feature index of a row

    explicit RankingModel(QObject* parent = nullptr);

    void setFindings(const FindingsPtr& findings);
    // Per-feature linear baseline importance (empty: column left blank).
    void setLinearImportance(std::vector<double> importance);
    bool hasLinearImportance() const { return !linear_.empty(); }
    const FindingsPtr& findings() const { return findings_; }
    const std::vector<RankedFeature>& rows() const { return rows_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    FindingsPtr findings_;
    std::vector<RankedFeature> rows_;
    std::vector<double> linear_;
};

}  // namespace dm::ui
