#include "main_window.h"

#include "activity_log.h"
#include "attribution_view.h"
#include "cells_view.h"
#include "background_job.h"
#include "command_dialogs.h"
#include "confusion_view.h"
#include "data/h5ad_inspect.h"
#include "dataset_loader.h"
#include "dataset_panel.h"
#include "dialogs.h"
#include "engine/runtime.h"
#include "linear_baseline_job.h"
#include "main_actions.h"
#include "open_target.h"
#include "passes_view.h"
#include "markers_view.h"
#include "ranking_view.h"
#include "recent_files.h"
#include "run_config_panel.h"
#include "run_controller.h"
#include "run_document.h"
#include "run_status.h"
#include "view_tabs.h"
#include "welcome_page.h"
#include "window_settings.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QScrollArea>
#include <QScrollBar>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QUrl>

#include <algorithm>

// The .qrc lives in the static dmui library: its initializer must be referenced by hand.
static void initResources() { Q_INIT_RESOURCE(resources); }

namespace dm::ui {

namespace {

const char* kDemoSource = "synthetic demo";

QScrollArea* scrolled(QWidget* w) {
    auto* area = new QScrollArea;
    area->setWidget(w);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    area->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);  // panels wrap to the dock's width
    // Wide enough for the panel's widest row beside the vertical scroll bar, which the
    // run configuration needs: with no horizontal scroll bar a narrower dock cuts the
    // panel's right edge off.
    area->setMinimumWidth(std::max(340, w->minimumSizeHint().width() + area->verticalScrollBar()->sizeHint().width()));
    return area;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    registerMetaTypes();
    initResources();
    setWindowIcon(QIcon(":/icons/deepmapper.svg"));
    setAcceptDrops(true);
    resize(1280, 820);
    document_ = new RunDocument(this);
    controller_ = new RunController(this);
    loader_ = new DatasetLoader(this);
    baseline_ = new LinearBaselineJob(this);

    buildViews();
    buildDocks();
    actions_ = new MainActions(
        this, {datasetDock_->toggleViewAction(), configDock_->toggleViewAction(), logDock_->toggleViewAction()},
        document_, controller_, baseline_);
    status_ = new RunStatus(statusBar(), controller_, loader_);
    recent_ = new RecentFiles(actions_->recentMenu, welcome_->recentList(), welcome_->recentTitle(), this);
    connect(recent_, &RecentFiles::openRequested, this, &MainWindow::openFile);
    dialogs_ = new CommandDialogs(this, *actions_, document_);
    connect(welcome_, &WelcomePage::openRequested, dialogs_, &CommandDialogs::chooseDataset);
    connectActions();
    connectController();
    connectBackgroundWork();
    connectCellsView();

    connect(document_, &RunDocument::titleChanged, this, &MainWindow::updateTitle);
    connect(document_, &RunDocument::datasetChanged, status_, &RunStatus::showDataset);
    connect(document_, &RunDocument::datasetChanged, welcome_, &WelcomePage::showDataset);
    connect(datasetPanel_, &DatasetPanel::changed, this, &MainWindow::updateActions);
    connect(datasetPanel_, &DatasetPanel::matrixRequested, this, [this](const QString& m) {
        const QString path = document_->datasetPath();
        if (!path.isEmpty() && path != kDemoSource) openPath(path, m);
    });
    connect(configPanel_, &RunConfigPanel::changed, this, &MainWindow::updateActions);

