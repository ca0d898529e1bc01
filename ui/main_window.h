#pragma once
// DeepMapper Studio's one window: docks (dataset, run configuration, log), the welcome
// page and the view tabs, wired to the open RunDocument. What the window does itself is
// the user's commands (open, run, stop, save, export) and their errors; the document
// holds the results, ViewTabs the views, MainActions the menus, CommandDialogs the file
// dialogs in front of the commands, RunStatus the status bar, RecentFiles the recent
// list, window_settings what is remembered between sessions, and RunController /
// DatasetLoader / LinearBaselineJob the background work.
#include "data/readers.h"
#include "data/synthetic.h"
#include "figure_export.h"
#include "report/run_record.h"
#include "run_types.h"
#include "view_tabs.h"

#include <QMainWindow>

#include <memory>

class QDockWidget;
class QStackedWidget;

namespace dm::ui {

class ActivityLog;
class AttributionView;
class CellsView;
class CommandDialogs;
class ConfusionView;
class DatasetLoader;
class DatasetPanel;
class LinearBaselineJob;
class MainActions;
class PassesView;
class MarkersView;
class RankingView;
class RecentFiles;
class RunConfigPanel;
class RunController;
class RunDocument;
class RunStatus;
class WelcomePage;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Errors go to a dialog when interactive (the default), else only to the log and
    // errorShown (tests and the screenshot run).
    void setInteractive(bool on) { interactive_ = on; }

    // The open run: dataset, input, passes, findings, baseline, evaluation.
    RunDocument* document() const { return document_; }
    const Dataset* dataset() const;
    const FindingsPtr& findings() const;
    bool hasUnsavedResults() const;
    RunController* runController() const { return controller_; }
    DatasetLoader* loader() const { return loader_; }
    RunStatus* runStatus() const { return status_; }
    DatasetPanel* datasetPanel() const { return datasetPanel_; }
    RunConfigPanel* configPanel() const { return configPanel_; }
    PassesView* passesView() const { return passesView_; }
    AttributionView* attributionView() const { return attributionView_; }
    ConfusionView* confusionView() const { return confusionView_; }
    RankingView* rankingView() const { return rankingView_; }
    CellsView* cellsView() const { return cellsView_; }
    MarkersView* markersView() const { return markersView_; }
    ViewTabs* tabs() const { return tabs_; }
    // The figures "Export figures" writes, by file stem.
    QList<NamedPlot> figures() const;
    // What Save run writes: config, dataset summary, every pass, accumulated statistics.
    RunRecord currentRecord() const;

public slots:
    void loadDemo();
    void loadDemoWith(const dm::SyntheticSpec& spec);
    // Whatever the user hands over (command line, drop, recent files, File > Open): a saved
    // run (.dmrun) is reopened, a dataset loaded; anything else is explained in a dialog.
    void openFile(const QString& path);
    // The first of several (a desktop may pass many); the rest are named in the log.
    void openFiles(const QStringList& paths);
    // An .h5ad, 10x .h5 or 10x matrix folder; the matrix choice applies to .h5ad files.
    void openPath(const QString& path, const QString& matrix = "auto");
    void loadPopulations(const std::vector<dm::PopulationSource>& sources, qint64 maxPerClass);
    void startRun();
    void stopRun();
    bool saveRunTo(const QString& path);
    bool openRunFrom(const QString& path);
    bool exportRankingTo(const QString& path);
    bool exportFiguresTo(const QString& dir, const QString& format, int dpi);
    bool exportReportTo(const QString& dir);
    // A new .h5ad: the dataset with the per-gene statistics as deepmapper_* var columns.
    bool exportH5adTo(const QString& path);
    // Fits the linear baseline on the current run's input off the GUI thread; the
    // ranking gains a "Linear importance" column. Emits baselineFinished.
    void runLinearBaseline();
    // Ensembled held-out prediction with the current dataset choices and configuration;
    // fills the confusion matrix tab. Emits evaluationFinished.
    void runEvaluation();
    void showAbout();

signals:
    void datasetLoaded();
    void runStarted();
    void runFinished();     // after results (full or partial) are shown
    void runOpened(QString path);  // a saved run is shown
    void runFailed(QString message);
    void errorShown(QString message);
    void baselineFinished();
    void evaluationFinished();

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildViews();
    void buildDocks();
    void connectActions();
    void connectController();
    void connectBackgroundWork();
    void connectCellsView();
    // The groups drawn on the cells, kept as a new obs column of the open dataset.
    void addObsColumn(const dm::Column& column);

    void onDatasetLoaded(const DatasetPtr& ds, const QString& description, const QString& path,
                         const QStringList& matrices);
    void onRunFinished(const FindingsPtr& findings);
    void onJobEnded();
    QString startProblem() const;
    // Runs `work`; an exception is shown as `failure` with its message (and `hint`): false.
    bool attempt(const QString& failure, const std::function<void()>& work, const QString& hint = {});
    void updateActions();
    void updateTitle();
    void showError(const QString& title, const QString& message);
    void log(const QString& text);
    bool confirmDiscard();
    void restoreSettings();
    void copy();

    bool interactive_ = true;
    QStackedWidget* centre_ = nullptr;
    WelcomePage* welcome_ = nullptr;
    ViewTabs* tabs_ = nullptr;
    ActivityLog* log_ = nullptr;
    QDockWidget* datasetDock_ = nullptr;
    QDockWidget* configDock_ = nullptr;
    QDockWidget* logDock_ = nullptr;

    RunDocument* document_ = nullptr;
    MainActions* actions_ = nullptr;
    CommandDialogs* dialogs_ = nullptr;
    RunStatus* status_ = nullptr;
    RecentFiles* recent_ = nullptr;
    DatasetPanel* datasetPanel_ = nullptr;
    RunConfigPanel* configPanel_ = nullptr;
    PassesView* passesView_ = nullptr;
    AttributionView* attributionView_ = nullptr;
    ConfusionView* confusionView_ = nullptr;
    RankingView* rankingView_ = nullptr;
    CellsView* cellsView_ = nullptr;
    MarkersView* markersView_ = nullptr;
    RunController* controller_ = nullptr;
    DatasetLoader* loader_ = nullptr;
    LinearBaselineJob* baseline_ = nullptr;
};

}  // namespace dm::ui
