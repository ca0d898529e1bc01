#include "ranking_view.h"

#include "engine/class_evidence.h"

#include "run_document.h"

#include "figure_common.h"
#include "figure_top_genes.h"
#include "plot_style.h"
#include "ranking_model.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>

#include <cmath>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>

namespace dm::ui {

namespace {

// Five-number summary with Tukey whiskers, for display only.
struct BoxStats {
    double lower = 0, q1 = 0, median = 0, q3 = 0, upper = 0;
};

double quantile(const std::vector<double>& sorted, double q) {
    if (sorted.empty()) return 0;
    const double pos = q * double(sorted.size() - 1);
    const size_t i = size_t(pos);
    const double frac = pos - double(i);
    return i + 1 < sorted.size() ? sorted[i] * (1 - frac) + sorted[i + 1] * frac : sorted[i];
}

BoxStats boxStats(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    BoxStats s;
    if (v.empty()) return s;
    s.q1 = quantile(v, 0.25);
    s.median = quantile(v, 0.5);
    s.q3 = quantile(v, 0.75);
    const double iqr = s.q3 - s.q1;
    s.lower = *std::lower_bound(v.begin(), v.end(), s.q1 - 1.5 * iqr);
    s.upper = *(std::upper_bound(v.begin(), v.end(), s.q3 + 1.5 * iqr) - 1);
    return s;
}

}  // namespace

RankingView::RankingView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QHBoxLayout(this);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    layout->addWidget(splitter);

    auto* left = new QWidget(splitter);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(new QLabel(tr("Class:"), left));
    class_ = new QComboBox(left);
    class_->setObjectName("rankingClass");
    class_->setToolTip(tr("All classes pooled, or one class's own ranking: that class attributed on its own, with "
                          "the direction and the Wilcoxon test beside it"));
    class_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    class_->addItem(tr("All classes (pooled)"), -1);
    filterRow->addWidget(class_);
    // Over the ranking when the classes were not told apart better than chance: a list
    // delivered without that warning would look as trustworthy as a good one.
    banner_ = new QLabel(left);
    banner_->setObjectName("evidenceBanner");
    banner_->setWordWrap(true);
    banner_->setStyleSheet("QLabel { background: #fff3cd; color: #664d03; border: 1px solid #e0c36a; padding: 6px; }");
    banner_->hide();
    leftLayout->addWidget(banner_);
    filter_ = new QLineEdit(left);
    filter_->setObjectName("rankingFilter");
    filter_->setPlaceholderText(tr("Search genes..."));
    filter_->setClearButtonEnabled(true);
    filter_->setToolTip(tr("Show only genes whose name or id contains this text"));
    filterRow->addWidget(filter_, 1);
    leftLayout->addLayout(filterRow);
    model_ = new RankingModel(this);
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(Qt::EditRole);  // numbers sort as numbers
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy_->setFilterKeyColumn(-1);
    table_ = new QTableView(left);
    table_->setObjectName("rankingTable");
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(RankingModel::Rank, Qt::AscendingOrder);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table_->verticalHeader()->setVisible(false);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setAlternatingRowColors(true);
    table_->setToolTip(tr("Genes ranked by selection frequency; click a header to sort, Ctrl+C copies rows"));
    leftLayout->addWidget(table_, 1);
    connect(filter_, &QLineEdit::textChanged, proxy_, [this](const QString& text) {
        proxy_->setFilterFixedString(text);
    });
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &RankingView::onCurrentChanged);
    connect(class_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
        const int64_t keep = selected_;
        model_->setClass(currentClass());
        updateBanner();
        table_->sortByColumn(RankingModel::Rank, Qt::AscendingOrder);
        updateColumns();
        updateBars();
        if (keep >= 0) selectFeature(keep);
        emit classChanged(currentClass());
    });

    auto* right = new QWidget(splitter);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto* topRow = new QHBoxLayout;
    topRow->addWidget(new QLabel(tr("Top genes shown:"), right));
    topN_ = new QSpinBox(right);
    topN_->setObjectName("topNSpin");
    topN_->setRange(5, 100);
    topN_->setValue(20);
    topN_->setToolTip(tr("How many of the top-ranked genes the bar chart shows"));
    topRow->addWidget(topN_);
    topRow->addStretch();
    rightLayout->addLayout(topRow);
    bars_ = new QCustomPlot(right);
    bars_->setObjectName("topNPlot");
    bars_->setToolTip(tr("Share of accepted passes that put each gene in their top-k"));
    rightLayout->addWidget(bars_, 1);
    box_ = new QCustomPlot(right);
    box_->setObjectName("expressionPlot");
    style::apply(box_);
    box_->yAxis->setLabel(tr("expression"));  // the title says which values: longer, it was cut off
    box_->plotLayout()->insertRow(0);
    box_->plotLayout()->addElement(0, 0, new QCPTextElement(box_, tr("Select a gene to see its expression per class")));
    rightLayout->addWidget(box_, 1);
    connect(topN_, qOverload<int>(&QSpinBox::valueChanged), this, &RankingView::updateBars);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({600, 400});
}

