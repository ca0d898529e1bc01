#pragma once
// Tab "Cells": the cells on a 2-D embedding (the file's obsm UMAP/t-SNE/PCA, else a PCA
// computed here, plus a run's VAE latent), coloured by an obs column, a gene, the held-out
// prediction or its correctness, or a module score; hover names a cell; lasso and
// rectangle draw named groups that can be compared, kept as an obs column or exported.
// The science (expression values, PCA, groups, differential tests) lives in core/.
#include "analysis/differential.h"
#include "data/cell_groups.h"
#include "engine/module_genes.h"
#include "run_types.h"

#include <QPolygonF>
#include <QWidget>

#include <memory>
#include <optional>

class QComboBox;
class QCustomPlot;
class QCPCurve;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QToolButton;
class QMouseEvent;
class QWheelEvent;

namespace dm {
class CellExpression;
}

namespace dm::ui {

class CellScatter;
class RunDocument;
struct CellColouring;

class CellsView : public QWidget {
    Q_OBJECT
public:
    enum class Tool { Pan, Lasso, Rectangle };

    explicit CellsView(QWidget* parent = nullptr);
    ~CellsView() override;

    // Follows the document's dataset, findings and evaluation; nullptr: none.
    void setDocument(RunDocument* document);
    // The prepared input an evaluation ran on (its cells are matched by name).
    void setEvaluationInput(const PreparedInputPtr& input) { evaluationInput_ = input; }

    // A new dataset: its embeddings (or a computed PCA when it has none), obs columns,
    // genes; groups, predictions and highlights reset.
    void setDataset(const DatasetPtr& dataset);
    // The same cells with more obs columns (a kept group column): view and groups stay.
    void setDatasetKeepingView(const DatasetPtr& dataset);
    // Extra embeddings (a VAE latent, a run's PCA), one row per dataset cell.
    void addEmbedding(const Embedding& embedding);
    // The VAE latent and PCA of a `deepmapper embed` output (embedding.csv or its folder),
    // matched to the dataset's cells by name; false + message on a bad file.
    bool addEmbedOutput(const QString& path);
    // The run's label column: hover names it, "Colour by" starts on it.
    void setLabelColumn(const QString& column);
    // The ranking a module score takes its top K genes from.
    void setFindings(const FindingsPtr& findings);
    // The markers table (Wilcoxon per class) a module score can take its genes from.
    void setMarkers(const std::shared_ptr<const StandardMethods>& markers);
    // The held-out prediction; cells are matched to the dataset by name.
    void setEvaluation(const EvaluationPtr& evaluation, const PreparedInputPtr& input);

    // ---- what a user does (also the test hooks) ------------------------------------------
    QStringList embeddingNames() const;
    bool setEmbedding(const QString& name, int xComponent = 0, int yComponent = 1);
    QString currentEmbedding() const;
    bool colourByObs(const QString& column);
    bool colourByGene(const QString& nameOrId);
    bool colourByPrediction();
    bool colourByCorrectness();
    // Mean expression over a gene set: the top k of the pooled DeepMapper ranking, of class
    // `cls`'s own ranking, or of its markers table (engine/module_genes.h says exactly).
    bool colourByModuleScore(int k, ModuleSource source = ModuleSource::DeepMapperPooled, int cls = -1);
    QComboBox* moduleSourceBox() const { return moduleSource_; }
    void setTool(Tool tool);
    // Cells inside a polygon in widget pixels become a new group; returns its index or -1.
    int addGroupFromPolygon(const QPolygonF& pixels, const QString& name = QString());
    const CellGroups& groups() const { return groups_; }
    void renameGroup(int group, const QString& name);
    void removeGroup(int group);
    void highlightGroup(int group);
    // A categorical obs column of the groups (emits groupsColumnReady); false + message
    // (dialog when interactive) on a bad name.
    bool keepGroupsAsColumn(const QString& column);
    bool exportGroupsCsv(const QString& path);
    bool exportFigure(const QString& path, int dpi = 150);
    // Wilcoxon test of a group against every other cell (other empty) or another group,
    // on the log-normalized matrix (analysis/differential); the result is listed in a
    // window when interactive and kept in lastComparison().
    bool compareGroup(int group, const QString& other = QString());
    const DeComparison& lastComparison() const { return comparison_; }

