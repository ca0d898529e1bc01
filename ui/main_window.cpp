#include "main_window.h"

#include "analysis/linear_baseline.h"
#include "attribution_view.h"
#include "common/error.h"
#include "confusion_view.h"
#include "data/h5ad_inspect.h"
#include "dataset_loader.h"
#include "dataset_panel.h"
#include "dialogs.h"
#include "engine/runtime.h"
#include "open_target.h"
#include "passes_view.h"
#include "ranking_view.h"
#include "report/annotated_h5ad.h"
#include "run_config_panel.h"
#include "run_controller.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>

// The .qrc lives in the static dmui library: its initializer must be referenced by hand.
static void initResources() { Q_INIT_RESOURCE(resources); }

namespace dm::ui {

namespace {

constexpr int kMaxRecent = 8;
const char* kDemoSource = "synthetic demo";

QString formatDuration(double seconds) {
    const qint64 s = qint64(seconds + 0.5);
    return s >= 3600 ? QString("%1:%2:%3").arg(s / 3600).arg((s / 60) % 60, 2, 10, QChar('0')).arg(s % 60, 2, 10, QChar('0'))
                     : QString("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QChar('0'));
}

QScrollArea* scrolled(QWidget* w) {
    auto* area = new QScrollArea;
    area->setWidget(w);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    area->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);  // panels wrap to the dock's width
    area->setMinimumWidth(340);
    return area;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    registerMetaTypes();
    initResources();
    setWindowIcon(QIcon(":/icons/deepmapper.svg"));
    setAcceptDrops(true);
    resize(1280, 820);
    controller_ = new RunController(this);
    loader_ = new DatasetLoader(this);

    centre_ = new QStackedWidget(this);
    centre_->addWidget(buildWelcomePage());
    tabs_ = new QTabWidget(this);
    tabs_->setObjectName("viewTabs");
    tabs_->setDocumentMode(true);
    passesView_ = new PassesView(this);
    attributionView_ = new AttributionView(this);
    confusionView_ = new ConfusionView(this);
    rankingView_ = new RankingView(this);
    tabs_->addTab(passesView_, tr("Passes"));
    tabs_->addTab(attributionView_, tr("Attribution map"));
    tabs_->addTab(confusionView_, tr("Confusion matrix"));
    tabs_->addTab(rankingView_, tr("Ranked features"));
    centre_->addWidget(tabs_);
    setCentralWidget(centre_);

    buildDocks();
    buildActions();
    buildMenus();
    buildToolBar();
    buildStatusBar();
    connectController();

    connect(loader_, &DatasetLoader::started, this, [this](const QString& d) {
        loadProgress_->show();
        loadCancel_->show();
        statusBar()->showMessage(tr("Loading %1...").arg(d));
        log(tr("Loading %1").arg(d));
    });
    connect(loader_, &DatasetLoader::loaded, this, &MainWindow::onDatasetLoaded);
    connect(loader_, &DatasetLoader::failed, this, [this](const QString& message, const QString& d) {
        loadProgress_->hide();
        loadCancel_->hide();
        showError(tr("Could not open %1").arg(d), message);
    });
    connect(loader_, &DatasetLoader::cancelled, this, [this](const QString& d) {
        loadProgress_->hide();
        loadCancel_->hide();
        log(tr("Loading %1 cancelled").arg(d));
        statusBar()->showMessage(tr("Loading cancelled"), 5000);
    });
    connect(rankingView_, &RankingView::featureSelected, attributionView_, &AttributionView::highlightFeature);
    connect(datasetPanel_, &DatasetPanel::changed, this, &MainWindow::updateActions);
    connect(datasetPanel_, &DatasetPanel::matrixRequested, this, [this](const QString& m) {
        if (!datasetPath_.isEmpty() && datasetPath_ != kDemoSource) openPath(datasetPath_, m);
    });
    connect(configPanel_, &RunConfigPanel::changed, this, &MainWindow::updateActions);

    restoreSettings();
    refreshRecent();
    updateTitle();
    updateActions();
}

MainWindow::~MainWindow() = default;

// ---------------------------------------------------------------- building

void MainWindow::buildActions() {
    auto make = [this](const QString& text, const char* name, const QString& tip, QKeySequence key = {}) {
        auto* a = new QAction(text, this);
        a->setObjectName(name);
        a->setToolTip(tip);
        a->setStatusTip(tip);
        if (!key.isEmpty()) a->setShortcut(key);
        return a;
    };
    const QStyle* s = style();
    openAct_ = make(tr("&Open..."), "actionOpen", tr("Open an .h5ad file, a 10x .h5 file or a saved run (.dmrun)"),
                    QKeySequence::Open);
    openAct_->setIcon(s->standardIcon(QStyle::SP_DialogOpenButton));
    connect(openAct_, &QAction::triggered, this, &MainWindow::chooseDataset);
    open10xAct_ = make(tr("Open 10x &directory..."), "actionOpen10x", tr("Open a 10x matrix folder (matrix.mtx, features, barcodes)"));
    connect(open10xAct_, &QAction::triggered, this, &MainWindow::choose10xFolder);
    populationsAct_ = make(tr("Add sorted &populations..."), "actionPopulations",
                           tr("Several 10x sources, one label each, merged on shared genes"));
    connect(populationsAct_, &QAction::triggered, this, &MainWindow::choosePopulations);
    demoAct_ = make(tr("Try the &demo dataset"), "actionDemo", tr("The built-in planted-signal dataset, generated now"));
    connect(demoAct_, &QAction::triggered, this, &MainWindow::loadDemo);
    saveRunAct_ = make(tr("&Save run..."), "actionSaveRun",
                       tr("Save configuration, every pass and the ranking as a .dmrun file, to reopen without retraining"),
                       QKeySequence::Save);
    saveRunAct_->setIcon(s->standardIcon(QStyle::SP_DialogSaveButton));
    connect(saveRunAct_, &QAction::triggered, this, &MainWindow::chooseSaveRun);
    openRunAct_ = make(tr("Open &run..."), "actionOpenRun", tr("Reopen a saved run (.dmrun) without retraining"));
    connect(openRunAct_, &QAction::triggered, this, &MainWindow::chooseOpenRun);
    exportRankingAct_ = make(tr("&Export ranked genes..."), "actionExportRanking",
                             tr("Ranked genes as CSV, TSV, a plain gene list or Excel"), QKeySequence(tr("Ctrl+E")));
    connect(exportRankingAct_, &QAction::triggered, this, &MainWindow::chooseExportRanking);
    exportFiguresAct_ = make(tr("Export &figures..."), "actionExportFigures", tr("Every plot as PNG, SVG or PDF"));
    connect(exportFiguresAct_, &QAction::triggered, this, &MainWindow::chooseExportFigures);
    exportReportAct_ = make(tr("Export report &folder..."), "actionExportReport",
                            tr("Tables, gene list, run JSON and figures into one folder"));
    connect(exportReportAct_, &QAction::triggered, this, &MainWindow::chooseExportReport);
    exportH5adAct_ = make(tr("Export results into .&h5ad..."), "actionExportH5ad",
                          tr("A new .h5ad with the per-gene statistics as var columns"));
    connect(exportH5adAct_, &QAction::triggered, this, &MainWindow::chooseExportH5ad);
    // Explicit: some platform themes have no binding for QKeySequence::Quit.
    quitAct_ = make(tr("&Quit"), "actionQuit", tr("Quit DeepMapper Studio"), QKeySequence(tr("Ctrl+Q")));
    connect(quitAct_, &QAction::triggered, this, &QWidget::close);
    copyAct_ = make(tr("&Copy"), "actionCopy", tr("Copy the selected ranked genes as tab-separated rows"), QKeySequence::Copy);
    connect(copyAct_, &QAction::triggered, this, &MainWindow::copy);
    startAct_ = make(tr("&Start"), "actionStart", tr("Start the run with the current configuration"), QKeySequence(Qt::Key_F5));
    startAct_->setIcon(s->standardIcon(QStyle::SP_MediaPlay));
    connect(startAct_, &QAction::triggered, this, &MainWindow::startRun);
    stopAct_ = make(tr("S&top"), "actionStop", tr("Stop the run; accepted passes are kept as a partial result"),
                    QKeySequence(Qt::Key_Escape));
    stopAct_->setIcon(s->standardIcon(QStyle::SP_MediaStop));
    connect(stopAct_, &QAction::triggered, this, &MainWindow::stopRun);
    baselineAct_ = make(tr("&Linear baseline"), "actionBaseline",
                        tr("Fit an L2 logistic regression on every gene of the run's input; its importance "
                           "appears beside the ranking"));
    connect(baselineAct_, &QAction::triggered, this, &MainWindow::runLinearBaseline);
    evaluateAct_ = make(tr("&Evaluate (ensembled prediction)"), "actionEvaluate",
                        tr("Train the configured number of arrangements on one split and average their "
                           "predictions: confusion matrix and per-class metrics"));
    connect(evaluateAct_, &QAction::triggered, this, &MainWindow::runEvaluation);
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(openAct_);
    file->addAction(open10xAct_);
    file->addAction(populationsAct_);
    file->addAction(demoAct_);
    recentMenu_ = file->addMenu(tr("Open &recent"));
    recentMenu_->setObjectName("recentMenu");
    file->addSeparator();
    file->addAction(saveRunAct_);
    file->addAction(openRunAct_);
    file->addSeparator();
    file->addAction(exportRankingAct_);
    file->addAction(exportFiguresAct_);
    file->addAction(exportReportAct_);
    file->addAction(exportH5adAct_);
    file->addSeparator();
    file->addAction(quitAct_);
    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(copyAct_);
    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(startAct_);
    run->addAction(stopAct_);
    run->addSeparator();
    run->addAction(baselineAct_);
    run->addAction(evaluateAct_);
    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(datasetDock_->toggleViewAction());
    view->addAction(configDock_->toggleViewAction());
    view->addAction(logDock_->toggleViewAction());
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About DeepMapper Studio"), this, &MainWindow::showAbout);
    about->setObjectName("actionAbout");
}

void MainWindow::buildToolBar() {
    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName("mainToolBar");
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(openAct_);
    bar->addAction(saveRunAct_);
    bar->addSeparator();
    bar->addAction(startAct_);
    bar->addAction(stopAct_);
    bar->addSeparator();
    bar->addAction(exportRankingAct_);
}

void MainWindow::buildStatusBar() {
    loadProgress_ = new QProgressBar(this);
    loadProgress_->setObjectName("loadProgress");
    loadProgress_->setRange(0, 0);  // readers give no progress: busy indicator
    loadProgress_->setMaximumWidth(140);
    loadProgress_->hide();
    loadCancel_ = new QPushButton(tr("Cancel"), this);
    loadCancel_->setObjectName("loadCancel");
    loadCancel_->setToolTip(tr("Stop waiting for the file; the result is discarded"));
    loadCancel_->hide();
    connect(loadCancel_, &QPushButton::clicked, loader_, &DatasetLoader::cancel);
    statusBar()->addWidget(loadProgress_);
    statusBar()->addWidget(loadCancel_);
    passProgress_ = new QProgressBar(this);
    passProgress_->setObjectName("passProgress");
    passProgress_->setMinimumWidth(200);
    passProgress_->setMaximumWidth(260);
    passProgress_->setFormat(tr("passes %v of %m"));
    passProgress_->setToolTip(tr("Accepted passes of the run"));
    passProgress_->hide();
    epochProgress_ = new QProgressBar(this);
    epochProgress_->setObjectName("epochProgress");
    epochProgress_->setMaximumWidth(180);
    epochProgress_->setFormat(tr("epoch %v of %m"));
    epochProgress_->setToolTip(tr("Epochs of the current pass (early stopping may end it sooner)"));
    epochProgress_->hide();
    statusTime_ = new QLabel(this);
    statusTime_->setObjectName("statusTime");
    statusShape_ = new QLabel(tr("No dataset"), this);
    statusShape_->setObjectName("statusShape");
    for (QLabel* l : {statusTime_, statusShape_}) l->setContentsMargins(10, 0, 10, 0);  // apart, not run together
    statusBar()->addPermanentWidget(passProgress_);
    statusBar()->addPermanentWidget(epochProgress_);
    statusBar()->addPermanentWidget(statusTime_);
    statusBar()->addPermanentWidget(statusShape_);
    statusBar()->showMessage(tr("Ready"));
    clock_ = new QTimer(this);
    clock_->setInterval(1000);
    connect(clock_, &QTimer::timeout, this, &MainWindow::updateProgress);
}

void MainWindow::buildDocks() {
    datasetPanel_ = new DatasetPanel;
    datasetDock_ = new QDockWidget(tr("Dataset"), this);
    datasetDock_->setObjectName("datasetDock");
    datasetDock_->setWidget(scrolled(datasetPanel_));
    addDockWidget(Qt::LeftDockWidgetArea, datasetDock_);
    configPanel_ = new RunConfigPanel;
    configDock_ = new QDockWidget(tr("Run configuration"), this);
    configDock_->setObjectName("configDock");
    configDock_->setWidget(scrolled(configPanel_));
    addDockWidget(Qt::LeftDockWidgetArea, configDock_);
    tabifyDockWidget(datasetDock_, configDock_);
    datasetDock_->raise();
    log_ = new QPlainTextEdit(this);
    log_->setObjectName("logView");
    log_->setReadOnly(true);
    log_->setMaximumBlockCount(5000);
    logDock_ = new QDockWidget(tr("Log"), this);
    logDock_->setObjectName("logDock");
    logDock_->setWidget(log_);
    addDockWidget(Qt::BottomDockWidgetArea, logDock_);
    resizeDocks({datasetDock_}, {330}, Qt::Horizontal);
    resizeDocks({logDock_}, {110}, Qt::Vertical);
}

QWidget* MainWindow::buildWelcomePage() {
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->addStretch();
    auto* title = new QLabel(tr("<h1>DeepMapper Studio</h1><p>Find the genes that separate your cell states, "
                                "with every gene kept.</p><p style='color:#555'>Open or drop an .h5ad file, a 10x "
                                ".h5 file or matrix folder, or a saved run (.dmrun).</p>"),
                             page);
    title->setAlignment(Qt::AlignCenter);
    layout->addWidget(title);
    auto* open = new QPushButton(tr("Open dataset or run..."), page);
    open->setObjectName("welcomeOpenButton");
    open->setToolTip(tr("An .h5ad file, a 10x .h5 file, a saved run (.dmrun) or (File menu) a 10x matrix folder; "
                        "or drop one onto the window"));
    connect(open, &QPushButton::clicked, this, &MainWindow::chooseDataset);
    layout->addWidget(open, 0, Qt::AlignCenter);
    auto* demo = new QPushButton(tr("Try the demo dataset"), page);
    demo->setObjectName("welcomeDemoButton");
    demo->setToolTip(tr("Generate the built-in planted-signal dataset (2,000 cells x 5,000 genes, 3 classes)"));
    connect(demo, &QPushButton::clicked, this, &MainWindow::loadDemo);
    for (QPushButton* b : {open, demo}) b->setMinimumWidth(220);  // one column of equal buttons
    layout->addWidget(demo, 0, Qt::AlignCenter);
    auto* recentTitle = new QLabel(tr("<b>Recent files</b> (double-click to open)"), page);
    recentTitle->setObjectName("welcomeRecentTitle");
    recentTitle->setAlignment(Qt::AlignCenter);
    layout->addWidget(recentTitle);
    welcomeRecent_ = new QListWidget(page);
    welcomeRecent_->setObjectName("welcomeRecent");
    welcomeRecent_->setMaximumSize(560, 150);
    connect(welcomeRecent_, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { openFile(item->data(Qt::UserRole).toString()); });
    layout->addWidget(welcomeRecent_, 0, Qt::AlignCenter);
    summary_ = new QLabel(page);
    summary_->setObjectName("datasetSummary");
    summary_->setAlignment(Qt::AlignCenter);
    layout->addWidget(summary_);
    layout->addStretch();
    return page;
}

void MainWindow::connectController() {
    connect(controller_, &RunController::inputReady, this, &MainWindow::onInputReady);
    // An evaluation trains arrangements of its own: they show in the progress bar and the
    // log, not among the run's passes.
    connect(controller_, &RunController::passStarted, this, [this](int t, quint64 seed) {
        if (!evaluating_) passesView_->passStarted(t);
        epoch_ = 0;
        log(tr("Pass %1 started (arrangement seed %2)").arg(t + 1).arg(seed));
    });
    connect(controller_, &RunController::epochFinished, this, [this](const EpochEvent& e) {
        if (!evaluating_) passesView_->addEpoch(e);
        epoch_ = e.epoch + 1;
        epochs_ = e.epochs;
        updateProgress();
    });
    connect(controller_, &RunController::passFinished, this, &MainWindow::onPassFinished);
    connect(controller_, &RunController::runFinished, this, &MainWindow::onRunFinished);
    connect(controller_, &RunController::evaluationFinished, this, [this](const EvaluationPtr& e) {
        confusionView_->setReport(e->report);
        tabs_->setCurrentWidget(confusionView_);
        log(tr("Evaluation%1: ensembled accuracy %2, macro F1 %3 over %4 arrangements, %5 test cells")
                .arg(e->partial ? tr(" (stopped, partial)") : QString())
                .arg(e->accuracy, 0, 'f', 3)
                .arg(e->macroF1, 0, 'f', 3)
                .arg(e->passAccuracy.size())
                .arg(e->testCells.size()));
    });
    connect(controller_, &RunController::message, this, &MainWindow::log);
    connect(controller_, &RunController::failed, this, [this](const QString& m) {
        showError(tr("The run stopped"), m);
        emit runFailed(m);
    });
    connect(controller_, &RunController::finished, this, &MainWindow::onRunEnded);
}

// ---------------------------------------------------------------- datasets

void MainWindow::loadDemo() { loadDemoWith(SyntheticSpec{}); }

void MainWindow::loadDemoWith(const SyntheticSpec& spec) {
    if (!confirmDiscard()) return;
    datasetPath_ = kDemoSource;
    pendingMatrices_.reset();
    loader_->load(tr("the demo dataset"), [spec] {
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
    datasetPath_ = path;
    LoadOptions options;
    options.h5ad.matrix = matrix.toStdString();
    const bool h5ad = path.endsWith(".h5ad", Qt::CaseInsensitive);
    auto matrices = std::make_shared<QStringList>();
    pendingMatrices_ = matrices;  // filled on the loader's thread before `loaded` is emitted
    loader_->load(QFileInfo(path).fileName(), [p = path.toStdString(), options, h5ad, matrices] {
        if (h5ad)  // the choices the dataset panel offers; read from metadata only
            for (const H5adMatrixInfo& m : listH5adMatrices(p)) matrices->append(QString::fromStdString(m.name));
        return loadDataset(p, options);
    });
    addRecent(path);
}

void MainWindow::loadPopulations(const std::vector<PopulationSource>& sources, qint64 maxPerClass) {
    if (sources.size() < 2) {
        showError(tr("Add sorted populations"), tr("Add at least two 10x sources, one per population."));
        return;
    }
    if (!confirmDiscard()) return;
    datasetPath_ = QString::fromStdString(sources.front().path);
    pendingMatrices_.reset();
    const uint64_t seed = configPanel_->config().seed;
    loader_->load(tr("%1 sorted populations").arg(sources.size()), [sources, maxPerClass, seed] {
        return dm::loadPopulations(sources, LoadOptions{}, maxPerClass, seed);
    });
}

void MainWindow::onDatasetLoaded(const DatasetPtr& ds, const QString& description) {
    loadProgress_->hide();
    loadCancel_->hide();
    matrices_ = pendingMatrices_ ? *pendingMatrices_ : QStringList{};
    pendingMatrices_.reset();
    dataset_ = ds;
    datasetPanel_->setDataset(ds, matrices_);
    const QString shape = tr("%1 cells x %2 genes").arg(ds->cells()).arg(ds->genes());
    statusShape_->setText(shape);
    summary_->setText(tr("%1 — %2, %3% non-zero")
                          .arg(QString::fromStdString(ds->source), shape)
                          .arg(100.0 * ds->X.density(), 0, 'f', 1));
    log(tr("Loaded %1: %2, matrix %3").arg(description, shape, QString::fromStdString(ds->matrix)));
    statusBar()->showMessage(tr("Dataset loaded: pick the label column, then Run > Start (F5)"), 8000);
    const QString savedLabel = QSettings().value("lastLabelColumn").toString();
    if (ds->source == kDemoSource) datasetPanel_->setLabelColumn(kSyntheticLabelColumn);
    else if (!savedLabel.isEmpty()) datasetPanel_->setLabelColumn(savedLabel);
    centre_->setCurrentWidget(tabs_);
    datasetDock_->raise();
    updateTitle();
    updateActions();
    emit datasetLoaded();
}

// ---------------------------------------------------------------- running

void MainWindow::startRun() {
    if (controller_->running()) return;
    QString problem = datasetPanel_->problem();
    if (problem.isEmpty()) problem = configPanel_->problem();
    if (!problem.isEmpty()) return showError(tr("Cannot start the run"), problem);
    if (!confirmDiscard()) return;
    const RunConfig config = configPanel_->config();
    const DataChoice choice = [&] {
        DataChoice c = datasetPanel_->choice();
        c.seed = config.seed;
        return c;
    }();
    resultConfig_ = config;
    resultChoice_ = choice;
    featureNames_ = dataset_->geneNames;
    featureIds_ = dataset_->geneIds;
    resetResults(featureNames_, featureIds_, config);
    startedAt_ = QString::fromStdString(utcTimestamp());
    QSettings().setValue("lastConfig", QString::fromStdString(toJson(config).dump()));
    QSettings().setValue("lastLabelColumn", QString::fromStdString(choice.labelColumn));
    DatasetPtr ds = dataset_;
    controller_->start([ds, choice] { return prepareInput(ds, choice); }, config);
    passProgress_->setRange(0, config.passes);
    passProgress_->setValue(0);
    passProgress_->show();
    epochProgress_->setRange(0, config.epochs);
    epochProgress_->setValue(0);
    epochProgress_->show();
    clock_->start();
    centre_->setCurrentWidget(tabs_);
    log(tr("Run started: %1 passes of %2, seed %3").arg(config.passes).arg(QString::fromStdString(config.backbone.kind)).arg(config.seed));
    statusBar()->showMessage(tr("Preparing the data..."));
    updateActions();
    updateTitle();
    emit runStarted();
}

void MainWindow::stopRun() {
    if (!controller_->running()) return;
    controller_->stop();
    log(tr("Stopping after the current batch; accepted passes are kept"));
    statusBar()->showMessage(tr("Stopping..."));
    updateActions();
}

void MainWindow::resetResults(const std::vector<std::string>& names, const std::vector<std::string>& ids,
                              const RunConfig& config) {
    records_.clear();
    findings_.reset();
    linearImportance_.clear();
    rankingView_->setLinearImportance({});
    input_.reset();
    epoch_ = epochs_ = 0;
    runSeconds_ = 0;
    passesView_->reset(config.passes, config.effectiveMaxTries(), config.minAccuracy);
    attributionView_->reset(names, config.buffer);
    rankingView_->setFindings(nullptr);
    rankingView_->setInput(nullptr);
    attributionView_->setInput(nullptr);
    confusionView_->clear();
    (void)ids;
}

void MainWindow::onInputReady(const PreparedInputPtr& input) {
    if (controller_->evaluating()) {
        log(tr("Evaluation input: %1").arg(QString::fromStdString(input->description)));
        statusBar()->showMessage(tr("Evaluating..."));
        return;
    }
    input_ = input;
    rankingView_->setInput(input);
    attributionView_->setInput(input);
    resultDataset_ = DatasetSummary{};
    resultDataset_.source = dataset_ ? dataset_->source : std::string();
    resultDataset_.matrix = dataset_ ? dataset_->matrix : std::string();
    resultDataset_.cells = input->data.cells();
    resultDataset_.genes = input->data.genes();
    resultDataset_.labelColumn = input->labelColumn;
    resultDataset_.classes = input->classes;
    resultDataset_.classCounts.assign(input->classes.size(), 0);
    for (int64_t c : input->y) ++resultDataset_.classCounts[size_t(c)];
    resultDataset_.preprocessing = describeChoice(resultChoice_);
    log(tr("Run input: %1").arg(QString::fromStdString(input->description)));
    statusBar()->showMessage(tr("Training..."));
}

void MainWindow::onPassFinished(const PassSnapshotPtr& pass) {
    const PassRecord& r = pass->record;
    records_.push_back(r);
    passesView_->addPass(r, pass->accepted, pass->tries);
    attributionView_->addPass(pass);
    log(tr("Pass %1: accuracy %2, %3 (stopped at epoch %4, %5 s)")
            .arg(r.tryIndex + 1)
            .arg(r.accuracy, 0, 'f', 3)
            .arg(r.accepted ? tr("accepted") : tr("rejected, below the gate"))
            .arg(r.stopEpoch)
            .arg(r.seconds, 0, 'f', 1));
    if (r.accepted) {  // the ranking so far: the same pure accumulation the engine uses
        const RunConfig& c = resultConfig_;
        showFindings(std::make_shared<const Findings>(
            accumulateFindings(records_, c.passes, c.minAccuracy, c.effectiveMaxTries(), c.topK, featureNames_, featureIds_)));
    }
    passProgress_->setValue(std::min(pass->accepted, passProgress_->maximum()));
    updateProgress();
}

void MainWindow::showFindings(const FindingsPtr& findings) {
    findings_ = findings;
    rankingView_->setFindings(findings);
    attributionView_->setFindings(findings);
}

void MainWindow::onRunFinished(const FindingsPtr& findings) {
    runSeconds_ = controller_->elapsedMs() / 1000.0;
    showFindings(findings);
    setUnsaved(findings->accepted > 0);
    const QString what = !findings->partial             ? tr("Run finished: %1 of %2 passes accepted in %3 tries")
                         : controller_->stopRequested() ? tr("Partial result (stopped): %1 of %2 passes accepted in %3 tries")
                                                        : tr("Partial result (max tries used up): %1 of %2 passes "
                                                             "accepted in %3 tries; lower the gate or raise max tries");
    log(what.arg(findings->accepted).arg(resultConfig_.passes).arg(findings->tries) +
        tr(", %1").arg(formatDuration(runSeconds_)));
    if (findings->accepted == 0)
        showError(tr("No pass was accepted"),
                  tr("No pass reached the accuracy gate (%1). Lower the gate, train more epochs, or check that "
                     "the label column separates the cells.")
                      .arg(resultConfig_.minAccuracy));
}

void MainWindow::onRunEnded() {
    clock_->stop();
    epochProgress_->hide();
    if (evaluating_) {
        evaluating_ = false;
        passProgress_->hide();
        statusTime_->setText(tr("evaluated in %1").arg(formatDuration(controller_->elapsedMs() / 1000.0)));
        statusBar()->showMessage(confusionView_->hasData() ? tr("Evaluation finished") : tr("Evaluation ended"), 10000);
        updateActions();
        emit evaluationFinished();
        return;
    }
    const bool partial = findings_ && findings_->partial;
    const QString end = !findings_                     ? tr("Run ended without a result")
                        : !partial                     ? tr("Run finished")
                        : controller_->stopRequested() ? tr("Stopped: partial result kept")
                                                       : tr("Finished with a partial result: max tries used up");
    statusBar()->showMessage(end, 10000);
    statusTime_->setText(findings_ ? tr("%1 accepted in %2%3")
                                         .arg(findings_->accepted == 1 ? tr("1 pass") : tr("%1 passes").arg(findings_->accepted))
                                         .arg(formatDuration(runSeconds_))
                                         .arg(partial ? tr(" (partial)") : QString())
                                   : QString());
    updateActions();
    updateTitle();
    if (findings_) emit runFinished();
}

void MainWindow::updateProgress() {
    if (!controller_->running()) return;
    epochProgress_->setMaximum(std::max(1, epochs_));
    epochProgress_->setValue(epoch_);
    const double elapsed = controller_->elapsedMs() / 1000.0;
    QString text = tr("elapsed %1").arg(formatDuration(elapsed));
    const int accepted = passProgress_->value();
    const int tries = int(records_.size());
    if (accepted > 0 && tries > 0) {
        const double perTry = elapsed / tries;
        const double triesPerAccepted = double(tries) / accepted;
        const int remainingTries = std::min(int((resultConfig_.passes - accepted) * triesPerAccepted + 0.5),
                                            resultConfig_.effectiveMaxTries() - tries);
        text += tr(", about %1 left").arg(formatDuration(std::max(0, remainingTries) * perTry));
    }
    statusTime_->setText(text);
}

void MainWindow::runEvaluation() {
    if (controller_->running()) return;
    QString problem = datasetPanel_->problem();
    if (problem.isEmpty()) problem = configPanel_->problem();
    if (!problem.isEmpty()) return showError(tr("Cannot evaluate"), problem);
    const RunConfig config = configPanel_->config();
    DataChoice choice = datasetPanel_->choice();
    choice.seed = config.seed;
    DatasetPtr ds = dataset_;
    evaluating_ = true;
    confusionView_->clear();
    controller_->startEvaluation([ds, choice] { return prepareInput(ds, choice); }, config);
    passProgress_->hide();
    epochProgress_->setRange(0, config.epochs);
    epochProgress_->setValue(0);
    epochProgress_->show();
    clock_->start();
    centre_->setCurrentWidget(tabs_);
    log(tr("Evaluation started: %1 arrangements of %2 vote on one held-out split")
            .arg(config.passes)
            .arg(QString::fromStdString(config.backbone.kind)));
    updateActions();
}

void MainWindow::runLinearBaseline() {
    if (!input_ || baselineRunning_) return;
    baselineRunning_ = true;
    updateActions();
    log(tr("Linear baseline: fitting on %1").arg(QString::fromStdString(input_->description)));
    statusBar()->showMessage(tr("Fitting the linear baseline..."));
    using Outcome = std::pair<std::vector<double>, QString>;
    auto* watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher] {
        const Outcome out = watcher->result();
        watcher->deleteLater();
        baselineRunning_ = false;
        if (!out.second.isEmpty()) {
            showError(tr("The linear baseline failed"), out.second);
        } else {
            linearImportance_ = out.first;
            rankingView_->setLinearImportance(linearImportance_);
            setUnsaved(findings_ && findings_->accepted > 0);
            log(tr("Linear baseline done: importance added to the ranked features"));
            statusBar()->showMessage(tr("Linear baseline done"), 5000);
        }
        updateActions();
        emit baselineFinished();
    });
    watcher->setFuture(QtConcurrent::run([input = input_]() -> Outcome {
        try {
            const LinearBaselineResult fit =
                fitLinearBaseline(input->data.X, input->y, input->classes, input->data.geneNames);
            return {fit.importance, {}};
        } catch (const std::exception& e) {
            return {{}, QString::fromStdString(e.what())};
        }
    }));
}

// ---------------------------------------------------------------- persistence

RunRecord MainWindow::currentRecord() const {
    RunRecord r;
    r.config = resultConfig_;
    r.runtime = runtimeInfo();
    r.dataset = resultDataset_;
    if (findings_) r.findings = *findings_;
    r.timings.runSeconds = runSeconds_;
    r.linearImportance = linearImportance_;
    r.startedAt = startedAt_.toStdString();
    r.finishedAt = utcTimestamp();
    r.command = "deepmapper-studio";
    return r;
}

bool MainWindow::saveRunTo(const QString& path) {
    if (!findings_) return showError(tr("Save run"), tr("There is no result to save yet: run first.")), false;
    try {
        writeRunJson(currentRecord(), path.toStdString());
    } catch (const std::exception& e) {
        showError(tr("Could not save the run"), QString::fromStdString(e.what()));
        return false;
    }
    lastRunPath_ = path;
    setUnsaved(false);
    addRecent(path);
    log(tr("Run saved to %1").arg(path));
    statusBar()->showMessage(tr("Run saved"), 5000);
    return true;
}

bool MainWindow::openRunFrom(const QString& path) {
    if (controller_->running()) return showError(tr("Open run"), tr("Stop the current run first.")), false;
    if (!confirmDiscard()) return false;
    RunRecord rec;
    try {
        // Read on this thread (a few seconds at most for 30k genes x 100 passes): say so.
        QApplication::setOverrideCursor(Qt::WaitCursor);
        struct RestoreCursor {
            ~RestoreCursor() { QApplication::restoreOverrideCursor(); }
        } restore;
        rec = loadRunRecord(path.toStdString());
    } catch (const std::exception& e) {
        showError(tr("Could not open the run"),
                  QString::fromStdString(e.what()) +
                      tr("\n\nA run file is written by File > Save run (.dmrun) or by `deepmapper run` (run.json). "
                         "If this one was edited or cut short, save the run again or use the run.json of its "
                         "output folder."));
        return false;
    }
    resultConfig_ = rec.config;
    resultDataset_ = rec.dataset;
    featureNames_ = rec.findings.featureNames;
    featureIds_ = rec.findings.featureIds;
    startedAt_ = QString::fromStdString(rec.startedAt);
    resetResults(featureNames_, featureIds_, rec.config);
    runSeconds_ = rec.timings.runSeconds;
    records_ = rec.findings.passes;
    int accepted = 0;
    for (size_t i = 0; i < records_.size(); ++i) {
        auto snap = std::make_shared<PassSnapshot>();
        snap->record = records_[i];
        accepted += records_[i].accepted;
        snap->accepted = accepted;
        snap->tries = int(i + 1);
        passesView_->addPass(snap->record, snap->accepted, snap->tries);
        attributionView_->addPass(snap);
    }
    showFindings(std::make_shared<const Findings>(rec.findings));
    linearImportance_ = rec.linearImportance;
    rankingView_->setLinearImportance(linearImportance_);
    configPanel_->setConfig(rec.config);
    lastRunPath_ = path;
    setUnsaved(false);
    addRecent(path);
    centre_->setCurrentWidget(tabs_);
    tabs_->setCurrentWidget(rankingView_);
    log(tr("Opened run %1: %2 passes accepted of %3 tries, dataset %4")
            .arg(path)
            .arg(rec.findings.accepted)
            .arg(rec.findings.tries)
            .arg(QString::fromStdString(rec.dataset.source)));
    updateTitle();
    updateActions();
    emit runOpened(path);
    return true;
}

bool MainWindow::exportRankingTo(const QString& path) {
    if (!findings_ || findings_->accepted == 0)
        return showError(tr("Export ranked genes"), tr("There is no ranking yet: run until a pass is accepted.")), false;
    try {
        exportRanking(currentRecord(), path);
    } catch (const std::exception& e) {
        showError(tr("Could not export the ranking"), QString::fromStdString(e.what()));
        return false;
    }
    log(tr("Ranked genes exported to %1").arg(path));
    return true;
}

QList<NamedPlot> MainWindow::figures() const {
    QList<NamedPlot> plots{{"passes", passesView_->accuracyPlot()},
                           {"training_curve", passesView_->lossPlot()},
                           {"attribution_map", attributionView_->plot()},
                           {"top_genes", rankingView_->barPlot()}};
    if (confusionView_->hasData()) plots.append({"confusion_matrix", confusionView_->plot()});
    return plots;
}

bool MainWindow::exportFiguresTo(const QString& dir, const QString& format, int dpi) {
    try {
        const QStringList files = saveFigures(figures(), dir, format, dpi);
        log(tr("%1 figures written to %2").arg(files.size()).arg(dir));
    } catch (const std::exception& e) {
        showError(tr("Could not export the figures"), QString::fromStdString(e.what()));
        return false;
    }
    return true;
}

bool MainWindow::exportReportTo(const QString& dir) {
    if (!findings_) return showError(tr("Export report"), tr("There is no result yet: run first.")), false;
    try {
        const QStringList files = exportReportFolder(currentRecord(), figures(), dir);
        log(tr("Report folder %1: %2 files").arg(dir).arg(files.size()));
    } catch (const std::exception& e) {
        showError(tr("Could not export the report"), QString::fromStdString(e.what()));
        return false;
    }
    setUnsaved(false);
    return true;
}

void MainWindow::addRecent(const QString& path) {
    QSettings s;
    QStringList recent = s.value("recentFiles").toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent) recent.removeLast();
    s.setValue("recentFiles", recent);
    refreshRecent();
}

void MainWindow::refreshRecent() {
    const QStringList recent = QSettings().value("recentFiles").toStringList();
    recentMenu_->clear();
    welcomeRecent_->clear();
    for (const QString& path : recent) {
        const bool run = QFileInfo(path).suffix().compare(kRunSuffix, Qt::CaseInsensitive) == 0;
        const QString name = QFileInfo(path).fileName() + (run ? tr("  (saved run)") : QString());
        QAction* a = recentMenu_->addAction(name);
        a->setToolTip(path);
        connect(a, &QAction::triggered, this, [this, path] { openFile(path); });
        auto* item = new QListWidgetItem(name + "   —   " + path, welcomeRecent_);
        item->setData(Qt::UserRole, path);
    }
    recentMenu_->setEnabled(!recent.isEmpty());
    welcomeRecent_->setVisible(!recent.isEmpty());
    if (auto* title = findChild<QLabel*>("welcomeRecentTitle")) title->setVisible(!recent.isEmpty());
}

void MainWindow::saveSettings() const {
    QSettings s;
    s.setValue("window/geometry", saveGeometry());
    s.setValue("window/state", saveState());
    s.setValue("lastConfig", QString::fromStdString(toJson(configPanel_->config()).dump()));
}

void MainWindow::restoreSettings() {
    QSettings s;
    restoreGeometry(s.value("window/geometry").toByteArray());
    restoreState(s.value("window/state").toByteArray());
    const QString last = s.value("lastConfig").toString();
    if (!last.isEmpty()) {
        try {
            configPanel_->setConfig(runConfigFromJson(nlohmann::json::parse(last.toStdString())));
        } catch (const std::exception& e) {  // an older or damaged setting: defaults are fine
            log(tr("Last configuration not restored: %1").arg(QString::fromStdString(e.what())));
        }
    }
}

// ---------------------------------------------------------------- window state

void MainWindow::setUnsaved(bool on) {
    unsaved_ = on;
    updateTitle();
}

void MainWindow::updateTitle() {
    QString name = tr("no dataset");
    // The results' dataset first: a reopened run may come from another file than the one loaded.
    if (findings_ && !resultDataset_.source.empty())
        name = QFileInfo(QString::fromStdString(resultDataset_.source)).fileName();
    else if (dataset_)
        name = QFileInfo(QString::fromStdString(dataset_->source)).fileName();
    if (findings_ && findings_->partial) name += tr(" (partial result)");
    setWindowTitle(tr("%1[*] — DeepMapper Studio").arg(name));
    setWindowModified(unsaved_);
}

void MainWindow::updateActions() {
    const bool running = controller_->running();
    const bool ready = datasetPanel_->problem().isEmpty() && configPanel_->problem().isEmpty();
    startAct_->setEnabled(!running && ready);
    startAct_->setToolTip(ready ? tr("Start the run with the current configuration (F5)")
                                : tr("Cannot start: %1").arg(datasetPanel_->problem().isEmpty() ? configPanel_->problem()
                                                                                                : datasetPanel_->problem()));
    stopAct_->setEnabled(running && !controller_->stopRequested());
    const bool ranked = findings_ && findings_->accepted > 0;
    baselineAct_->setEnabled(input_ && !running && !baselineRunning_);
    evaluateAct_->setEnabled(!running && ready);
    saveRunAct_->setEnabled(findings_ && !running);
    exportRankingAct_->setEnabled(ranked);
    exportReportAct_->setEnabled(ranked && !running);
    exportH5adAct_->setEnabled(ranked && !running && dataset_ &&
                               dataset_->geneNames == findings_->featureNames);
    exportFiguresAct_->setEnabled(findings_ != nullptr || running);
    for (QAction* a : {openAct_, open10xAct_, populationsAct_, demoAct_, openRunAct_}) a->setEnabled(!running);
    recentMenu_->setEnabled(!running && !recentMenu_->isEmpty());
    configPanel_->setEnabled(!running);
    datasetPanel_->setEnabled(!running);
}

void MainWindow::log(const QString& text) {
    log_->appendPlainText(QTime::currentTime().toString("HH:mm:ss  ") + text);
}

void MainWindow::showError(const QString& title, const QString& message) {
    log(title + ": " + message);
    emit errorShown(message);
    if (interactive_) QMessageBox::warning(this, title, message);
}

bool MainWindow::confirmDiscard() {
    if (!unsaved_ || !interactive_) return true;
    const auto answer = QMessageBox::question(
        this, tr("Unsaved results"), tr("The current results are not saved. Save them before continuing?"),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Cancel) return false;
    if (answer == QMessageBox::Save) {
        chooseSaveRun();
        return !unsaved_;
    }
    return true;
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (controller_->running() && interactive_ &&
        QMessageBox::question(this, tr("A run is in progress"), tr("Stop the run and quit?")) != QMessageBox::Yes) {
        event->ignore();
        return;
    }
    if (!confirmDiscard()) {
        event->ignore();
        return;
    }
    controller_->stop();
    saveSettings();
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

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About DeepMapper Studio"),
                       tr("<h3>DeepMapper Studio</h3><p>Which genes separate your cell states, with every gene "
                          "kept.</p><pre>%1</pre>")
                           .arg(QString::fromStdString(versionReport(qVersion())).toHtmlEscaped()));
}