void RankingView::setDocument(RunDocument* document) {
    if (document_ == document) return;
    if (document_) document_->disconnect(this);
    document_ = document;
    if (!document_) return;
    connect(document_, &RunDocument::findingsChanged, this, &RankingView::setFindings);
    connect(document_, &RunDocument::inputChanged, this, &RankingView::setInput);
    connect(document_, &RunDocument::linearImportanceChanged, this,
            [this](const std::vector<double>& importance) { setLinearImportance(importance); });
}

static QString evidenceWarning(const Findings& f) {
    const std::string e = f.evidence();
    if (e == "none")
        return RankingView::tr("No pass beat chance: the classes could not be told apart from these genes, so there is "
                               "no ranking. Train longer, use more cells per class, or check the label column.");
    if (e == "weak") {
        return RankingView::tr("Weak evidence: %1 of %2 passes beat chance, %3. Treat this ranking with caution.")
            .arg(f.accepted)
            .arg(f.tries)
            .arg(QString::fromStdString(f.accuracySummary()));
    }
    return {};
}

// Over the table when one class's own ranking rests on few cells (engine/class_evidence.h).
static QString classWarning(const Findings& f, int cls) {
    if (cls < 0 || size_t(cls) >= f.byClass.size()) return {};
    const ClassFindings& c = f.byClass[size_t(cls)];
    if (!classHasFewCells(c)) return {};
    const QString name = size_t(cls) < f.classNames.size() ? QString::fromStdString(f.classNames[size_t(cls)])
                                                           : RankingView::tr("this class");
    if (c.passes == 0)
        return RankingView::tr("No accepted pass attributed a cell of %1, so it has no ranking of its own.").arg(name);
    return RankingView::tr("Few cells: the ranking of %1 rests on %2 attributed held-out cells per pass (%3 over %4 "
                           "passes). A gene high in one of them can top it: read it as a hint, check it against the "
                           "Wilcoxon columns, or add cells of this class.")
        .arg(name)
        .arg(classCellsPerPass(c), 0, 'f', 1)
        .arg(c.cells)
        .arg(c.passes);
}

void RankingView::updateBanner() {
    const FindingsPtr& f = model_->findings();
    QStringList warnings;
    if (f) warnings << evidenceWarning(*f) << classWarning(*f, currentClass());
    warnings.removeAll(QString());
    banner_->setText(warnings.join("\n\n"));
    banner_->setVisible(!warnings.isEmpty());
}

void RankingView::setFindings(const FindingsPtr& findings) {
    const int64_t keep = selected_;
    model_->setFindings(findings);
    rebuildClassList();
    updateBanner();
    model_->setClass(currentClass());
    table_->setColumnHidden(RankingModel::GeneId, !findings || findings->featureIds.empty());
    updateColumns();
    updateBars();
    if (keep >= 0) selectFeature(keep);
}

void RankingView::rebuildClassList() {
    const QSignalBlocker block(class_);
    const int keep = currentClass();
    class_->clear();
    class_->addItem(tr("All classes (pooled)"), -1);
    const FindingsPtr& f = model_->findings();
    if (f && f->accepted > 0)
        for (size_t c = 0; c < f->byClass.size(); ++c) {
            const QString name = QString::fromStdString(c < f->classNames.size() ? f->classNames[c] : std::to_string(c));
            class_->addItem(f->byClass[c].passes > 0 ? name : tr("%1 (no attributed cell)").arg(name), int(c));
        }
    const int at = class_->findData(keep);
    class_->setCurrentIndex(at >= 0 ? at : 0);
    class_->setEnabled(class_->count() > 1);
}

int RankingView::currentClass() const { return class_->count() ? class_->currentData().toInt() : -1; }

void RankingView::setCurrentClass(int cls) {
    const int at = class_->findData(cls);
    if (at >= 0 && at != class_->currentIndex()) class_->setCurrentIndex(at);
}

void RankingView::setStandardMethods(std::shared_ptr<const StandardMethods> methods) {
    model_->setStandardMethods(std::move(methods));
    updateColumns();
}

void RankingView::updateColumns() {
    const bool perClass = model_->currentClass() >= 0;
    table_->setColumnHidden(RankingModel::Direction, !perClass);
    table_->setColumnHidden(RankingModel::MeanExpression, !model_->hasMeanExpression());
    for (int c : {RankingModel::Log2FC, RankingModel::PctIn, RankingModel::PctOut, RankingModel::PAdj})
        table_->setColumnHidden(c, !model_->hasDifferentialColumns());
    table_->setColumnHidden(RankingModel::Linear, !model_->hasLinearImportance());
}

