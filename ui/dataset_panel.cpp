#include "dataset_panel.h"

#include "data/preprocess.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QListWidget>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace dm::ui {

DatasetPanel::DatasetPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* data = new QGroupBox(tr("Source"), this);
    auto* df = new QFormLayout(data);
    summary_ = new QLabel(tr("No dataset open. Use File > Open (Ctrl+O) or drop a file onto the window."), this);
    summary_->setObjectName("panelSummary");
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    df->addRow(summary_);
    matrix_ = new QComboBox(this);
    matrix_->setObjectName("matrixCombo");
    matrix_->setToolTip(tr("Which matrix of the file is analysed: X, raw.X or a layer (changing it reloads the file)"));
    df->addRow(tr("Matrix"), matrix_);
    counts_ = new QLabel(this);
    counts_->setObjectName("countsVerdict");
    counts_->setWordWrap(true);
    df->addRow(tr("Values"), counts_);
    normalize_ = new QCheckBox(tr("Normalize total + log1p"), this);
    normalize_->setObjectName("normalizeCheck");
    normalize_->setToolTip(tr("scanpy normalize_total(1e4) then log1p, as for raw counts. Leave off when the "
                              "matrix is already normalized."));
    df->addRow(normalize_);
    layout->addWidget(data);

    auto* labels = new QGroupBox(tr("Labels"), this);
    auto* lf = new QFormLayout(labels);
    label_ = new QComboBox(this);
    label_->setObjectName("labelCombo");
    label_->setToolTip(tr("The obs column whose classes (cell states) the network learns to separate"));
    lf->addRow(tr("Label column"), label_);
    classes_ = new QListWidget(this);
    classes_->setObjectName("classList");
    classes_->setToolTip(tr("Untick classes to leave their cells out of the run"));
    classes_->setMaximumHeight(160);
    lf->addRow(classes_);
    oneVsRest_ = new QComboBox(this);
    oneVsRest_->setObjectName("oneVsRestCombo");
    oneVsRest_->setToolTip(tr("Merge every other class into one, to find what separates one class from all"));
    lf->addRow(tr("One vs rest"), oneVsRest_);
    cap_ = new QSpinBox(this);
    cap_->setObjectName("capSpin");
    cap_->setRange(0, 100000000);
    cap_->setSpecialValueText(tr("all cells"));
    cap_->setSingleStep(100);
    cap_->setToolTip(tr("At most this many cells per class (seeded subsample), for a quick look"));
    lf->addRow(tr("Cells per class"), cap_);
    cellCount_ = new QLabel(this);
    cellCount_->setObjectName("cellCount");
    cellCount_->setWordWrap(true);
    lf->addRow(cellCount_);
    layout->addWidget(labels);
    layout->addStretch();

    connect(matrix_, &QComboBox::activated, this, [this] { emit matrixRequested(matrix_->currentText()); });
    connect(normalize_, &QCheckBox::toggled, this, &DatasetPanel::changed);
    connect(label_, &QComboBox::currentIndexChanged, this, [this] {
        fillClasses();
        emit changed();
    });
    connect(classes_, &QListWidget::itemChanged, this, &DatasetPanel::updateCount);
    connect(oneVsRest_, &QComboBox::currentIndexChanged, this, &DatasetPanel::updateCount);
    connect(cap_, qOverload<int>(&QSpinBox::valueChanged), this, &DatasetPanel::updateCount);
    setDataset(nullptr);
}

void DatasetPanel::setDataset(const DatasetPtr& dataset, const QStringList& matrices) {
    dataset_ = dataset;
    const QSignalBlocker b1(label_), b2(matrix_);
    label_->clear();
    matrix_->clear();
    setEnabled(true);
    for (QWidget* w : std::initializer_list<QWidget*>{matrix_, normalize_, label_, classes_, oneVsRest_, cap_})
        w->setEnabled(dataset != nullptr);
    if (!dataset) {
        counts_->clear();
        fillClasses();
        return;
    }
    const Dataset& ds = *dataset;
    summary_->setText(tr("<b>%1</b><br>%2 cells x %3 genes, %4% non-zero")
                          .arg(QFileInfo(QString::fromStdString(ds.source)).fileName().toHtmlEscaped())
                          .arg(ds.cells())
                          .arg(ds.genes())
                          .arg(100.0 * ds.X.density(), 0, 'f', 1));
    summary_->setToolTip(QString::fromStdString(ds.source));
    const QString current = QString::fromStdString(ds.matrix);
    matrix_->addItems(matrices.isEmpty() ? QStringList{current} : matrices);
    matrix_->setCurrentText(current);
    matrix_->setEnabled(matrices.size() > 1);
    const CountsCheck check = looksLikeCounts(ds.X);
    counts_->setText(QString::fromStdString(check.verdict) +
                     tr(" (range %1 to %2)").arg(check.min, 0, 'g', 4).arg(check.max, 0, 'g', 4));
    normalize_->setChecked(check.rawCounts);
    for (const Column& c : ds.obs.columns()) {
        if (c.kind == Column::Kind::Categorical) {
            label_->addItem(tr("%1 (%2 classes)").arg(QString::fromStdString(c.name)).arg(c.categories.size()),
                            QString::fromStdString(c.name));
        } else if (c.kind == Column::Kind::String) {
            label_->addItem(tr("%1 (text)").arg(QString::fromStdString(c.name)), QString::fromStdString(c.name));
        }
    }
    if (label_->count() == 0) label_->setPlaceholderText(tr("no categorical obs column"));
    label_->setCurrentIndex(label_->count() > 0 ? 0 : -1);
    fillClasses();
    emit changed();
}