// ---------------------------------------------------------------- dialogs

void MainWindow::chooseDataset() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open dataset or saved run"), {},
        tr("Datasets and runs (*.h5ad *.h5 *.dmrun);;DeepMapper runs (*.dmrun);;Single-cell data (*.h5ad *.h5);;"
           "AnnData (*.h5ad);;10x HDF5 (*.h5);;All files (*)"));
    if (!path.isEmpty()) openFile(path);
}

void MainWindow::choose10xFolder() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open 10x matrix folder"));
    if (!dir.isEmpty()) openPath(dir);
}

void MainWindow::choosePopulations() {
    PopulationsDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted) loadPopulations(dialog.sources(), dialog.maxPerClass());
}

void MainWindow::chooseSaveRun() {
    QString path = QFileDialog::getSaveFileName(this, tr("Save run"),
                                                lastRunPath_.isEmpty() ? QString("run.") + kRunSuffix : lastRunPath_,
                                                tr("DeepMapper runs (*.dmrun);;Run record JSON (*.json)"));
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty()) path += QString(".") + kRunSuffix;
    saveRunTo(path);
}

void MainWindow::chooseOpenRun() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open run"), {}, tr("DeepMapper runs (*.dmrun);;Run record JSON (*.json);;All files (*)"));
    if (!path.isEmpty()) openFile(path);
}

