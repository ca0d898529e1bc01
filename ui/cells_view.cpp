#include "cells_view.h"

#include "analysis/cell_expression.h"
#include "analysis/embedding_pca.h"
#include "common/error.h"
#include "common/interrupt.h"
#include "data/embedding_csv.h"
#include "data/preprocess.h"
#include "figure_cell_scatter.h"
#include "figure_cells.h"
#include "figure_export.h"
#include "background_job.h"
#include "run_document.h"

#include <QApplication>
#include <QComboBox>
#include <QTableWidget>
#include <QCompleter>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <cmath>
#include <unordered_map>

namespace dm::ui {

namespace {

// Which embedding to show first: the file's UMAP, else t-SNE / force layout, else the first.
int preferredEmbedding(const std::vector<Embedding>& list) {
    for (const char* want : {"x_umap", "umap", "tsne", "draw_graph"})
        for (size_t i = 0; i < list.size(); ++i) {
            QString n = QString::fromStdString(list[i].name).toLower();
            if (n == want || n.contains(want)) return static_cast<int>(i);
        }
    return list.empty() ? -1 : 0;
}

// The counts check on the first 100,000 stored values (as `deepmapper inspect` does).
bool looksLikeRawCounts(const CsrMatrix& X) {
    const int64_t n = std::min<int64_t>(X.nnz(), 100000);
    if (n == 0) return false;
    for (int64_t k = 0; k < n; ++k) {
        const float v = X.values[static_cast<size_t>(k)];
        if (v < 0 || v != std::floor(v)) return false;
    }
    return true;
}

const char* const kNone = "none";
const char* const kGene = "gene";
const char* const kPrediction = "prediction";
const char* const kCorrect = "correct";
const char* const kModule = "module";

}  // namespace

CellsView::CellsView(QWidget* parent) : QWidget(parent) {
    qRegisterMetaType<dm::Column>();
    buildControls();
}

CellsView::~CellsView() = default;

void CellsView::buildControls() {
    auto* layout = new QVBoxLayout(this);
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Embedding"), this));
    embeddingBox_ = new QComboBox(this);
    embeddingBox_->setObjectName("cellsEmbedding");
    embeddingBox_->setToolTip(tr("The 2-D coordinates: the file's obsm entries (UMAP, t-SNE, PCA, ...), a PCA "
                                 "computed here when the file has none, or a VAE latent"));
    embeddingBox_->setMinimumContentsLength(10);
    bar->addWidget(embeddingBox_);
    xComp_ = new QSpinBox(this);
    yComp_ = new QSpinBox(this);
    xComp_->setObjectName("cellsX");
    yComp_->setObjectName("cellsY");
    xComp_->setPrefix(tr("x: "));
    yComp_->setPrefix(tr("y: "));
    xComp_->setToolTip(tr("Component on the horizontal axis"));
    yComp_->setToolTip(tr("Component on the vertical axis"));
    bar->addWidget(xComp_);
    bar->addWidget(yComp_);
    bar->addSpacing(12);
    bar->addWidget(new QLabel(tr("Colour by"), this));
    colourBox_ = new QComboBox(this);
    colourBox_->setObjectName("cellsColour");
    colourBox_->setToolTip(tr("An obs column, a gene, the held-out prediction (after Evaluate) or a module score"));
    colourBox_->setMinimumContentsLength(14);
    bar->addWidget(colourBox_);
    geneEdit_ = new QLineEdit(this);
    geneEdit_->setObjectName("cellsGene");
    geneEdit_->setPlaceholderText(tr("gene name or id"));
    geneEdit_->setToolTip(tr("Type a gene name or id and press Enter to colour the cells by its expression "
                             "(log-normalized when the matrix holds counts)"));
    geneEdit_->setClearButtonEnabled(true);
    bar->addWidget(geneEdit_);
    moduleK_ = new QSpinBox(this);
    moduleK_->setObjectName("cellsModuleK");
    moduleK_->setRange(1, 1000);
    moduleK_->setValue(20);
    moduleK_->setPrefix(tr("top "));
    moduleK_->setToolTip(tr("Module score: each cell's mean expression (log-normalized for counts) over the top K "
                            "genes of the source chosen beside"));
    moduleSource_ = new QComboBox(this);
    moduleSource_->setObjectName("cellsModuleSource");
    moduleSource_->setToolTip(tr("Where the module's genes come from: the pooled DeepMapper ranking, one class's "
                                 "DeepMapper ranking (genes higher in the class), or one class's markers table "
                                 "(Wilcoxon, genes up in the class)"));
    moduleSource_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    moduleSource_->setMinimumContentsLength(16);
    moduleK_->hide();  // shown with "Module score"
    moduleSource_->hide();
    bar->addStretch(1);
    layout->addLayout(bar);

    // The drawing tools sit on a row of their own above the plot: on one row with the
    // view choices they made the window wider than a 1280-pixel screen.
    auto* tools = new QHBoxLayout;
    auto tool = [this, tools](const QString& text, const QString& tip, Tool t) {
        auto* b = new QToolButton(this);
        b->setText(text);
        b->setToolTip(tip);
        b->setCheckable(true);
        b->setAutoExclusive(true);
        connect(b, &QToolButton::clicked, this, [this, t] { setTool(t); });
        tools->addWidget(b);
        return b;
    };
    panTool_ = tool(tr("Pan"), tr("Drag to pan, wheel to zoom; hover a cell to name it"), Tool::Pan);
    lassoTool_ = tool(tr("Lasso"), tr("Draw around cells to make a new group"), Tool::Lasso);
    rectTool_ = tool(tr("Rectangle"), tr("Drag a rectangle around cells to make a new group"), Tool::Rectangle);
    panTool_->setObjectName("cellsPan");
    lassoTool_->setObjectName("cellsLasso");
    rectTool_->setObjectName("cellsRect");
    // The module score's K and gene source sit here, where the row has room: beside the
    // view choices they made the window wider than the screen.
    tools->addSpacing(12);
    tools->addWidget(moduleK_);
    tools->addWidget(moduleSource_);
    panTool_->setChecked(true);
    auto* figureButton = new QToolButton(this);
    figureButton->setText(tr("Export figure..."));
    figureButton->setToolTip(tr("Save the scatter as PNG, SVG or PDF (points rasterized inside vector axes when many)"));
    connect(figureButton, &QToolButton::clicked, this, &CellsView::chooseExportFigure);
    auto* embedButton = new QToolButton(this);
    embedButton->setObjectName("cellsAddEmbedding");
    embedButton->setText(tr("Add embedding..."));
    embedButton->setToolTip(tr("Show the VAE latent and PCA of a `deepmapper embed` output (its embedding.csv)"));
    connect(embedButton, &QToolButton::clicked, this, &CellsView::chooseEmbedOutput);
    tools->addStretch(1);
    tools->addWidget(embedButton);
    tools->addWidget(figureButton);

    auto* row = new QHBoxLayout;
    auto* plotColumn = new QVBoxLayout;
    plotColumn->addLayout(tools);
    plot_ = new QCustomPlot(this);
    plot_->setObjectName("cellsPlot");
    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot_->setMinimumSize(320, 240);
    plot_->layer("overlay")->setMode(QCPLayer::lmBuffered);
    plotColumn->addWidget(plot_, 1);
    hover_ = new QLabel(tr("Open a dataset to see its cells"), this);
    hover_->setObjectName("cellsHover");
    hover_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Long texts (a module's genes, an error) are cut at the plot's width, never widen the window.
    hover_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    plotColumn->addWidget(hover_);
    row->addLayout(plotColumn, 4);

    auto* side = new QVBoxLayout;
    side->addWidget(new QLabel(tr("<b>Groups</b> (lasso or rectangle)"), this));
    groupList_ = new QListWidget(this);
    groupList_->setObjectName("cellsGroups");
    groupList_->setToolTip(tr("Groups drawn on the cells; double-click to rename, select to highlight"));
    side->addWidget(groupList_, 1);
    auto button = [this, side](const QString& text, const QString& tip, const char* name) {
        auto* b = new QPushButton(text, this);
        b->setToolTip(tip);
        b->setObjectName(name);
        side->addWidget(b);
        return b;
    };
    QPushButton* remove = button(tr("Remove group"), tr("Forget the selected group"), "cellsRemoveGroup");
    QPushButton* vsRest = button(tr("Compare with rest"), tr("Which genes separate the selected group from every other "
                                                             "cell (differential test)"), "cellsCompareRest");
    otherGroup_ = new QComboBox(this);
    otherGroup_->setToolTip(tr("The group to compare the selected one with"));
    side->addWidget(otherGroup_);
    QPushButton* vsOther = button(tr("Compare with group"), tr("Which genes separate the selected group from the "
                                                               "group chosen above"), "cellsCompareOther");
    QPushButton* ovr = button(tr("DeepMapper one-vs-rest"), tr("Keep the groups as a column and run DeepMapper on the "
                                                                "selected group against all other cells"), "cellsOneVsRest");
    QPushButton* keep = button(tr("Keep as obs column..."), tr("Add the groups as a categorical obs column: a label "
                                                               "for the next run, written to the exported .h5ad"), "cellsKeep");
    QPushButton* csv = button(tr("Export CSV..."), tr("Cell names and their group, one per line"), "cellsCsv");
    side->addStretch(0);
    row->addLayout(side, 1);
    layout->addLayout(row, 1);

    connect(embeddingBox_, qOverload<int>(&QComboBox::activated), this, [this] { redraw(); });
    connect(xComp_, qOverload<int>(&QSpinBox::valueChanged), this, [this] { redraw(); });
    connect(yComp_, qOverload<int>(&QSpinBox::valueChanged), this, [this] { redraw(); });
    connect(colourBox_, qOverload<int>(&QComboBox::activated), this, [this] { onColourChosen(); });
    connect(geneEdit_, &QLineEdit::returnPressed, this, [this] { colourByGene(geneEdit_->text().trimmed()); });
    connect(moduleK_, qOverload<int>(&QSpinBox::valueChanged), this, [this] {
        if (colourBox_->currentData().toString() == kModule) onColourChosen();
    });
    connect(moduleSource_, qOverload<int>(&QComboBox::activated), this, [this] {
        if (colourBox_->currentData().toString() == kModule) onColourChosen();
    });
    connect(plot_, &QCustomPlot::mousePress, this, &CellsView::onMousePress);
    connect(plot_, &QCustomPlot::mouseMove, this, &CellsView::onMouseMove);
    connect(plot_, &QCustomPlot::mouseRelease, this, &CellsView::onMouseRelease);
    connect(groupList_, &QListWidget::currentRowChanged, this, &CellsView::highlightGroup);
    connect(groupList_, &QListWidget::itemDoubleClicked, this, [this](QListWidgetItem* item) {
        const int g = groupList_->row(item);
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Rename group"), tr("Name:"), QLineEdit::Normal,
                                                   QString::fromStdString(groups_.names()[static_cast<size_t>(g)]), &ok);
        if (ok) renameGroup(g, name.trimmed());
    });
    connect(remove, &QPushButton::clicked, this, [this] { removeGroup(groupList_->currentRow()); });
    connect(vsRest, &QPushButton::clicked, this, [this] { compareSelected(false); });
    connect(vsOther, &QPushButton::clicked, this, [this] { compareSelected(true); });
    connect(ovr, &QPushButton::clicked, this, [this] {
        const int g = groupList_->currentRow();
        if (g < 0) return showError(tr("Select a group first."));
        const QString column = "cells_groups";
        if (!dataset_->obs.find(column.toStdString()) && !keepGroupsAsColumn(column)) return;
        emit oneVsRestRequested(column, QString::fromStdString(groups_.names()[static_cast<size_t>(g)]));
    });
    connect(keep, &QPushButton::clicked, this, &CellsView::chooseKeepColumn);
    connect(csv, &QPushButton::clicked, this, &CellsView::chooseExportCsv);
}

// ---- data in --------------------------------------------------------------------------------

void CellsView::setDocument(RunDocument* document) {
    if (document_) disconnect(document_, nullptr, this, nullptr);
    document_ = document;
    if (!document_) return;
    // The same dataset object again (a kept group column arrives first through
    // setDatasetKeepingView): nothing to redraw.
    connect(document_, &RunDocument::datasetChanged, this, [this](const DatasetPtr& ds) {
        if (ds != dataset_) setDataset(ds);
    });
    connect(document_, &RunDocument::findingsChanged, this, &CellsView::setFindings);
    connect(document_, &RunDocument::evaluationChanged, this, [this](const EvaluationPtr& e) {
        setEvaluation(e, evaluationInput_ ? evaluationInput_ : document_->input());
    });
    setDataset(document_->dataset());
    setFindings(document_->findings());
}

void CellsView::setDataset(const DatasetPtr& dataset) {
    dataset_ = dataset;
    embeddings_.clear();
    expression_.reset();
    yTrue_.clear();
    yPred_.clear();
    predClasses_.clear();
    values_.clear();
    codes_.clear();
    groups_ = CellGroups(dataset ? dataset->cells() : 0);
    if (!dataset) {
        refreshEmbeddingBox();
        refreshColourBox();
        refreshGroupList();
        redraw();
        return;
    }
    embeddings_ = dataset->embeddings;
    hover_->setText(tr("%1 cells. Hover a cell to name it; Lasso or Rectangle draws a group").arg(dataset->cells()));
    expression_ = std::make_unique<CellExpression>(dataset->X, looksLikeRawCounts(dataset->X));
    QStringList genes;
    for (const auto& g : dataset->geneNames) genes << QString::fromStdString(g);
    for (const auto& g : dataset->geneIds) genes << QString::fromStdString(g);
    auto* completer = new QCompleter(genes, geneEdit_);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchStartsWith);
    completer->setMaxVisibleItems(15);
    connect(completer, qOverload<const QString&>(&QCompleter::activated), this,
            [this](const QString& g) { colourByGene(g); });
    if (geneEdit_->completer()) geneEdit_->completer()->deleteLater();
    geneEdit_->setCompleter(completer);
    refreshEmbeddingBox();
    refreshColourBox();
    refreshGroupList();
    redraw();
    if (labelColumn_.isEmpty() || !colourByObs(labelColumn_)) {
        for (const auto& c : dataset->obs.columns())
            if (c.kind == Column::Kind::Categorical && colourByObs(QString::fromStdString(c.name))) break;
    }
    computePcaIfNone();
}

