#include "ranking_model.h"

#include "engine/method_comparison.h"

#include <cmath>

namespace dm::ui {

namespace {

// Four significant digits, trailing zeros kept, so a column of numbers lines up
// (QString::number's 'g' would print 1.37 above 1.365).
QString significant(double v) {
    const double a = std::fabs(v);
    if (a == 0) return "0";
    if (a < 1e-3 || a >= 1e5) return QString::number(v, 'e', 3);
    const int decimals = std::max(0, 3 - int(std::floor(std::log10(a))));
    return QString::number(v, 'f', decimals);
}

}  // namespace

RankingModel::RankingModel(QObject* parent) : QAbstractTableModel(parent) {}

void RankingModel::setFindings(const FindingsPtr& findings) {
    beginResetModel();
    findings_ = findings;
    if (!findings_ || class_ >= int(findings_->byClass.size())) class_ = -1;
    rebuildRows();
    endResetModel();
}

void RankingModel::setClass(int cls) {
    beginResetModel();
    class_ = findings_ && cls >= 0 && cls < int(findings_->byClass.size()) ? cls : -1;
    rebuildRows();
    endResetModel();
}

void RankingModel::setStandardMethods(std::shared_ptr<const StandardMethods> methods) {
    beginResetModel();
    methods_ = std::move(methods);
    endResetModel();
}

void RankingModel::rebuildRows() {
    if (!findings_ || findings_->accepted == 0)
        rows_.clear();
    else
        rows_ = class_ >= 0 ? findings_->classRanking(size_t(class_)) : findings_->ranking();
}

QVariant RankingModel::differential(const RankedFeature& f, int column, bool display) const {
    if (column == Direction) {
        if (class_ < 0) return {};
        return f.direction > 0 ? tr("up") : f.direction < 0 ? tr("down") : QString("=");
    }
    const GeneDe* de = methods_ && class_ >= 0 ? methods_->wilcoxonRow(size_t(class_), f.feature) : nullptr;
    if (!de) return {};
    switch (column) {
        case Log2FC: return display ? QVariant(QString::number(de->avgLog2FC, 'f', 3)) : QVariant(de->avgLog2FC);
        case PctIn: return display ? QVariant(QString::number(de->pct1, 'f', 3)) : QVariant(de->pct1);
        case PctOut: return display ? QVariant(QString::number(de->pct2, 'f', 3)) : QVariant(de->pct2);
        case PAdj: {
            // Sorting by log10 p keeps order where p underflows to 0.
            if (!display) return de->pValue > 0 ? QVariant(de->pAdjBonferroni) : QVariant(de->log10P);
            return de->pAdjBonferroni > 0 ? QVariant(QString::number(de->pAdjBonferroni, 'e', 2))
                                          : QVariant(tr("<1e-300"));
        }
    }
    return {};
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
            case Median: return display ? QVariant(significant(f.medianImportance)) : QVariant(f.medianImportance);
            case MeanRank: return display ? QVariant(QString::number(f.meanRank, 'f', 1)) : QVariant(f.meanRank);
            case MeanExpression: {
                if (!hasMeanExpression() || f.feature < 0 || size_t(f.feature) >= findings_->meanExpression.size())
                    return {};
                const double v = findings_->meanExpression[size_t(f.feature)];
                return display ? QVariant(significant(v)) : QVariant(v);
            }
            case Direction:
            case Log2FC:
            case PctIn:
            case PctOut:
            case PAdj: return differential(f, index.column(), display);
            case Linear: {
                if (f.feature < 0 || size_t(f.feature) >= linear_.size()) return {};
                const double v = linear_[size_t(f.feature)];
                return display ? QVariant(significant(v)) : QVariant(v);
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
            // Two lines: the columns are as narrow as their numbers, so all fit beside the charts.
            case Frequency: return tr("Selection\nfrequency");
            case Median: return tr("Median\nimportance");
            case MeanRank: return tr("Mean\nrank");
            case MeanExpression: return tr("Mean\nexpression");
            case Direction: return tr("Direction");
            case Log2FC: return tr("log2FC\n(Wilcoxon)");
            case PctIn: return tr("pct\nin");
            case PctOut: return tr("pct\nout");
            case PAdj: return tr("adjusted\np");
            case Linear: return tr("Linear\nimportance");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
            case Rank: return tr("Position by selection frequency, then median importance");
            case Frequency: return tr("Fraction of accepted passes that put the gene in their top-k");
            case Median: return tr("Median over accepted passes of the gene's mean |attribution|");
            case MeanRank: return tr("Borda: the gene's mean rank over accepted passes (lower is better)");
            case MeanExpression:
                return tr("The gene's mean over the analysed cells (the matrix the model saw, before input scaling). "
                          "Sort by it: a top list full of the most expressed genes follows abundance rather than "
                          "what separates the classes");
            case Direction: return tr("Mean expression higher (up) or lower (down) in the class than in the other cells");
            case Log2FC: return tr("Seurat's avg_log2FC: the class against the rest");
            case PctIn: return tr("Fraction of the class's cells expressing the gene (Seurat's pct.1)");
            case PctOut: return tr("Fraction of the other cells expressing the gene (Seurat's pct.2)");
            case PAdj: return tr("Wilcoxon rank-sum p-value, Bonferroni-adjusted over all genes (Seurat's p_val_adj)");
            case Linear: return tr("Largest |coefficient| of the linear baseline (standardized genes, L2 logistic regression)");
        }
    }
    return {};
}

}  // namespace dm::ui