void DatasetPanel::setLabelColumn(const QString& column) {
    const int i = label_->findData(column);
    if (i >= 0) label_->setCurrentIndex(i);
}

QString DatasetPanel::labelColumn() const { return label_->currentData().toString(); }

void DatasetPanel::fillClasses() {
    const QSignalBlocker b1(classes_), b2(oneVsRest_);
    classes_->clear();
    oneVsRest_->clear();
    oneVsRest_->addItem(tr("off (all classes kept apart)"), QString());
    if (dataset_ && !labelColumn().isEmpty()) {
        try {
            const Labels labels = labelsFromColumn(*dataset_, labelColumn().toStdString());
            const auto counts = labels.counts();
            for (size_t k = 0; k < labels.classes.size(); ++k) {
                const QString name = QString::fromStdString(labels.classes[k]);
                auto* item = new QListWidgetItem(tr("%1 (%2 cells)").arg(name).arg(counts[k]), classes_);
                item->setData(Qt::UserRole, name);
                item->setData(Qt::UserRole + 1, qlonglong(counts[k]));
                item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
                item->setCheckState(Qt::Checked);
                oneVsRest_->addItem(name, name);
            }
        } catch (const std::exception& e) {
            cellCount_->setText(QString::fromStdString(e.what()));
        }
    }
    updateCount();
}

DataChoice DatasetPanel::choice() const {
    DataChoice c;
    c.labelColumn = labelColumn().toStdString();
    for (int i = 0; i < classes_->count(); ++i)
        if (classes_->item(i)->checkState() != Qt::Checked)
            c.excludedClasses.push_back(classes_->item(i)->data(Qt::UserRole).toString().toStdString());
    c.oneVsRest = oneVsRest_->currentData().toString().toStdString();
    c.normalize = normalize_->isChecked();
    c.perClassCap = cap_->value();
    return c;
}

QString DatasetPanel::problem() const {
    if (!dataset_) return tr("Open a dataset first (File > Open, or File > Try the demo dataset).");
    if (labelColumn().isEmpty())
        return tr("This dataset has no categorical obs column to use as labels.");
    int kept = 0;
    for (int i = 0; i < classes_->count(); ++i) kept += classes_->item(i)->checkState() == Qt::Checked;
    if (oneVsRest_->currentIndex() <= 0 && kept < 2) return tr("Tick at least two classes.");
    return {};
}

void DatasetPanel::updateCount() {
    classes_->setEnabled(dataset_ && oneVsRest_->currentIndex() <= 0);
    const QString p = problem();
    if (!p.isEmpty()) {
        cellCount_->setText(p);
    } else {
        const qint64 cap = cap_->value();
        auto capped = [cap](qint64 n) { return cap > 0 ? std::min(n, cap) : n; };
        qint64 cells = 0, target = 0, total = 0;
        const QString ovr = oneVsRest_->currentData().toString();
        for (int i = 0; i < classes_->count(); ++i) {
            const qint64 n = classes_->item(i)->data(Qt::UserRole + 1).toLongLong();
            total += n;
            if (classes_->item(i)->data(Qt::UserRole).toString() == ovr) target = n;
            if (classes_->item(i)->checkState() == Qt::Checked) cells += capped(n);
        }
        if (!ovr.isEmpty()) cells = capped(target) + capped(total - target);
        cellCount_->setText(tr("%1 cells in the run").arg(cells));
    }
    emit changed();
}

void DatasetPanel::setOneVsRest(const QString& cls) {
    const int at = oneVsRest_->findData(cls);
    if (at >= 0) oneVsRest_->setCurrentIndex(at);
}

}  // namespace dm::ui