void CellsView::setDatasetKeepingView(const DatasetPtr& dataset) {
    if (!dataset_ || !dataset || dataset->cells() != dataset_->cells()) return setDataset(dataset);
    dataset_ = dataset;
    expression_ = std::make_unique<CellExpression>(dataset_->X, expression_ && expression_->normalized());
    refreshColourBox();
}

// The file has no obsm coordinates: a PCA of the normalized matrix, off the GUI thread.
void CellsView::computePcaIfNone() {
    if (!embeddings_.empty() || !dataset_ || dataset_->cells() < 2 || dataset_->genes() < 2) return;
    hover_->setText(tr("The file has no embedding (obsm); computing a PCA of the normalized matrix..."));
    const DatasetPtr ds = dataset_;
    const bool normalize = expression_->normalized();
    const int generation = ++computing_;
    BackgroundJob::startOneOff(QStringLiteral("cells: PCA"), this,
                               [this, ds, normalize, generation](BackgroundJob* job, const CancelToken& cancel) {
        std::shared_ptr<Embedding> e;
        QString error;
        try {
            const InterruptScope stop([&cancel] { return cancel.cancelled(); });  // closing a 20k x 20k file
            e = std::make_shared<Embedding>(computePcaEmbedding(ds->X, normalize, 16, 0));
        } catch (const Cancelled&) {
            return;  // stopped (window closing or another dataset): nothing to show
        } catch (const std::exception& ex) {
            error = QString::fromStdString(ex.what());
        }
        job->post([this, ds, e, error, generation] { onPcaComputed(ds, e, error, generation); });
    });
}

