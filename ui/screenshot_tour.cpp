#include "screenshot_tour.h"

#include "main_window.h"
#include "attribution_view.h"
#include "passes_view.h"
#include "ranking_view.h"
#include "run_config_panel.h"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>

namespace dm::ui {

namespace {

bool grabTo(QWidget* w, const QString& path) {
    QApplication::processEvents();
    return w->grab().save(path, "PNG");
}

void grabAll(MainWindow* window, const QString& dir, const std::function<void(int)>& done) {
    QDir().mkpath(dir);
    bool ok = true;
    window->rankingView()->table()->selectRow(0);  // box plot, and the gene's pixel marked on the map
    const char* names[] = {"tab_passes", "tab_attribution", "tab_confusion", "tab_ranking"};
    for (int i = 0; i < window->tabs()->count() && i < 4; ++i) {
        window->tabs()->setCurrentIndex(i);
        ok = grabTo(window, QDir(dir).filePath(QString(names[i]) + ".png")) && ok;
    }
    window->tabs()->setCurrentWidget(window->attributionView());
    window->attributionView()->showCanonical();
    ok = grabTo(window, QDir(dir).filePath("tab_attribution_canonical.png")) && ok;
    window->attributionView()->showClassMean(0);  // the input itself: first class's mean expression
    ok = grabTo(window, QDir(dir).filePath("tab_attribution_class_mean.png")) && ok;
    window->attributionView()->setClassContrast(true);  // where that class stands out
    ok = grabTo(window, QDir(dir).filePath("tab_attribution_class_contrast.png")) && ok;
    window->attributionView()->setClassContrast(false);
    window->attributionView()->showAttribution();
    if (auto* dock = window->findChild<QDockWidget*>("configDock")) {
        dock->raise();
        ok = grabTo(window, QDir(dir).filePath("panel_run_configuration.png")) && ok;
    }
    done(ok ? 0 : 1);
}

}  // namespace

void runScreenshotTour(MainWindow* window, const QString& dir, std::function<void(int)> done) {
    window->setInteractive(false);
    QDir().mkpath(dir);
    grabTo(window, QDir(dir).filePath("welcome.png"));
    QObject::connect(window, &MainWindow::errorShown, window, [done](const QString& m) {
        qWarning("screenshot run: %s", qPrintable(m));
        done(2);
    });
    QObject::connect(window, &MainWindow::datasetLoaded, window, [window, dir] {
        window->tabs()->setCurrentWidget(window->passesView());  // what a user sees before the first run
        grabTo(window, QDir(dir).filePath("tab_passes_before_run.png"));
        RunConfig c = window->configPanel()->config();
        c.passes = 4;  // a short job that still learns the planted signal
        c.maxTries = 0;  // 3 x passes
        c.minAccuracy = 0.4;
        c.epochs = 30;
        c.lr = 3e-3;
        c.earlyStop.minEpochs = 5;
        c.earlyStop.patience = 5;
        c.attribution.samples = 32;
        c.attribution.igSteps = 16;
        c.seed = 0;
        window->configPanel()->setConfig(c);
        window->startRun();
    });
    // Run, then evaluate (fills the confusion matrix tab), then grab.
    QObject::connect(window, &MainWindow::runFinished, window, [window] {
        QTimer::singleShot(100, window, &MainWindow::runEvaluation);
    });
    QObject::connect(window, &MainWindow::evaluationFinished, window, [window, dir, done] {
        QTimer::singleShot(200, window, [window, dir, done] { grabAll(window, dir, done); });
    });
    SyntheticSpec spec;
    spec.cells = 600;
    spec.genes = 900;
    window->loadDemoWith(spec);
}

}  // namespace dm::ui
