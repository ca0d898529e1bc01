#include "ranking_model.h"

namespace dm::ui {

RankingModel::RankingModel(QObject* parent) : QAbstractTableModel(parent) {}

void RankingModel::setFindings(const FindingsPtr& findings) {
    beginResetModel();
    findings_ = findings;
    rows_ = findings_ && findings_->accepted > 0 ? findings_->ranking() : std::vector<RankedFeature>{};
    endResetModel();
}

void RankingModel::setLinearImportance(std::vector<double> importance) {
    beginResetModel();
    linear_ = std::move(importance);
    endResetModel();
}

int RankingModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(rows_.size()); }

int RankingModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant RankingModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= int(rows_.size())) return {};
    const RankedFeature& f = rows_[size_t(index.row())];
    if (role == FeatureRole) return qlonglong(f.feature);
    if (role == Qt::TextAlignmentRole)
        return index.column() == Gene || index.column() == GeneId ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                                                  : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::DisplayRole || role == Qt::EditRole) {
        const bool display = role == Qt::DisplayRole;
        switch (index.column()) {
            case Rank: return index.row() + 1;
            case Gene: return QString::fromStdString(f.name);
            case GeneId: return QString::fromStdString(f.id);
            case Frequency: return display ? QVariant(QString::number(f.selectionFrequency, 'f', 3)) : QVariant(f.selectionFrequency);
            case Median: return display ? QVariant(QString::number(f.medianImportance, 'g', 4)) : QVariant(f.medianImportance);
            case MeanRank: return display ? QVariant(QString::number(f.meanRank, 'f', 1)) : QVariant(f.meanRank);
            case Linear: {
                if (f.feature < 0 || size_t(f.feature) >= linear_.size()) return {};
                const double v = linear_[size_t(f.feature)];
                return display ? QVariant(QString::number(v, 'g', 4)) : QVariant(v);
            }
        }
    }
    if (role == Qt::ToolTipRole && index.column() == Frequency)
        return tr("Fraction of accepted passes in which %1 was among the top-k genes")
            .arg(QString::fromStdString(f.name));
    return {};
}

QVariant RankingModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
            case Rank: return tr("Rank");
            case Gene: return tr("Gene");
            case GeneId: return tr("Gene id");
            case Frequency: return tr("Selection frequency");
            case Median: return tr("Median importance");
            case MeanRank: return tr("Mean rank");
            case Linear: return tr("Linear importance");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
            case Rank: return tr("Position by selection frequency, then median importance");
            case Frequency: return tr("Fraction of accepted passes that put the gene in their top-k");
            case Median: return tr("Median over accepted passes of the gene's mean |attribution|");
            case MeanRank: return tr("Borda: the gene's mean rank over accepted passes (lower is better)");
            case Linear: return tr("Largest |coefficient| of the linear baseline (standardized genes, L2 logistic regression)");
        }
    }
    return {};
}

}  // namespace dm::ui