void CellsView::onPcaComputed(const DatasetPtr& ds, const std::shared_ptr<Embedding>& e, const QString& error,
                              int generation) {
    if (generation != computing_ || ds != dataset_) return;  // another dataset since
    if (!e) {
        hover_->setText(tr("No embedding: the PCA failed: %1").arg(error));
        return;
    }
    addEmbedding(*e);
    hover_->setText(tr("PCA computed (%1 components) on the %2 matrix")
                        .arg(e->cols)
                        .arg(expression_ && expression_->normalized() ? tr("log-normalized") : tr("stored")));
}

void CellsView::addEmbedding(const Embedding& embedding) {
    if (!dataset_ || embedding.rows != dataset_->cells()) return;
    for (auto& e : embeddings_)
        if (e.name == embedding.name) {
            e = embedding;
            refreshEmbeddingBox();
            redraw();
            return;
        }
    const bool first = embeddings_.empty();
    embeddings_.push_back(embedding);
    refreshEmbeddingBox();
    if (first) {
        redraw();
        onColourChosen();
    }
    emit embeddingsChanged();
}

void CellsView::setLabelColumn(const QString& column) { labelColumn_ = column; }

void CellsView::setFindings(const FindingsPtr& findings) {
    findings_ = findings;
    refreshColourBox();
    refreshModuleSources();
}

void CellsView::setMarkers(const std::shared_ptr<const StandardMethods>& markers) {
    markers_ = markers;
    refreshModuleSources();
}

