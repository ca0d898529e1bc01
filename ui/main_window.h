#pragma once
// DeepMapper Studio's one window: menus, toolbar, status bar with run progress, dockable
// dataset / run configuration / log panels, a welcome page and the live view tabs.
// It configures, starts, watches, shows and exports; the science lives in core/.
#include "data/readers.h"
#include "data/synthetic.h"
#include "exports.h"
#include "prepare_input.h"
#include "report/run_record.h"
#include "run_types.h"

#include <QMainWindow>

#include <memory>

class QAction;
class QDockWidget;
class QLabel;
class QListWidget;
class QMenu;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTimer;

namespace dm::ui {

class AttributionView;
class ConfusionView;
class DatasetLoader;
class DatasetPanel;
class PassesView;
class RankingView;
class RunConfigPanel;
class RunController;


class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Errors go to a dialog when interactive (the default), else only to the log and
    // errorShown (tests and the screenshot run).
    void setInteractive(bool on) { interactive_ = on; }

    const Dataset* dataset() const { return dataset_.get(); }
    const FindingsPtr& findings() const { return findings_; }
    bool hasUnsavedResults() const { return unsaved_; }
    RunController* runController() const { return controller_; }
    DatasetLoader* loader() const { return loader_; }
    DatasetPanel* datasetPanel() const { return datasetPanel_; }
    RunConfigPanel* configPanel() const { return configPanel_; }
    PassesView* passesView() const { return passesView_; }
    AttributionView* attributionView() const { return attributionView_; }
    ConfusionView* confusionView() const { return confusionView_; }
    RankingView* rankingView() const { return rankingView_; }
    QTabWidget* tabs() const { return tabs_; }
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
    void buildActions();
    void buildMenus();
    void buildToolBar();
    void buildStatusBar();
    void buildDocks();
    QWidget* buildWelcomePage();
    void connectController();

    void onDatasetLoaded(const DatasetPtr& ds, const QString& description);
    void onInputReady(const PreparedInputPtr& input);
    void onPassFinished(const PassSnapshotPtr& pass);
    void onRunFinished(const FindingsPtr& findings);
    void onRunEnded();
    void resetResults(const std::vector<std::string>& names, const std::vector<std::string>& ids, const RunConfig& config);
    void showFindings(const FindingsPtr& findings);
    void updateActions();
    void updateTitle();
    void updateProgress();
    void setUnsaved(bool on);
    void showError(const QString& title, const QString& message);
    void log(const QString& text);
    void addRecent(const QString& path);
    void refreshRecent();
    bool confirmDiscard();
    void saveSettings() const;
    void restoreSettings();

    // Dialog front-ends of the slots above.
    void chooseDataset();
    void choose10xFolder();
    void choosePopulations();
    void chooseSaveRun();
    void chooseOpenRun();
    void chooseExportRanking();
    void chooseExportFigures();
    void chooseExportReport();
    void chooseExportH5ad();
    void copy();

    bool interactive_ = true;
    QStackedWidget* centre_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    QLabel* summary_ = nullptr;
    QListWidget* welcomeRecent_ = nullptr;
    QLabel* statusShape_ = nullptr;
    QLabel* statusTime_ = nullptr;
    QProgressBar* passProgress_ = nullptr;
    QProgressBar* epochProgress_ = nullptr;
    QProgressBar* loadProgress_ = nullptr;
    QPushButton* loadCancel_ = nullptr;
    QPlainTextEdit* log_ = nullptr;
    QDockWidget* datasetDock_ = nullptr;
    QDockWidget* configDock_ = nullptr;
    QDockWidget* logDock_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QTimer* clock_ = nullptr;

    QAction *openAct_, *open10xAct_, *populationsAct_, *saveRunAct_, *openRunAct_, *exportRankingAct_,
        *exportFiguresAct_, *exportReportAct_, *exportH5adAct_, *quitAct_, *copyAct_, *startAct_, *stopAct_,
        *baselineAct_, *evaluateAct_, *demoAct_;

    DatasetPanel* datasetPanel_ = nullptr;
    RunConfigPanel* configPanel_ = nullptr;
    PassesView* passesView_ = nullptr;
    AttributionView* attributionView_ = nullptr;
    ConfusionView* confusionView_ = nullptr;
    RankingView* rankingView_ = nullptr;
    RunController* controller_ = nullptr;
    DatasetLoader* loader_ = nullptr;

    DatasetPtr dataset_;
    QString datasetPath_;       // what was opened (file, folder, "demo")
    QStringList matrices_;      // matrices the open .h5ad offers
    std::shared_ptr<QStringList> pendingMatrices_;
    PreparedInputPtr input_;    // what the current results were computed on
    RunConfig resultConfig_;    // the configuration of the current results
    DataChoice resultChoice_;
    DatasetSummary resultDataset_;
    std::vector<std::string> featureNames_, featureIds_;
    std::vector<PassRecord> records_;
    FindingsPtr findings_;
    std::vector<double> linearImportance_;
    bool baselineRunning_ = false;
    bool evaluating_ = false;
    QString startedAt_;
    double runSeconds_ = 0;
    bool unsaved_ = false;
    int epoch_ = 0, epochs_ = 0;
    QString lastRunPath_;
};

}  // namespace dm::ui