    restoreSettings();
    updateTitle();
    updateActions();
}

MainWindow::~MainWindow() = default;

const Dataset* MainWindow::dataset() const { return document_->dataset().get(); }
const FindingsPtr& MainWindow::findings() const { return document_->findings(); }
bool MainWindow::hasUnsavedResults() const { return document_->isModified(); }

// ---------------------------------------------------------------- building

void MainWindow::buildViews() {
    centre_ = new QStackedWidget(this);
    welcome_ = new WelcomePage(this);
    connect(welcome_, &WelcomePage::demoRequested, this, &MainWindow::loadDemo);
    centre_->addWidget(welcome_);
    tabs_ = new ViewTabs(document_, this);
    passesView_ = tabs_->passes();
    attributionView_ = tabs_->attribution();
    confusionView_ = tabs_->confusion();
    rankingView_ = tabs_->ranking();
    cellsView_ = tabs_->cells();
    markersView_ = tabs_->markers();
    centre_->addWidget(tabs_);
    setCentralWidget(centre_);
}

void MainWindow::buildDocks() {
    auto dock = [this](const QString& title, const char* name, QWidget* content, Qt::DockWidgetArea area) {
        auto* d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(content);
        addDockWidget(area, d);
        return d;
    };
    datasetPanel_ = new DatasetPanel;
    datasetDock_ = dock(tr("Dataset"), "datasetDock", scrolled(datasetPanel_), Qt::LeftDockWidgetArea);
    configPanel_ = new RunConfigPanel;
    configDock_ = dock(tr("Run configuration"), "configDock", scrolled(configPanel_), Qt::LeftDockWidgetArea);
    tabifyDockWidget(datasetDock_, configDock_);
    datasetDock_->raise();
    log_ = new ActivityLog(this);
    log_->follow(controller_);
    log_->follow(loader_);
    logDock_ = dock(tr("Log"), "logDock", log_, Qt::BottomDockWidgetArea);
    resizeDocks({datasetDock_}, {330}, Qt::Horizontal);
    resizeDocks({logDock_}, {110}, Qt::Vertical);
}

void MainWindow::connectActions() {
    const MainActions& a = *actions_;
    connect(a.demo, &QAction::triggered, this, &MainWindow::loadDemo);  // the file commands: CommandDialogs
    connect(a.quit, &QAction::triggered, this, &QWidget::close);
    connect(a.copy, &QAction::triggered, this, &MainWindow::copy);
    connect(a.start, &QAction::triggered, this, &MainWindow::startRun);
    connect(a.stop, &QAction::triggered, this, &MainWindow::stopRun);
    connect(a.baseline, &QAction::triggered, this, &MainWindow::runLinearBaseline);
    connect(a.evaluate, &QAction::triggered, this, &MainWindow::runEvaluation);
    connect(a.about, &QAction::triggered, this, &MainWindow::showAbout);
}

// The live run feeds the document (which feeds the views); the training curve of the
// pass in progress is the Passes view's own, and an evaluation's arrangements are not
// passes of the run (they show in the status bar and the log only).
void MainWindow::connectController() {
    connect(controller_, &RunController::inputReady, this, [this](const PreparedInputPtr& input) {
        if (!controller_->evaluating()) document_->setInput(input);
    });
    connect(controller_, &RunController::passStarted, this, [this](int t) {
        if (!controller_->evaluating()) passesView_->passStarted(t);
    });
    connect(controller_, &RunController::epochFinished, this, [this](const EpochEvent& e) {
        if (!controller_->evaluating()) passesView_->addEpoch(e);
    });
    connect(controller_, &RunController::passFinished, document_, &RunDocument::addPass);
    connect(controller_, &RunController::runFinished, this, &MainWindow::onRunFinished);
    connect(controller_, &RunController::evaluationFinished, this, [this](const EvaluationPtr& e) {
        document_->setEvaluation(e);
        tabs_->setCurrentWidget(confusionView_);
    });
    connect(controller_, &RunController::failed, this, [this](const QString& m) {
        showError(tr("The run stopped"), m);
        emit runFailed(m);
    });
    connect(controller_, &RunController::finished, this, &MainWindow::onJobEnded);
}

void MainWindow::connectBackgroundWork() {
    connect(loader_, &DatasetLoader::loaded, this, &MainWindow::onDatasetLoaded);
    connect(loader_, &DatasetLoader::failed, this,
            [this](const QString& message, const QString& d) { showError(tr("Could not open %1").arg(d), message); });
    connect(baseline_, &LinearBaselineJob::fitted, this, [this](const std::vector<double>& importance) {
        document_->setLinearImportance(importance);
        log(tr("Linear baseline done: importance added to the ranked features"));
        statusBar()->showMessage(tr("Linear baseline done"), 5000);
    });
    connect(baseline_, &LinearBaselineJob::failed, this,
            [this](const QString& m) { showError(tr("The linear baseline failed"), m); });
    connect(baseline_, &LinearBaselineJob::finished, this, [this] {
        updateActions();
        emit baselineFinished();
    });
}

// ---------------------------------------------------------------- datasets

void MainWindow::loadDemo() { loadDemoWith(SyntheticSpec{}); }

void MainWindow::loadDemoWith(const SyntheticSpec& spec) {
    if (!confirmDiscard()) return;
    loader_->load(tr("the demo dataset"), kDemoSource, [spec] {
        Dataset ds = generateSynthetic(spec).dataset;
        ds.source = kDemoSource;
        return ds;
    });
}

void MainWindow::openFile(const QString& path) {
    if (controller_->running())  // the run keeps its data; results must match what is shown
        return showError(tr("Open %1").arg(QFileInfo(path).fileName()),
                         tr("A run is in progress: stop it (Esc) or wait for it to finish, then open the file again."));
    const OpenTarget target = classifyOpenPath(path);
    switch (target.kind) {
    case OpenKind::Run: openRunFrom(target.path); break;
    case OpenKind::Dataset: openPath(target.path); break;
    case OpenKind::Unsupported:
        showError(tr("Cannot open %1").arg(QFileInfo(path).fileName()), target.problem);
        break;
    }
}

void MainWindow::openFiles(const QStringList& paths) {
    if (paths.isEmpty()) return;
    if (paths.size() > 1 && !controller_->running())
        log(tr("Opening %1; one file at a time, so these were not opened: %2")
                .arg(paths.front(), paths.mid(1).join(", ")));
    openFile(paths.front());
}

void MainWindow::openPath(const QString& path, const QString& matrix) {
    if (path.isEmpty() || !confirmDiscard()) return;
    LoadOptions options;
    options.h5ad.matrix = matrix.toStdString();
    const bool h5ad = path.endsWith(".h5ad", Qt::CaseInsensitive);
    auto matrices = std::make_shared<QStringList>();  // filled on the loader's thread before `loaded`
    loader_->load(
        QFileInfo(path).fileName(), path,
        [p = path.toStdString(), options, h5ad, matrices] {
            if (h5ad)  // the choices the dataset panel offers; read from metadata only
                for (const H5adMatrixInfo& m : listH5adMatrices(p)) matrices->append(QString::fromStdString(m.name));
            return loadDataset(p, options);
        },
        matrices);
    recent_->add(path);
}

void MainWindow::loadPopulations(const std::vector<PopulationSource>& sources, qint64 maxPerClass) {
    if (sources.size() < 2)
        return showError(tr("Add sorted populations"), tr("Add at least two 10x sources, one per population."));
    if (!confirmDiscard()) return;
    const uint64_t seed = configPanel_->config().seed;
    loader_->load(tr("%1 sorted populations").arg(sources.size()), QString::fromStdString(sources.front().path),
                  [sources, maxPerClass, seed] { return dm::loadPopulations(sources, LoadOptions{}, maxPerClass, seed); });
}

void MainWindow::onDatasetLoaded(const DatasetPtr& ds, const QString& description, const QString& path,
                                 const QStringList& matrices) {
    document_->setDataset(ds, path, matrices);  // the status bar and the welcome page show its shape
    datasetPanel_->setDataset(ds, matrices);
    log(tr("Loaded %1: %2 cells x %3 genes, matrix %4")
            .arg(description)
            .arg(ds->cells())
            .arg(ds->genes())
            .arg(QString::fromStdString(ds->matrix)));
    const QString savedLabel = lastLabelColumn();
    if (ds->source == kDemoSource) datasetPanel_->setLabelColumn(kSyntheticLabelColumn);
    else if (!savedLabel.isEmpty()) datasetPanel_->setLabelColumn(savedLabel);
    centre_->setCurrentWidget(tabs_);
    datasetDock_->raise();
    updateActions();
    emit datasetLoaded();
}

// ---------------------------------------------------------------- running

QString MainWindow::startProblem() const {
    const QString problem = datasetPanel_->problem();
    return problem.isEmpty() ? configPanel_->problem() : problem;
}

void MainWindow::startRun() {
    if (controller_->running()) return;
    if (const QString problem = startProblem(); !problem.isEmpty()) return showError(tr("Cannot start the run"), problem);
    if (!confirmDiscard()) return;
    baseline_->cancel();  // a fit still running belongs to the results being replaced
    const RunConfig config = configPanel_->config();
    DataChoice choice = datasetPanel_->choice();
    choice.seed = config.seed;
    document_->beginRun(config);
    rememberRunChoice(config, QString::fromStdString(choice.labelColumn));
    controller_->start([ds = document_->dataset(), choice] { return prepareInput(ds, choice); }, config);
    centre_->setCurrentWidget(tabs_);
    log(tr("Run started: %1 passes of %2, seed %3").arg(config.passes).arg(QString::fromStdString(config.backbone.kind)).arg(config.seed));
    updateActions();
    emit runStarted();
}

void MainWindow::stopRun() {
    if (!controller_->running()) return;
    controller_->stop();
    updateActions();
}

void MainWindow::onRunFinished(const FindingsPtr& findings) {
    document_->finishRun(findings, controller_->elapsedMs() / 1000.0);
    // Stopped by the user before a pass was accepted is the user's choice, not a failure.
    if (findings->accepted == 0 && !controller_->stopRequested())
        showError(tr("No pass was accepted"),
                  tr("No pass reached the accuracy gate (%1). Lower the gate, train more epochs, or check that "
                     "the label column separates the cells.")
                      .arg(document_->config().minAccuracy));
}

void MainWindow::onJobEnded() {
    updateActions();
    if (controller_->lastJobWasEvaluation()) {
        emit evaluationFinished();
        return;
    }
    updateTitle();
    if (document_->findings()) emit runFinished();
}

void MainWindow::runEvaluation() {
    if (controller_->running()) return;
    if (const QString problem = startProblem(); !problem.isEmpty()) return showError(tr("Cannot evaluate"), problem);
    const RunConfig config = configPanel_->config();
    DataChoice choice = datasetPanel_->choice();
    choice.seed = config.seed;
    document_->setEvaluation(nullptr);
    controller_->startEvaluation([ds = document_->dataset(), choice] { return prepareInput(ds, choice); }, config);
    centre_->setCurrentWidget(tabs_);
    log(tr("Evaluation started: %1 arrangements of %2 vote on one held-out split")
            .arg(config.passes)
            .arg(QString::fromStdString(config.backbone.kind)));
    updateActions();
}

void MainWindow::runLinearBaseline() {
    const PreparedInputPtr input = document_->input();
    if (!input || !baseline_->start(input)) return;
    updateActions();
    log(tr("Linear baseline: fitting on %1").arg(QString::fromStdString(input->description)));
    statusBar()->showMessage(tr("Fitting the linear baseline..."));
}

// ---------------------------------------------------------------- persistence and export

RunRecord MainWindow::currentRecord() const { return document_->record(); }

bool MainWindow::attempt(const QString& failure, const std::function<void()>& work, const QString& hint) {
    try {
        work();
        return true;
    } catch (const std::exception& e) {
        showError(failure, QString::fromStdString(e.what()) + hint);
        return false;
    }
}

bool MainWindow::saveRunTo(const QString& path) {
    if (!attempt(tr("Could not save the run"), [&] { document_->save(path); })) return false;
    recent_->add(path);
    log(tr("Run saved to %1").arg(path));
    statusBar()->showMessage(tr("Run saved"), 5000);
    return true;
}

bool MainWindow::openRunFrom(const QString& path) {
    if (controller_->running()) return showError(tr("Open run"), tr("Stop the current run first.")), false;
    if (!confirmDiscard()) return false;
    baseline_->cancel();  // a fit still running belongs to the results being replaced
    // Read on this thread (a few seconds at most for 30k genes x 100 passes): say so.
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const bool opened = attempt(tr("Could not open the run"), [&] { document_->open(path); },
                                tr("\n\nA run file is written by File > Save run (.dmrun) or by `deepmapper run` "
                                   "(run.json). If this one was edited or cut short, save the run again or use the "
                                   "run.json of its output folder."));
    QApplication::restoreOverrideCursor();
    if (!opened) return false;
    configPanel_->setConfig(document_->config());
    recent_->add(path);
    centre_->setCurrentWidget(tabs_);
    tabs_->setCurrentWidget(rankingView_);
    log(tr("Opened run %1: %2 passes accepted of %3 tries, dataset %4")
            .arg(path)
            .arg(document_->findings()->accepted)
            .arg(document_->findings()->tries)
            .arg(QString::fromStdString(document_->datasetSummary().source)));
    updateActions();
    emit runOpened(path);
    return true;
}

bool MainWindow::exportRankingTo(const QString& path) {
    if (!attempt(tr("Could not export the ranking"), [&] { document_->exportRanking(path); })) return false;
    log(tr("Ranked genes exported to %1").arg(path));
    return true;
}

QList<NamedPlot> MainWindow::figures() const { return tabs_->figures(); }

bool MainWindow::exportFiguresTo(const QString& dir, const QString& format, int dpi) {
    return attempt(tr("Could not export the figures"), [&] {
        log(tr("%1 figures written to %2").arg(saveFigures(figures(), dir, format, dpi).size()).arg(dir));
    });
}

bool MainWindow::exportReportTo(const QString& dir) {
    return attempt(tr("Could not export the report"), [&] {
        log(tr("Report folder %1: %2 files").arg(dir).arg(document_->exportReport(dir, figures(), markersView_->overlaps()).size()));
    });
}

bool MainWindow::exportH5adTo(const QString& path) {
    if (controller_->running())  // the ranking is still changing
        return showError(tr("Export results into .h5ad"), tr("Wait for the run to finish, or stop it (Esc).")), false;
    if (!attempt(tr("Could not write the .h5ad"), [&] { document_->exportH5ad(path); })) return false;
    log(tr("Results written into %1").arg(path));
    return true;
}

// ---------------------------------------------------------------- settings and window state

void MainWindow::restoreSettings() {
    if (const QString problem = restoreWindowSettings(*this, *configPanel_); !problem.isEmpty())
        log(tr("Last configuration not restored: %1").arg(problem));
}

void MainWindow::updateTitle() {
    setWindowTitle(tr("%1[*] — DeepMapper Studio").arg(document_->displayName()));
    setWindowModified(document_->isModified());
}

void MainWindow::updateActions() {
    const bool running = controller_->running();
    actions_->update(startProblem());
    recent_->setEnabled(!running);
    configPanel_->setEnabled(!running);
    datasetPanel_->setEnabled(!running);
}

void MainWindow::log(const QString& text) { log_->add(text); }

void MainWindow::showError(const QString& title, const QString& message) {
    log(title + ": " + message);
    emit errorShown(message);
    if (interactive_) QMessageBox::warning(this, title, message);
}

bool MainWindow::confirmDiscard() {
    if (!document_->isModified() || !interactive_) return true;
    const auto answer = QMessageBox::question(
        this, tr("Unsaved results"), tr("The current results are not saved. Save them before continuing?"),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Cancel) return false;
    if (answer == QMessageBox::Save) {
        dialogs_->chooseSaveRun();
        return !document_->isModified();
    }
    return true;
}

void MainWindow::closeEvent(QCloseEvent* event) {
    const bool stopRun = !controller_->running() || !interactive_ ||
                         QMessageBox::question(this, tr("A run is in progress"), tr("Stop the run and quit?")) ==
                             QMessageBox::Yes;
    if (!stopRun || !confirmDiscard()) return event->ignore();
    saveWindowSettings(*this, configPanel_->config());
    // Quit does not wait for work nobody will see: every background job (run, evaluation,
    // load, baseline) stops at its next check (a batch, a block of the file, a solver step)
    // and is joined before the window goes.
    loader_->cancel();
    controller_->stop();
    baseline_->cancel();
    BackgroundJob::cancelAndJoinAll(this);
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls() && !event->mimeData()->urls().isEmpty() &&
        event->mimeData()->urls().front().isLocalFile())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile()) paths << url.toLocalFile();
    if (paths.isEmpty()) return;
    event->acceptProposedAction();
    // After the drop returns: a dialog (unsaved results, a bad file) must not block the
    // drag source's event loop.
    QTimer::singleShot(0, this, [this, paths] { openFiles(paths); });
}