// Item data: "pooled", "class:<c>" or "markers:<c>" (c indexes the run's classes).
void CellsView::refreshModuleSources() {
    const QString keep = moduleSource_->currentData().toString();
    moduleSource_->clear();
    if (!findings_) return;
    moduleSource_->addItem(tr("DeepMapper, pooled"), "pooled");
    for (size_t c = 0; c < findings_->classNames.size(); ++c) {
        const QString name = QString::fromStdString(findings_->classNames[c]);
        if (c < findings_->byClass.size() && findings_->byClass[c].passes > 0)
            moduleSource_->addItem(tr("DeepMapper, %1").arg(name), QString("class:%1").arg(c));
    }
    if (markers_)
        for (size_t c = 0; c < findings_->classNames.size() && c < markers_->wilcoxonOrders.size(); ++c)
            if (!markers_->wilcoxonOrders[c].empty())
                moduleSource_->addItem(tr("Markers, %1").arg(QString::fromStdString(findings_->classNames[c])),
                                       QString("markers:%1").arg(c));
    const int at = moduleSource_->findData(keep);
    moduleSource_->setCurrentIndex(at >= 0 ? at : 0);
}

std::vector<int64_t> CellsView::datasetRowsOf(const std::vector<std::string>& names) const {
    std::unordered_map<std::string, int64_t> index;
    for (size_t i = 0; i < dataset_->cellNames.size(); ++i) index.emplace(dataset_->cellNames[i], static_cast<int64_t>(i));
    std::vector<int64_t> rows;
    rows.reserve(names.size());
    for (const auto& n : names) {
        const auto it = index.find(n);
        rows.push_back(it == index.end() ? -1 : it->second);
    }
    return rows;
}

void CellsView::setEvaluation(const EvaluationPtr& evaluation, const PreparedInputPtr& input) {
    yTrue_.clear();
    yPred_.clear();
    predClasses_.clear();
    if (!dataset_ || !evaluation || !input) return refreshColourBox();
    std::vector<std::string> names;
    for (int64_t r : evaluation->testCells) names.push_back(input->data.cellNames[static_cast<size_t>(r)]);
    const std::vector<int64_t> rows = datasetRowsOf(names);
    yTrue_.assign(static_cast<size_t>(dataset_->cells()), -1);
    yPred_.assign(static_cast<size_t>(dataset_->cells()), -1);
    for (size_t i = 0; i < rows.size(); ++i) {
        if (rows[i] < 0) continue;
        yTrue_[static_cast<size_t>(rows[i])] = static_cast<int32_t>(evaluation->yTrue[i]);
        yPred_[static_cast<size_t>(rows[i])] = static_cast<int32_t>(evaluation->yPred[i]);
    }
    predClasses_ = evaluation->classes;
    refreshColourBox();
}

// ---- controls -------------------------------------------------------------------------------

void CellsView::refreshEmbeddingBox() {
    const QString keep = embeddingBox_->currentText();
    embeddingBox_->clear();
    for (const auto& e : embeddings_)
        embeddingBox_->addItem(QString("%1 (%2)").arg(QString::fromStdString(e.name)).arg(e.cols),
                               QString::fromStdString(e.name));
    int pick = embeddingBox_->findText(keep);
    if (pick < 0) pick = preferredEmbedding(embeddings_);
    embeddingBox_->setCurrentIndex(pick);
}

void CellsView::refreshColourBox() {
    const QString keep = colourBox_->currentData().toString();
    colourBox_->clear();
    colourBox_->addItem(tr("(one colour)"), kNone);
    if (dataset_)
        for (const auto& c : dataset_->obs.columns())
            if (c.kind != Column::Kind::String)
                colourBox_->addItem(QString::fromStdString(c.name), "obs:" + QString::fromStdString(c.name));
    colourBox_->addItem(tr("Gene (type a name)"), kGene);
    if (!predClasses_.empty()) {
        colourBox_->addItem(tr("Held-out prediction"), kPrediction);
        colourBox_->addItem(tr("Prediction correct"), kCorrect);
    }
    if (findings_) colourBox_->addItem(tr("Module score (top genes)"), kModule);
    const int at = colourBox_->findData(keep);
    colourBox_->setCurrentIndex(at >= 0 ? at : 0);
}

void CellsView::refreshGroupList() {
    const int keep = groupList_->currentRow();
    groupList_->blockSignals(true);
    groupList_->clear();
    otherGroup_->clear();
    for (size_t g = 0; g < groups_.names().size(); ++g) {
        auto* item = new QListWidgetItem(QString("%1 (%2 cells)")
                                             .arg(QString::fromStdString(groups_.names()[g]))
                                             .arg(groups_.count(static_cast<int>(g))));
        item->setForeground(QColor::fromRgb(categoryColour(static_cast<int>(g))));
        groupList_->addItem(item);
        otherGroup_->addItem(QString::fromStdString(groups_.names()[g]));
    }
    groupList_->setCurrentRow(std::min(keep, groupList_->count() - 1));
    groupList_->blockSignals(false);
}

QStringList CellsView::embeddingNames() const {
    QStringList out;
    for (const auto& e : embeddings_) out << QString::fromStdString(e.name);
    return out;
}

QString CellsView::currentEmbedding() const { return embeddingBox_->currentData().toString(); }

bool CellsView::setEmbedding(const QString& name, int xComponent, int yComponent) {
    const int at = embeddingBox_->findData(name);
    if (at < 0) return false;
    embeddingBox_->setCurrentIndex(at);
    xComp_->blockSignals(true);
    yComp_->blockSignals(true);
    const auto& e = embeddings_[static_cast<size_t>(at)];
    xComp_->setRange(1, static_cast<int>(e.cols));
    yComp_->setRange(1, static_cast<int>(e.cols));
    xComp_->setValue(xComponent + 1);
    yComp_->setValue(yComponent + 1);
    xComp_->blockSignals(false);
    yComp_->blockSignals(false);
    redraw();
    return true;
}

