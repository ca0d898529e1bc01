#include "main_actions.h"

#include "linear_baseline_job.h"
#include "run_controller.h"
#include "run_document.h"

#include <QAction>
#include <QMainWindow>
#include <QMenuBar>
#include <QStyle>
#include <QToolBar>

namespace dm::ui {

MainActions::MainActions(QMainWindow* window, const QList<QAction*>& viewToggles, const RunDocument* document,
                         const RunController* controller, const LinearBaselineJob* baselineJob)
    : QObject(window), document_(document), controller_(controller), baseline_(baselineJob) {
    auto make = [window](const QString& text, const char* name, const QString& tip, QKeySequence key = {}) {
        auto* a = new QAction(text, window);
        a->setObjectName(name);
        a->setToolTip(tip);
        a->setStatusTip(tip);
        if (!key.isEmpty()) a->setShortcut(key);
        return a;
    };
    const QStyle* s = window->style();
    open = make(tr("&Open..."), "actionOpen", tr("Open an .h5ad file, a 10x .h5 file or a saved run (.dmrun)"),
                QKeySequence::Open);
    open->setIcon(s->standardIcon(QStyle::SP_DialogOpenButton));
    open10x = make(tr("Open 10x &directory..."), "actionOpen10x", tr("Open a 10x matrix folder (matrix.mtx, features, barcodes)"));
    populations = make(tr("Add sorted &populations..."), "actionPopulations",
                       tr("Several 10x sources, one label each, merged on shared genes"));
    demo = make(tr("Try the &demo dataset"), "actionDemo", tr("The built-in planted-signal dataset, generated now"));
    saveRun = make(tr("&Save run..."), "actionSaveRun",
                   tr("Save configuration, every pass and the ranking as a .dmrun file, to reopen without retraining"),
                   QKeySequence::Save);
    saveRun->setIcon(s->standardIcon(QStyle::SP_DialogSaveButton));
    openRun = make(tr("Open &run..."), "actionOpenRun", tr("Reopen a saved run (.dmrun) without retraining"));
    exportRanking = make(tr("&Export ranked genes..."), "actionExportRanking",
                         tr("Ranked genes as CSV, TSV, a plain gene list or Excel"), QKeySequence(tr("Ctrl+E")));
    exportFigures = make(tr("Export &figures..."), "actionExportFigures", tr("Every plot as PNG, SVG or PDF"));
    exportReport = make(tr("Export report &folder..."), "actionExportReport",
                        tr("Tables, gene list, run JSON and figures into one folder"));
    exportH5ad = make(tr("Export results into .&h5ad..."), "actionExportH5ad",
                      tr("A new .h5ad with the per-gene statistics as var columns"));
    // Explicit: some platform themes have no binding for QKeySequence::Quit.
    quit = make(tr("&Quit"), "actionQuit", tr("Quit DeepMapper Studio"), QKeySequence(tr("Ctrl+Q")));
    copy = make(tr("&Copy"), "actionCopy", tr("Copy the selected ranked genes as tab-separated rows"), QKeySequence::Copy);
    start = make(tr("&Start"), "actionStart", tr("Start the run with the current configuration"), QKeySequence(Qt::Key_F5));
    start->setIcon(s->standardIcon(QStyle::SP_MediaPlay));
    stop = make(tr("S&top"), "actionStop", tr("Stop the run; accepted passes are kept as a partial result"),
                QKeySequence(Qt::Key_Escape));
    stop->setIcon(s->standardIcon(QStyle::SP_MediaStop));
    baseline = make(tr("&Linear baseline"), "actionBaseline",
                    tr("Fit an L2 logistic regression on every gene of the run's input; its importance "
                       "appears beside the ranking"));
    evaluate = make(tr("&Evaluate (ensembled prediction)"), "actionEvaluate",
                    tr("Train the configured number of arrangements on one split and average their "
                       "predictions: confusion matrix and per-class metrics"));
    about = make(tr("&About DeepMapper Studio"), "actionAbout", tr("Versions of the application and its libraries"));
    buildMenus(window, viewToggles);
    buildToolBar(window);
}

void MainActions::buildMenus(QMainWindow* window, const QList<QAction*>& viewToggles) {
    QMenu* file = window->menuBar()->addMenu(tr("&File"));
    file->addActions({open, open10x, populations, demo});
    recentMenu = file->addMenu(tr("Open &recent"));
    recentMenu->setObjectName("recentMenu");
    file->addSeparator();
    file->addActions({saveRun, openRun});
    file->addSeparator();
    file->addActions({exportRanking, exportFigures, exportReport, exportH5ad});
    file->addSeparator();
    file->addAction(quit);
    window->menuBar()->addMenu(tr("&Edit"))->addAction(copy);
    QMenu* run = window->menuBar()->addMenu(tr("&Run"));
    run->addActions({start, stop});
    run->addSeparator();
    run->addActions({baseline, evaluate});
    window->menuBar()->addMenu(tr("&View"))->addActions(viewToggles);
    window->menuBar()->addMenu(tr("&Help"))->addAction(about);
}

void MainActions::buildToolBar(QMainWindow* window) {
    QToolBar* bar = window->addToolBar(tr("Main"));
    bar->setObjectName("mainToolBar");
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addActions({open, saveRun});
    bar->addSeparator();
    bar->addActions({start, stop});
    bar->addSeparator();
    bar->addAction(exportRanking);
}

void MainActions::update(const QString& problem) {
    const bool running = controller_->running();
    const bool ready = problem.isEmpty();
    start->setEnabled(!running && ready);
    start->setToolTip(ready ? tr("Start the run with the current configuration (F5)") : tr("Cannot start: %1").arg(problem));
    stop->setEnabled(running && !controller_->stopRequested());
    baseline->setEnabled(document_->input() && !running && !baseline_->running());
    evaluate->setEnabled(!running && ready);
    const bool result = document_->findings() != nullptr, ranked = document_->hasRanking();
    saveRun->setEnabled(result && !running);
    exportRanking->setEnabled(ranked);
    exportReport->setEnabled(ranked && !running);
    exportH5ad->setEnabled(document_->rankingMatchesDataset() && !running);
    exportFigures->setEnabled(result || running);
    for (QAction* a : {open, open10x, populations, demo, openRun}) a->setEnabled(!running);
}

}  // namespace dm::ui