void MainWindow::chooseExportRanking() {
    QString filter;
    QString path = QFileDialog::getSaveFileName(
        this, tr("Export ranked genes"), "ranking.csv",
        tr("CSV (*.csv);;TSV (*.tsv);;Gene list, top-k (*.txt);;Excel workbook (*.xlsx)"), &filter);
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty()) path += filter.section("*", 1).section(")", 0, 0);
    exportRankingTo(path);
}

void MainWindow::chooseExportFigures() {
    FigureExportDialog options(this);
    if (options.exec() != QDialog::Accepted) return;
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder for the figures"));
    if (!dir.isEmpty()) exportFiguresTo(dir, options.format(), options.dpi());
}

void MainWindow::chooseExportReport() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Report folder (new or empty)"));
    if (!dir.isEmpty()) exportReportTo(dir);
}

void MainWindow::chooseExportH5ad() {
    QString path = QFileDialog::getSaveFileName(this, tr("Export results into .h5ad"), "deepmapper_results.h5ad",
                                                tr("AnnData (*.h5ad)"));
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty()) path += ".h5ad";
    exportH5adTo(path);
}

bool MainWindow::exportH5adTo(const QString& path) {
    if (!exportH5adAct_->isEnabled())
        return showError(tr("Export results into .h5ad"),
                         tr("Needs a ranking of the loaded dataset's genes: run (or reopen the run) with the "
                            "dataset it was computed on loaded.")),
               false;
    if (QFileInfo::exists(path) &&
        QFileInfo(path).canonicalFilePath() == QFileInfo(QString::fromStdString(dataset_->source)).canonicalFilePath())
        return showError(tr("Export results into .h5ad"), tr("Choose a new file: the input file is never overwritten.")),
               false;
    try {
        writeAnnotatedH5ad(*dataset_, currentRecord(), path.toStdString());
    } catch (const std::exception& e) {
        showError(tr("Could not write the .h5ad"), QString::fromStdString(e.what()));
        return false;
    }
    log(tr("Results written into %1").arg(path));
    return true;
}

void MainWindow::copy() {
    if (tabs_->currentWidget() == rankingView_ || rankingView_->isAncestorOf(QApplication::focusWidget()))
        rankingView_->copySelection();
    else if (auto* w = QApplication::focusWidget(); w && w->metaObject()->indexOfSlot("copy()") >= 0)
        QMetaObject::invokeMethod(w, "copy");
}

}  // namespace dm::ui