// Points from the chosen embedding and components; the colouring is kept.
void CellsView::redraw() {
    const int at = embeddingBox_->currentIndex();
    if (!dataset_ || at < 0 || at >= static_cast<int>(embeddings_.size()) ||
        embeddings_[static_cast<size_t>(at)].cols < 2) {
        plot_->clearPlottables();
        scatter_ = nullptr;
        outlineCurve_ = nullptr;
        plot_->replot();
        return;
    }
    const Embedding& e = embeddings_[static_cast<size_t>(at)];
    xComp_->blockSignals(true);
    yComp_->blockSignals(true);
    xComp_->setRange(1, static_cast<int>(e.cols));
    yComp_->setRange(1, static_cast<int>(e.cols));
    if (xComp_->value() == yComp_->value()) yComp_->setValue(xComp_->value() == 1 ? 2 : 1);
    xComp_->blockSignals(false);
    yComp_->blockSignals(false);
    const int cx = xComp_->value() - 1, cy = yComp_->value() - 1;
    const bool keepView = scatter_ && plot_->property("dmEmbedding").toString() == currentEmbedding() &&
                          plot_->property("dmComponents").toPoint() == QPoint(cx, cy);
    const QCPRange xr = plot_->xAxis->range(), yr = plot_->yAxis->range();
    CellsFigure f;
    f.x = e.component(cx);
    f.y = e.component(cy);
    f.xLabel = QString::fromStdString(e.componentLabel(cx));
    f.yLabel = QString::fromStdString(e.componentLabel(cy));
    scatter_ = drawCells(plot_, f);
    outlineCurve_ = new QCPCurve(plot_->xAxis, plot_->yAxis);
    outlineCurve_->setLayer("overlay");
    outlineCurve_->setPen(QPen(QColor(40, 40, 40), 1.5, Qt::DashLine));
    outlineCurve_->removeFromLegend();
    if (keepView) {
        plot_->xAxis->setRange(xr);
        plot_->yAxis->setRange(yr);
    }
    plot_->setProperty("dmEmbedding", currentEmbedding());
    plot_->setProperty("dmComponents", QPoint(cx, cy));
    onColourChosen();
}

void CellsView::applyColouring(const CellColouring& colouring) {
    title_ = colouring.title;
    if (!scatter_) return;
    recolourCells(plot_, scatter_, colouring);
    plot_->replot();
}

void CellsView::onColourChosen() {
    const QString mode = colourBox_->currentData().toString();
    geneEdit_->setVisible(true);
    moduleK_->setVisible(mode == kModule);
    moduleSource_->setVisible(mode == kModule);
    if (mode.startsWith("obs:")) colourByObs(mode.mid(4));
    else if (mode == kGene) {
        if (!geneEdit_->text().trimmed().isEmpty()) colourByGene(geneEdit_->text().trimmed());
        else geneEdit_->setFocus();
    } else if (mode == kPrediction) colourByPrediction();
    else if (mode == kCorrect) colourByCorrectness();
    else if (mode == kModule) {
        const QString source = moduleSource_->currentData().toString();
        const int cls = source.section(':', 1).toInt();
        if (source.startsWith("class:")) colourByModuleScore(moduleK_->value(), ModuleSource::DeepMapperClass, cls);
        else if (source.startsWith("markers:")) colourByModuleScore(moduleK_->value(), ModuleSource::Markers, cls);
        else colourByModuleScore(moduleK_->value());
    }
    else {
        CellColouring c;
        values_.clear();
        codes_.clear();
        applyColouring(c);
    }
}

QString CellsView::colouringTitle() const { return title_; }

bool CellsView::colourByObs(const QString& column) {
    if (!dataset_) return false;
    const Column* c = dataset_->obs.find(column.toStdString());
    if (!c || c->kind == Column::Kind::String) return false;
    CellColouring colouring;
    colouring.title = column;
    geneEdit_->clear();  // a gene name left there would read as part of this colouring
    values_.clear();
    codes_.clear();
    categories_.clear();
    if (c->kind == Column::Kind::Categorical) {
        colouring.kind = CellColouring::Kind::Categorical;
        for (const auto& cat : c->categories) colouring.categories.push_back(QString::fromStdString(cat));
        colouring.codes = c->codes;
        codes_ = c->codes;
        categories_ = colouring.categories;
    } else {
        colouring.kind = CellColouring::Kind::Numeric;
        colouring.values.assign(c->numbers.begin(), c->numbers.end());
        values_ = colouring.values;
    }
    colourBox_->setCurrentIndex(std::max(0, colourBox_->findData("obs:" + column)));
    applyColouring(colouring);
    return true;
}

bool CellsView::colourByGene(const QString& nameOrId) {
    if (!dataset_ || !expression_ || nameOrId.isEmpty()) return false;
    const int64_t g = findGene(dataset_->geneNames, dataset_->geneIds, nameOrId.toStdString());
    if (g < 0) {
        hover_->setText(tr("No gene '%1' in this dataset; type a name or id from the list").arg(nameOrId));
        return false;
    }
    CellColouring c;
    c.kind = CellColouring::Kind::Numeric;
    const QString name = QString::fromStdString(dataset_->geneNames[static_cast<size_t>(g)]);
    c.title = expression_->normalized() ? tr("%1 (log-normalized)").arg(name) : name;
    c.values = expression_->gene(g);
    values_ = c.values;
    codes_.clear();
    geneEdit_->setText(name);
    colourBox_->setCurrentIndex(std::max(0, colourBox_->findData(kGene)));
    applyColouring(c);
    return true;
}

void CellsView::showGene(const QString& name) { colourByGene(name); }