void MainWindow::showAbout() { showAboutDialog(this); }

// Besides the document, the Cells tab takes genes from the ranking table and the
// attribution map, pairs from the confusion matrix, and the cells an evaluation used.
void MainWindow::connectCellsView() {
    connect(datasetPanel_, &DatasetPanel::changed, cellsView_,
            [this] { cellsView_->setLabelColumn(datasetPanel_->labelColumn()); });
    connect(controller_, &RunController::inputReady, cellsView_, [this](const PreparedInputPtr& input) {
        if (controller_->evaluating()) cellsView_->setEvaluationInput(input);
    });
    auto geneOf = [this](qint64 feature) {
        const FindingsPtr& f = document_->findings();
        return f && feature >= 0 && feature < qint64(f->featureNames.size())
                   ? QString::fromStdString(f->featureNames[size_t(feature)])
                   : QString();
    };
    connect(rankingView_, &RankingView::featureSelected, cellsView_, [this, geneOf](qint64 f) {
        if (const QString g = geneOf(f); !g.isEmpty()) cellsView_->showGene(g);
    });
    connect(attributionView_, &AttributionView::featureClicked, cellsView_, [this, geneOf](qint64 f) {
        if (const QString g = geneOf(f); !g.isEmpty()) cellsView_->showGene(g);
    });
    connect(markersView_, &MarkersView::geneSelected, cellsView_, &CellsView::showGene);
    connect(markersView_, &MarkersView::standardMethodsChanged, cellsView_, &CellsView::setMarkers);
    connect(confusionView_, &ConfusionView::cellClicked, cellsView_, [this](int t, int p) {
        cellsView_->highlightPair(t, p);
        tabs_->setCurrentWidget(cellsView_);
    });
    connect(cellsView_, &CellsView::groupsColumnReady, this, &MainWindow::addObsColumn);
    connect(cellsView_, &CellsView::errorShown, this, [this](const QString& m) { log(m); });
    connect(cellsView_, &CellsView::oneVsRestRequested, this, [this](const QString& column, const QString& group) {
        datasetPanel_->setLabelColumn(column);
        datasetPanel_->setOneVsRest(group);
        log(tr("DeepMapper one-vs-rest: %1 against every other cell (label column %2)").arg(group, column));
        startRun();
    });
}

void MainWindow::addObsColumn(const dm::Column& column) {
    const DatasetPtr& current = document_->dataset();
    if (!current) return;
    // A new Dataset: the one a running job or the current results hold stays as it was.
    auto copy = std::make_shared<Dataset>(*current);
    copy->obs.add(column);
    const QString label = datasetPanel_->labelColumn();
    cellsView_->setDatasetKeepingView(copy);  // the drawn groups and the view stay
    document_->setDataset(copy, document_->datasetPath(), document_->matrices());
    datasetPanel_->setDataset(copy, document_->matrices());
    datasetPanel_->setLabelColumn(label);
    log(tr("Obs column '%1' added (%2 groups): choose it as the label of the next run; Export results into .h5ad "
           "writes it")
            .arg(QString::fromStdString(column.name))
            .arg(column.categories.size()));
}

void MainWindow::copy() {
    if (tabs_->currentWidget() == rankingView_ || rankingView_->isAncestorOf(QApplication::focusWidget()))
        rankingView_->copySelection();
    else if (auto* w = QApplication::focusWidget(); w && w->metaObject()->indexOfSlot("copy()") >= 0)
        QMetaObject::invokeMethod(w, "copy");
}

}  // namespace dm::ui