    QCustomPlot* plot() const { return plot_; }
    CellScatter* scatter() const { return scatter_; }
    QComboBox* embeddingBox() const { return embeddingBox_; }
    QComboBox* colourBox() const { return colourBox_; }
    QLineEdit* geneEdit() const { return geneEdit_; }
    QListWidget* groupList() const { return groupList_; }
    QLabel* hoverLabel() const { return hover_; }
    QString colouringTitle() const;
    // The current numeric colouring per cell (a gene, a module score); empty otherwise.
    const std::vector<float>& cellValues() const { return values_; }
    // The hover text for cell `row` (name, label, current value).
    QString describeCell(int64_t row) const;
    void setInteractive(bool on) { interactive_ = on; }

public slots:
    // Linked views: a gene picked in the ranking, the attribution map or a dot plot.
    void showGene(const QString& name);
    // A confusion-matrix cell: highlight the held-out cells of this true / predicted pair.
    void highlightPair(int trueClass, int predictedClass);
    void clearHighlight();

signals:
    void embeddingsChanged();
    // A group column to add to the dataset (the next run can use it as its label).
    void groupsColumnReady(const dm::Column& column);
    // Compare a group against the rest (other < 0) or against another group.
    void compareRequested(const QString& column, const QString& group, const QString& other);
    // A DeepMapper one-vs-rest run of a group (after it is kept as a column).
    void oneVsRestRequested(const QString& column, const QString& group);
    void errorShown(const QString& message);

private:
    void buildControls();
    void refreshEmbeddingBox();
    void refreshColourBox();
    void refreshGroupList();
    void redraw();
    void applyColouring(const CellColouring& colouring);
    void onColourChosen();
    void onMousePress(QMouseEvent* e);
    void onMouseMove(QMouseEvent* e);
    void onMouseRelease(QMouseEvent* e);
    void updateOutline();
    void showError(const QString& message);
    void computePcaIfNone();
    void onPcaComputed(const DatasetPtr& ds, const std::shared_ptr<Embedding>& e, const QString& error, int generation);
    std::vector<int64_t> datasetRowsOf(const std::vector<std::string>& names) const;
    QString nextGroupName() const;
    void chooseKeepColumn();
    void chooseExportCsv();
    void chooseExportFigure();
    void compareSelected(bool withOther);
    void refreshModuleSources();
    void chooseEmbedOutput();

    RunDocument* document_ = nullptr;
    PreparedInputPtr evaluationInput_;
    DatasetPtr dataset_;
    std::vector<Embedding> embeddings_;
    std::unique_ptr<CellExpression> expression_;
    FindingsPtr findings_;
    std::shared_ptr<const StandardMethods> markers_;
    QString labelColumn_;
    // Held-out prediction per dataset row: -1 where the cell was not evaluated.
    std::vector<int32_t> yTrue_, yPred_;
    std::vector<std::string> predClasses_;
    CellGroups groups_;
    DeComparison comparison_;
    std::vector<float> values_;  // the current numeric colouring, per cell (hover)
    std::vector<int32_t> codes_;  // the current categorical colouring
    std::vector<QString> categories_;
    QString title_;
    Tool tool_ = Tool::Pan;
    bool drawing_ = false;
    QPolygonF outline_;  // lasso / rectangle in widget pixels while drawing
    bool interactive_ = true;
    int computing_ = 0;

    QComboBox* embeddingBox_ = nullptr;
    QSpinBox* xComp_ = nullptr;
    QSpinBox* yComp_ = nullptr;
    QComboBox* colourBox_ = nullptr;
    QLineEdit* geneEdit_ = nullptr;
    QSpinBox* moduleK_ = nullptr;
    QComboBox* moduleSource_ = nullptr;
    QToolButton *panTool_ = nullptr, *lassoTool_ = nullptr, *rectTool_ = nullptr;
    QCustomPlot* plot_ = nullptr;
    CellScatter* scatter_ = nullptr;
    QCPCurve* outlineCurve_ = nullptr;
    QLabel* hover_ = nullptr;
    QListWidget* groupList_ = nullptr;
    QComboBox* otherGroup_ = nullptr;
};

}  // namespace dm::ui

Q_DECLARE_METATYPE(dm::Column)