bool CellsView::colourByPrediction() {
    if (predClasses_.empty()) return false;
    CellColouring c;
    c.kind = CellColouring::Kind::Categorical;
    c.title = tr("held-out prediction");
    for (const auto& k : predClasses_) c.categories.push_back(QString::fromStdString(k));
    c.codes = yPred_;
    codes_ = c.codes;
    categories_ = c.categories;
    values_.clear();
    colourBox_->setCurrentIndex(std::max(0, colourBox_->findData(kPrediction)));
    applyColouring(c);
    return true;
}

bool CellsView::colourByCorrectness() {
    if (predClasses_.empty()) return false;
    CellColouring c;
    c.kind = CellColouring::Kind::Categorical;
    c.title = tr("prediction correct");
    c.categories = {tr("correct"), tr("wrong")};
    c.codes.assign(yTrue_.size(), -1);
    for (size_t i = 0; i < yTrue_.size(); ++i)
        if (yTrue_[i] >= 0) c.codes[i] = yTrue_[i] == yPred_[i] ? 0 : 1;
    codes_ = c.codes;
    categories_ = c.categories;
    values_.clear();
    colourBox_->setCurrentIndex(std::max(0, colourBox_->findData(kCorrect)));
    applyColouring(c);
    return true;
}

bool CellsView::colourByModuleScore(int k, ModuleSource source, int cls) {
    if (!findings_ || !expression_ || !dataset_) return false;
    std::vector<int64_t> genes;
    ModuleGeneSet set;
    try {
        set = moduleGenes(*findings_, markers_.get(), source, cls, static_cast<size_t>(std::max(1, k)));
        // Matched to the dataset's genes by name: a run may have used a subset of them.
        genes = geneRows(set.genes, dataset_->geneNames);
        if (genes.empty()) throw InputError("none of the " + set.description + " is in the loaded dataset");
    } catch (const Error& e) {
        showError(QString::fromStdString(e.what()));
        return false;
    }
    CellColouring c;
    c.kind = CellColouring::Kind::Numeric;
    c.title = tr("module score: mean of %1").arg(QString::fromStdString(set.description));
    geneEdit_->clear();
    c.values = expression_->moduleScore(genes);
    values_ = c.values;
    codes_.clear();
    colourBox_->setCurrentIndex(std::max(0, colourBox_->findData(kModule)));
    if (moduleK_->value() != k) {
        const QSignalBlocker block(moduleK_);
        moduleK_->setValue(k);
    }
    const QString data = source == ModuleSource::DeepMapperPooled ? QString("pooled")
                         : source == ModuleSource::DeepMapperClass ? QString("class:%1").arg(cls)
                                                                   : QString("markers:%1").arg(cls);
    if (const int at = moduleSource_->findData(data); at >= 0) moduleSource_->setCurrentIndex(at);
    moduleK_->setVisible(true);
    moduleSource_->setVisible(true);
    QString genesText;
    for (size_t i = 0; i < set.genes.size() && i < 8; ++i) genesText += (i ? ", " : "") + QString::fromStdString(set.genes[i]);
    if (set.genes.size() > 8) genesText += ", ...";
    hover_->setText(tr("Module score = each cell's mean expression over the %1: %2").arg(QString::fromStdString(set.description), genesText));
    applyColouring(c);
    return true;
}

bool CellsView::addEmbedOutput(const QString& path) {
    if (!dataset_) return false;
    try {
        const std::vector<Embedding> found = readEmbedOutput(path.toStdString(), dataset_->cellNames);
        for (const Embedding& e : found) addEmbedding(e);
        setEmbedding(QString::fromStdString(found.front().name));
        hover_->setText(tr("Added %1 from %2").arg(found.size() == 2 ? tr("the VAE latent and the PCA") : tr("1 embedding"), path));
        return true;
    } catch (const Error& e) {
        showError(QString::fromStdString(e.what()));
        return false;
    }
}

void CellsView::chooseEmbedOutput() {
    if (!dataset_) return showError(tr("Open the dataset `deepmapper embed` ran on first."));
    const QString path = QFileDialog::getOpenFileName(this, tr("embedding.csv from deepmapper embed"), QString(),
                                                      tr("Embedding (embedding.csv *.csv);;All files (*)"));
    if (!path.isEmpty()) addEmbedOutput(path);
}

// ---- highlight and hover ----------------------------------------------------------------------

void CellsView::highlightPair(int trueClass, int predictedClass) {
    if (!scatter_ || yTrue_.empty()) return;
    std::vector<uint8_t> mask(yTrue_.size(), 0);
    int64_t n = 0;
    for (size_t i = 0; i < mask.size(); ++i)
        if (yTrue_[i] == trueClass && yPred_[i] == predictedClass) mask[i] = 1, ++n;
    scatter_->setHighlight(std::move(mask));
    const auto name = [this](int k) {
        return k >= 0 && k < static_cast<int>(predClasses_.size()) ? QString::fromStdString(predClasses_[static_cast<size_t>(k)])
                                                                    : QString::number(k);
    };
    hover_->setText(tr("%1 held-out cells of class %2 predicted as %3").arg(n).arg(name(trueClass), name(predictedClass)));
    plot_->replot();
}

void CellsView::clearHighlight() {
    if (!scatter_) return;
    scatter_->setHighlight({});
    plot_->replot();
}

