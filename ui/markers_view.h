#pragma once
// The Markers tab: DeepMapper's per-class rankings beside the standard methods. A class
// selector; a dot plot and a heatmap of the top genes per class; the overlap of each
// method's top K for the selected class ("found only by DeepMapper"); and the held-out
// chord test as an action with its AUC plot. Every plot exports as PNG, SVG or PDF.
// The Wilcoxon test and the linear baseline run on a worker thread when a run's results
// and its data are both present; the chord test too, when asked for.
#include "run_types.h"

#include <QWidget>

#include <memory>

class QCheckBox;
class QComboBox;
class QCustomPlot;
class QLabel;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace dm {
struct StandardMethods;
struct ChordResult;
struct ClassMeans;
struct TopSetOverlap;
}  // namespace dm

namespace dm::ui {

class BackgroundJob;
class RunDocument;
using StandardMethodsPtr = std::shared_ptr<const StandardMethods>;

// What a chord test on the worker thread hands back: its result, or why it failed.
struct ChordOutcome {
    std::shared_ptr<const ChordResult> result;
    QString error;
};

class MarkersView : public QWidget {
    Q_OBJECT
public:
    explicit MarkersView(QWidget* parent = nullptr);
    ~MarkersView() override;

    // Follows the document's findings, input and run configuration; nullptr: none.
    void setDocument(RunDocument* document);

    void setFindings(const FindingsPtr& findings);
    void setInput(const PreparedInputPtr& input);
    // The run's configuration: the chord test's DeepMapper selector trains with it.
    void setRunConfig(const RunConfig& config);

    // -1: all classes pooled; otherwise a class index. Emits classChanged.
    void setCurrentClass(int cls);
    int currentClass() const;

    bool hasClassFindings() const;
    bool standardMethodsReady() const { return methods_ != nullptr; }
    const StandardMethodsPtr& standardMethods() const { return methods_; }
    // Per class with per-class findings: DeepMapper's, Wilcoxon's and linear top K (K = the spin box).
    std::vector<TopSetOverlap> overlaps() const;
    bool hasChordResult() const { return chord_ != nullptr; }
    bool chordRunning() const;

    QComboBox* classSelector() const { return class_; }
    QTabWidget* tabs() const { return tabs_; }
    QCustomPlot* dotPlot() const { return dot_; }
    QCustomPlot* heatmapPlot() const { return heatmap_; }
    QCustomPlot* overlapPlot() const { return overlap_; }
    QCustomPlot* chordPlot() const { return chordPlot_; }
    QPushButton* chordButton() const { return chordRun_; }
    QSpinBox* chordK() const { return chordK_; }
    QSpinBox* chordSeeds() const { return chordSeeds_; }
    QCheckBox* chordDeepMapper() const { return chordDeepMapper_; }
    QLabel* overlapSummary() const { return overlapText_; }
    QLabel* chordStatus() const { return chordStatus_; }
    // The plot of the visible page, and every plot worth a file (for the report folder).
    QCustomPlot* currentPlot() const;
    QList<QPair<QString, QCustomPlot*>> figures() const;

public slots:
    void runChordTest();
    // Asks for a file (PNG, SVG or PDF) and writes the visible plot to it.
    void exportCurrentFigure();

signals:
    void classChanged(int cls);
    void standardMethodsChanged(const dm::ui::StandardMethodsPtr& methods);  // nullptr: cleared
    void chordFinished(bool ok);
    // A gene clicked in the dot plot (its name).
    void geneSelected(const QString& gene);

private:
    void rebuildClassList();
    void startStandardMethods();
    void onStandardMethods(const StandardMethodsPtr& result, const QString& error, int generation);
    void onChordFinished(const ChordOutcome& outcome, int generation);
    void updateStatus();
    void redraw();
    void drawDot();
    void drawHeatmap();
    void drawOverlap();
    int effectiveClass() const;
    QString dotGeneAt(int pixelX) const;  // the dot plot's gene under a widget x, or empty  // the selected class, or the first ranked one when pooled

    RunDocument* document_ = nullptr;
    FindingsPtr findings_;
    PreparedInputPtr input_;
    std::unique_ptr<RunConfig> config_;
    StandardMethodsPtr methods_;
    std::shared_ptr<const ClassMeans> means_;
    std::shared_ptr<const ChordResult> chord_;
    BackgroundJob* chordJob_ = nullptr;  // the chord test under way, or none
    QString methodsError_;                      // why the standard methods failed, or empty
    int generation_ = 0;  // results of an older input are dropped

    QComboBox* class_ = nullptr;
    QSpinBox* perClass_ = nullptr;
    QSpinBox* topK_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    QCustomPlot* dot_ = nullptr;
    std::vector<std::string> dotGenes_;  // the dot plot's columns
    QCustomPlot* heatmap_ = nullptr;
    QCustomPlot* overlap_ = nullptr;
    QCustomPlot* chordPlot_ = nullptr;
    QLabel* overlapText_ = nullptr;
    QLabel* status_ = nullptr;
    QPushButton* chordRun_ = nullptr;
    QSpinBox* chordK_ = nullptr;
    QSpinBox* chordSeeds_ = nullptr;
    QCheckBox* chordDeepMapper_ = nullptr;
    QLabel* chordStatus_ = nullptr;
};

}  // namespace dm::ui

Q_DECLARE_METATYPE(dm::ui::StandardMethodsPtr)