void RankingView::setLinearImportance(std::vector<double> importance) {
    model_->setLinearImportance(std::move(importance));
    table_->setColumnHidden(RankingModel::Linear, !model_->hasLinearImportance());
}

void RankingView::setInput(const PreparedInputPtr& input) {
    input_ = input;
    updateBox(selected_);
}

void RankingView::selectFeature(int64_t feature) {
    for (int r = 0; r < proxy_->rowCount(); ++r) {
        const QModelIndex idx = proxy_->index(r, 0);
        if (idx.data(RankingModel::FeatureRole).toLongLong() == feature) {
            table_->selectionModel()->setCurrentIndex(
                idx, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            table_->scrollTo(idx);
            return;
        }
    }
}

void RankingView::onCurrentChanged() {
    const QModelIndex idx = table_->selectionModel()->currentIndex();
    const int64_t feature = idx.isValid() ? idx.data(RankingModel::FeatureRole).toLongLong() : -1;
    if (feature == selected_) return;
    selected_ = feature;
    updateBox(feature);
    emit featureSelected(feature);
}

void RankingView::updateBars() {
    const FindingsPtr& f = model_->findings();
    drawTopGenes(bars_, topGenesData(model_->rows(), size_t(topN_->value()), f ? f->accepted : 0));
    replotView(bars_);
}

void RankingView::updateBox(int64_t feature) {
    box_->clearPlottables();
    auto* title = qobject_cast<QCPTextElement*>(box_->plotLayout()->element(0, 0));
    const bool ok = input_ && feature >= 0 && feature < input_->data.X.cols;
    if (!ok) {
        if (title) title->setText(tr("Select a gene to see its expression per class"));
        replotView(box_);
        return;
    }
    const size_t k = input_->classes.size();
    std::vector<std::vector<double>> perClass(k);
    const CsrMatrix& X = input_->data.X;
    for (int64_t r = 0; r < X.rows; ++r) {
        const int64_t c = input_->y[size_t(r)];
        if (c >= 0 && size_t(c) < k) perClass[size_t(c)].push_back(X.at(r, feature));
    }
    auto* boxes = new QCPStatisticalBox(box_->xAxis, box_->yAxis);
    boxes->setBrush(QColor(0, 114, 178, 60));
    boxes->setMedianPen(QPen(style::rejected(), 2));
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (size_t c = 0; c < k; ++c) {
        const BoxStats s = boxStats(perClass[c]);
        boxes->addData(double(c + 1), s.lower, s.q1, s.median, s.q3, s.upper);
        ticker->addTick(double(c + 1), QString::fromStdString(input_->classes[c]));
    }
    box_->xAxis->setTicker(ticker);
    const bool slanted = k > 5;
    box_->xAxis->setTickLabelRotation(slanted ? 45 : 0);
    // A slanted label starts at its tick and runs right: room for the last one, which the
    // plot's edge otherwise cut off whole (pbmc68k's tenth class had no label).
    const int lastWidth = QFontMetrics(box_->xAxis->tickLabelFont()).horizontalAdvance(
        k ? QString::fromStdString(input_->classes.back()) : QString());
    box_->axisRect()->setMinimumMargins(QMargins(0, 0, slanted ? int(lastWidth * 0.72) + 6 : 0, 0));
    box_->xAxis->setRange(0.4, double(k) + 0.6);
    box_->rescaleAxes(true);
    box_->xAxis->setRange(0.4, double(k) + 0.6);
    box_->yAxis->scaleRange(1.1);
    if (title)
        title->setText(tr("%1: expression per class, as analysed%2")
                           .arg(QString::fromStdString(input_->data.geneNames[size_t(feature)]),
                                input_->normalized ? tr(" (normalized, log1p)") : QString()));
    replotView(box_);
}

QString RankingView::selectedRowsText() const {
    QModelIndexList rows = table_->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    QStringList lines;
    QStringList header;
    for (int c = 0; c < proxy_->columnCount(); ++c) header << proxy_->headerData(c, Qt::Horizontal).toString().replace('\n', ' ');
    lines << header.join('\t');
    for (const QModelIndex& row : rows) {
        QStringList cells;
        for (int c = 0; c < proxy_->columnCount(); ++c) cells << proxy_->index(row.row(), c).data().toString();
        lines << cells.join('\t');
    }
    return lines.join('\n') + '\n';
}

void RankingView::copySelection() const {
    if (table_->selectionModel()->selectedRows().isEmpty()) return;
    QApplication::clipboard()->setText(selectedRowsText());
}

}  // namespace dm::ui