QString CellsView::describeCell(int64_t row) const {
    if (!dataset_ || row < 0 || row >= dataset_->cells()) return {};
    QString text = QString::fromStdString(dataset_->cellNames[static_cast<size_t>(row)]);
    if (!labelColumn_.isEmpty())
        if (const Column* c = dataset_->obs.find(labelColumn_.toStdString()); c && c->kind == Column::Kind::Categorical) {
            const int32_t code = c->codes[static_cast<size_t>(row)];
            text += QString("  %1: %2").arg(labelColumn_, code >= 0 ? QString::fromStdString(c->categories[static_cast<size_t>(code)]) : tr("(missing)"));
        }
    if (!title_.isEmpty()) {
        if (!codes_.empty()) {
            const int32_t code = codes_[static_cast<size_t>(row)];
            text += QString("  %1: %2").arg(title_, code >= 0 && code < static_cast<int32_t>(categories_.size())
                                                          ? categories_[static_cast<size_t>(code)]
                                                          : tr("(missing)"));
        } else if (!values_.empty()) {
            text += QString("  %1: %2").arg(title_).arg(values_[static_cast<size_t>(row)], 0, 'g', 4);
        }
    }
    const int32_t group = groups_.codes().empty() ? -1 : groups_.codes()[static_cast<size_t>(row)];
    if (group >= 0) text += tr("  group: %1").arg(QString::fromStdString(groups_.names()[static_cast<size_t>(group)]));
    return text;
}

// ---- mouse: pan (QCustomPlot), hover, lasso and rectangle -------------------------------------

void CellsView::setTool(Tool tool) {
    tool_ = tool;
    plot_->setInteraction(QCP::iRangeDrag, tool == Tool::Pan);
    (tool == Tool::Pan ? panTool_ : tool == Tool::Lasso ? lassoTool_ : rectTool_)->setChecked(true);
    plot_->setCursor(tool == Tool::Pan ? Qt::OpenHandCursor : Qt::CrossCursor);
}

void CellsView::onMousePress(QMouseEvent* e) {
    if (tool_ == Tool::Pan || e->button() != Qt::LeftButton || !scatter_) return;
    drawing_ = true;
    outline_.clear();
    outline_ << e->position();
    if (tool_ == Tool::Rectangle) outline_ << e->position() << e->position() << e->position();
    updateOutline();
}

void CellsView::onMouseMove(QMouseEvent* e) {
    if (drawing_) {
        if (tool_ == Tool::Lasso) {
            outline_ << e->position();
        } else if (outline_.size() == 4) {
            const QPointF a = outline_[0], b = e->position();
            outline_[1] = QPointF(b.x(), a.y());
            outline_[2] = b;
            outline_[3] = QPointF(a.x(), b.y());
        }
        updateOutline();
        return;
    }
    if (!scatter_ || e->buttons() != Qt::NoButton) return;
    const int64_t row = scatter_->pointAt(e->position(), 8.0);
    if (row < 0) {
        QToolTip::hideText();
        return;
    }
    const QString text = describeCell(row);
    hover_->setText(text);
    QToolTip::showText(e->globalPosition().toPoint(), text, plot_);
}

void CellsView::onMouseRelease(QMouseEvent*) {
    if (!drawing_) return;
    drawing_ = false;
    const QPolygonF polygon = outline_;
    outline_.clear();
    updateOutline();
    if (polygon.size() >= 3) addGroupFromPolygon(polygon);
}

// The outline lives on the buffered overlay layer: redrawing it leaves the points' layer alone.
void CellsView::updateOutline() {
    if (!outlineCurve_) return;
    QVector<QCPCurveData> data;
    for (int i = 0; i <= outline_.size(); ++i) {
        if (outline_.isEmpty()) break;
        const QPointF p = outline_[i % outline_.size()];
        data.append(QCPCurveData(i, plot_->xAxis->pixelToCoord(p.x()), plot_->yAxis->pixelToCoord(p.y())));
    }
    outlineCurve_->data()->set(data, true);
    outlineCurve_->layer()->replot();
}

// ---- groups -------------------------------------------------------------------------------------

QString CellsView::nextGroupName() const {
    for (int k = 1;; ++k) {
        const QString name = tr("group %1").arg(k);
        bool taken = false;
        for (const auto& n : groups_.names()) taken = taken || QString::fromStdString(n) == name;
        if (!taken) return name;
    }
}

int CellsView::addGroupFromPolygon(const QPolygonF& pixels, const QString& name) {
    if (!scatter_) return -1;
    const std::vector<int64_t> cells = scatter_->pointsInside(pixels);
    if (cells.empty()) {
        hover_->setText(tr("No cells inside the outline; draw around some cells"));
        return -1;
    }
    int g = -1;
    try {
        g = groups_.add((name.isEmpty() ? nextGroupName() : name).toStdString(), cells);
    } catch (const Error& e) {
        showError(QString::fromStdString(e.what()));
        return -1;
    }
    refreshGroupList();
    groupList_->setCurrentRow(g);
    highlightGroup(g);
    hover_->setText(tr("%1: %2 cells").arg(QString::fromStdString(groups_.names()[static_cast<size_t>(g)])).arg(cells.size()));
    return g;
}

void CellsView::renameGroup(int group, const QString& name) {
    try {
        groups_.rename(group, name.toStdString());
    } catch (const Error& e) {
        return showError(QString::fromStdString(e.what()));
    }
    refreshGroupList();
    hover_->setText(tr("%1: %2 cells").arg(name).arg(groups_.count(group)));
}

void CellsView::removeGroup(int group) {
    if (group < 0) return;
    groups_.remove(group);
    refreshGroupList();
    clearHighlight();
}

void CellsView::highlightGroup(int group) {
    if (!scatter_) return;
    if (group < 0 || group >= static_cast<int>(groups_.names().size())) return clearHighlight();
    std::vector<uint8_t> mask(groups_.codes().size(), 0);
    for (size_t i = 0; i < mask.size(); ++i) mask[i] = groups_.codes()[i] == group;
    scatter_->setHighlight(std::move(mask));
    plot_->replot();
}

bool CellsView::keepGroupsAsColumn(const QString& column) {
    if (!dataset_) return false;
    try {
        const Column c = groups_.toColumn(column.toStdString(), dataset_->obs);
        emit groupsColumnReady(c);
        hover_->setText(tr("Groups kept as obs column '%1': choose it as the label of the next run").arg(column));
        return true;
    } catch (const Error& e) {
        showError(QString::fromStdString(e.what()));
        return false;
    }
}

