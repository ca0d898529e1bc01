#include "dialogs.h"

#include "engine/runtime.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace dm::ui {

PopulationsDialog::PopulationsDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Add sorted populations"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("One 10x source per sorted population. Each gets a label (edit it in the "
                                    "table); the sources are merged on the genes they share."),
                                 this));
    table_ = new QTableWidget(0, 2, this);
    table_->setHorizontalHeaderLabels({tr("10x source"), tr("Population label")});
    table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    layout->addWidget(table_);
    auto* buttons = new QHBoxLayout;
    auto* addDir = new QPushButton(tr("Add matrix folder..."), this);
    auto* addH5 = new QPushButton(tr("Add .h5 file..."), this);
    auto* remove = new QPushButton(tr("Remove"), this);
    buttons->addWidget(addDir);
    buttons->addWidget(addH5);
    buttons->addWidget(remove);
    buttons->addStretch();
    layout->addLayout(buttons);
    auto* form = new QFormLayout;
    cap_ = new QSpinBox(this);
    cap_->setRange(0, 100000000);
    cap_->setSpecialValueText(tr("all cells"));
    cap_->setToolTip(tr("At most this many cells per population (seeded subsample)"));
    form->addRow(tr("Cells per population"), cap_);
    layout->addLayout(form);
    auto* box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(box);
    connect(box, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(addDir, &QPushButton::clicked, this, [this] {
        const QString d = QFileDialog::getExistingDirectory(this, tr("10x matrix folder"));
        if (!d.isEmpty()) addSource(d);
    });
    connect(addH5, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("10x .h5 file"), {}, tr("10x HDF5 (*.h5)"));
        if (!f.isEmpty()) addSource(f);
    });
    connect(remove, &QPushButton::clicked, this, [this] { table_->removeRow(table_->currentRow()); });
    resize(640, 360);
}

void PopulationsDialog::addSource(const QString& path, const QString& label) {
    const int r = table_->rowCount();
    table_->insertRow(r);
    auto* source = new QTableWidgetItem(path);
    source->setFlags(source->flags() & ~Qt::ItemIsEditable);
    table_->setItem(r, 0, source);
    QFileInfo info(path);
    const QString guess = info.isDir() ? info.fileName() : info.completeBaseName();
    table_->setItem(r, 1, new QTableWidgetItem(label.isEmpty() ? guess : label));
}

std::vector<PopulationSource> PopulationsDialog::sources() const {
    std::vector<PopulationSource> out;
    for (int r = 0; r < table_->rowCount(); ++r)
        out.push_back({table_->item(r, 0)->text().toStdString(), table_->item(r, 1)->text().trimmed().toStdString()});
    return out;
}

int64_t PopulationsDialog::maxPerClass() const { return cap_->value(); }
void PopulationsDialog::setMaxPerClass(int64_t cap) { cap_->setValue(int(cap)); }

FigureExportDialog::FigureExportDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Export figures"));
    auto* form = new QFormLayout(this);
    format_ = new QComboBox(this);
    format_->addItem(tr("PNG (bitmap)"), "png");
    format_->addItem(tr("SVG (vector, editable)"), "svg");
    format_->addItem(tr("PDF (vector)"), "pdf");
    form->addRow(tr("Format"), format_);
    dpi_ = new QSpinBox(this);
    dpi_->setRange(72, 1200);
    dpi_->setValue(300);
    dpi_->setSuffix(" dpi");
    dpi_->setToolTip(tr("Resolution of PNG figures; 300 dpi suits most journals"));
    form->addRow(tr("Resolution"), dpi_);
    connect(format_, &QComboBox::currentIndexChanged, this, [this] { dpi_->setEnabled(format() == "png"); });
    auto* box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    form->addRow(box);
    connect(box, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

QString FigureExportDialog::format() const { return format_->currentData().toString(); }
int FigureExportDialog::dpi() const { return dpi_->value(); }

void showAboutDialog(QWidget* parent) {
    QMessageBox::about(parent, QObject::tr("About DeepMapper Studio"),
                       QObject::tr("<h3>DeepMapper Studio</h3><p>Which genes separate your cell states, with every "
                                   "gene kept.</p><pre>%1</pre>")
                           .arg(QString::fromStdString(versionReport(qVersion())).toHtmlEscaped()));
}

}  // namespace dm::ui