bool CellsView::exportGroupsCsv(const QString& path) {
    if (!dataset_) return false;
    try {
        if (groups_.names().empty()) throw InputError("there are no groups to export; draw a group on the cells first");
        groups_.writeCsv(path.toStdString(), dataset_->cellNames);
        return true;
    } catch (const Error& e) {
        showError(QString::fromStdString(e.what()));
        return false;
    }
}

bool CellsView::exportFigure(const QString& path, int dpi) {
    try {
        saveFigure(plot_, path, dpi);
        return true;
    } catch (const Error& e) {
        showError(QString::fromStdString(e.what()));
        return false;
    }
}

void CellsView::compareSelected(bool withOther) {
    const int g = groupList_->currentRow();
    if (g < 0) return showError(tr("Select a group first."));
    const QString name = QString::fromStdString(groups_.names()[static_cast<size_t>(g)]);
    QString other;
    if (withOther) {
        other = otherGroup_->currentText();
        if (other.isEmpty() || other == name) return showError(tr("Choose another group to compare with."));
    }
    emit compareRequested(QString(), name, other);
    compareGroup(g, other);
}

bool CellsView::compareGroup(int group, const QString& other) {
    if (!dataset_ || group < 0 || group >= static_cast<int>(groups_.names().size())) return false;
    int otherIndex = -1;
    for (size_t k = 0; k < groups_.names().size(); ++k)
        if (!other.isEmpty() && QString::fromStdString(groups_.names()[k]) == other) otherIndex = static_cast<int>(k);
    if (!other.isEmpty() && otherIndex < 0) return showError(tr("There is no group '%1'.").arg(other)), false;
    // Group 0: the chosen one; 1: every other cell, or the other group (the rest left out).
    std::vector<int32_t> membership(groups_.codes().size());
    for (size_t i = 0; i < membership.size(); ++i) {
        const int32_t c = groups_.codes()[i];
        membership[i] = c == group ? 0 : (otherIndex < 0 ? 1 : (c == otherIndex ? 1 : -1));
    }
    const std::string name = groups_.names()[static_cast<size_t>(group)];
    const std::vector<std::string> names = {name, otherIndex < 0 ? std::string("rest") : other.toStdString()};
    try {
        QApplication::setOverrideCursor(Qt::WaitCursor);
        DeOptions o;
        o.test = DeTest::Wilcoxon;
        DeResult r;
        if (expression_ && expression_->normalized()) {
            CsrMatrix X = dataset_->X;  // the test reads log-normalized values, as Seurat's data slot
            normalizeTotalLog1p(X);
            r = compareGroups(X, membership, names, {0}, dataset_->geneNames, o);
        } else {
            r = compareGroups(dataset_->X, membership, names, {0}, dataset_->geneNames, o);
        }
        QApplication::restoreOverrideCursor();
        if (r.comparisons.empty()) throw InputError("the comparison produced no result");
        comparison_ = r.comparisons.front();
    } catch (const std::exception& e) {
        QApplication::restoreOverrideCursor();
        showError(QString::fromUtf8(e.what()));
        return false;
    }
    QStringList top;
    for (size_t k = 0; k < comparison_.genes.size() && k < 10; ++k)
        top << QString::fromStdString(dataset_->geneNames[static_cast<size_t>(comparison_.genes[k].gene)]);
    hover_->setText(tr("%1 vs %2 (Wilcoxon): %3").arg(QString::fromStdString(name), QString::fromStdString(names[1]),
                                                      top.join(", ")));
    if (interactive_) {
        auto* table = new QTableWidget(0, 5);
        table->setAttribute(Qt::WA_DeleteOnClose);
        table->setWindowTitle(tr("%1 vs %2: Wilcoxon rank-sum, log-normalized")
                                  .arg(QString::fromStdString(name), QString::fromStdString(names[1])));
        table->setHorizontalHeaderLabels({tr("gene"), tr("avg log2FC"), tr("pct in"), tr("pct out"), tr("p adj (Bonferroni)")});
        for (size_t k = 0; k < comparison_.genes.size() && k < 100; ++k) {
            const GeneDe& d = comparison_.genes[k];
            const int row = table->rowCount();
            table->insertRow(row);
            table->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(dataset_->geneNames[static_cast<size_t>(d.gene)])));
            table->setItem(row, 1, new QTableWidgetItem(QString::number(d.avgLog2FC, 'f', 3)));
            table->setItem(row, 2, new QTableWidgetItem(QString::number(d.pct1, 'f', 3)));
            table->setItem(row, 3, new QTableWidgetItem(QString::number(d.pct2, 'f', 3)));
            table->setItem(row, 4, new QTableWidgetItem(QString::number(d.pAdjBonferroni, 'g', 3)));
        }
        connect(table, &QTableWidget::cellDoubleClicked, this, [this, table](int row) {
            colourByGene(table->item(row, 0)->text());
        });
        table->resize(620, 480);
        table->show();
    }
    return true;
}

void CellsView::chooseKeepColumn() {
    bool ok = false;
    const QString column = QInputDialog::getText(this, tr("Keep groups as an obs column"), tr("Column name:"),
                                                 QLineEdit::Normal, "cells_groups", &ok);
    if (ok) keepGroupsAsColumn(column.trimmed());
}

void CellsView::chooseExportCsv() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export groups"), "groups.csv", tr("CSV (*.csv)"));
    if (!path.isEmpty()) exportGroupsCsv(path);
}

void CellsView::chooseExportFigure() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export cells figure"), "cells.png",
                                                      tr("PNG (*.png);;SVG (*.svg);;PDF (*.pdf)"));
    if (!path.isEmpty()) exportFigure(path);
}

void CellsView::showError(const QString& message) {
    hover_->setText(message);
    emit errorShown(message);
    if (interactive_) QMessageBox::warning(this, tr("Cells"), message);
}

}  // namespace dm::ui
