#include "screenshot_tour.h"

#include "main_window.h"
#include "attribution_view.h"
#include "dataset_panel.h"
#include "passes_view.h"
#include "markers_view.h"
#include "ranking_view.h"
#include "run_config_panel.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QScreen>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>

#include <algorithm>

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
        // The whole panel, past what the dock's scroll area shows.
        ok = grabTo(window->configPanel(), QDir(dir).filePath("panel_run_configuration_full.png")) && ok;
    }
    done(ok ? 0 : 1);
}

// The class the Markers pictures show: DM_SCREENSHOT_CLASS (default CD14+ Monocyte, a
// class large enough for the chord test's gate on pbmc68k), else the third class.
int screenshotClass(const QComboBox* selector) {
    const QString wanted = qEnvironmentVariable("DM_SCREENSHOT_CLASS", "CD14+ Monocyte");
    for (int i = 0; i < selector->count(); ++i)
        if (selector->itemText(i) == wanted) return selector->itemData(i).toInt();
    return std::min(2, selector->count() - 2);
}

// The Markers views on a real labelled file: class selector in the ranking table, dot plot,
// heatmap, overlap view and the chord test's AUC plot.
void grabMarkers(MainWindow* window, const QString& dir, const std::function<void(int)>& done) {
    MarkersView* markers = window->markersView();
    const int cls = screenshotClass(markers->classSelector());
    window->rankingView()->setCurrentClass(cls);
    window->tabs()->setCurrentWidget(window->rankingView());
    window->rankingView()->table()->selectRow(0);
    window->rankingView()->classSelector()->showPopup();  // the choice itself in the picture
    QApplication::processEvents();
    // The open list is a window of its own: grab the screen, not the main window.
    bool ok = QGuiApplication::primaryScreen()->grabWindow(0).save(QDir(dir).filePath("markers_class_selector_open.png"), "PNG");
    window->rankingView()->classSelector()->hidePopup();
    ok = grabTo(window, QDir(dir).filePath("markers_ranking_one_class.png")) && ok;
    window->tabs()->setCurrentWidget(markers);
    const char* pages[] = {"markers_dot_plot", "markers_heatmap", "markers_overlap"};
    for (int i = 0; i < 3; ++i) {
        markers->tabs()->setCurrentIndex(i);
        ok = grabTo(window, QDir(dir).filePath(QString(pages[i]) + ".png")) && ok;
    }
    markers->tabs()->setCurrentIndex(3);
    QObject::connect(markers, &MarkersView::chordFinished, window, [window, dir, done, ok](bool chordOk) {
        QTimer::singleShot(200, window, [window, dir, done, ok, chordOk] {
            const bool grabbed = grabTo(window, QDir(dir).filePath("markers_chord_test.png"));
            done(ok && chordOk && grabbed ? 0 : 1);
        });
    });
    markers->chordSeeds()->setValue(3);
    markers->runChordTest();
}

// DM_SCREENSHOT_DATA=FILE (with DM_SCREENSHOT_LABEL and DM_SCREENSHOT_MATRIX): a short run on
// that file, then the Markers views.
void runMarkersTour(MainWindow* window, const QString& dir, const QString& data, std::function<void(int)> done) {
    const QString label = qEnvironmentVariable("DM_SCREENSHOT_LABEL", "bulk_labels");
    QObject::connect(window, &MainWindow::datasetLoaded, window, [window, label] {
        window->datasetPanel()->setLabelColumn(label);
        RunConfig c = window->configPanel()->config();
        c.passes = 6;
        c.maxTries = 0;
        c.minAccuracy = 0.5;
        c.epochs = 30;
        c.seed = 0;
        window->configPanel()->setConfig(c);
        window->startRun();
    });
    QObject::connect(window, &MainWindow::runFinished, window, [window, dir, done] {
        // The Wilcoxon test and linear baseline run on a worker: wait for them.
        auto* poll = new QTimer(window);
        QObject::connect(poll, &QTimer::timeout, window, [window, dir, done, poll] {
            if (!window->markersView()->standardMethodsReady()) return;
            poll->stop();
            poll->deleteLater();
            grabMarkers(window, dir, done);
        });
        poll->start(100);
    });
    window->openPath(data, qEnvironmentVariable("DM_SCREENSHOT_MATRIX", "auto"));
}

}  // namespace

void runScreenshotTour(MainWindow* window, const QString& dir, std::function<void(int)> done) {
    window->setInteractive(false);
    if (const QString data = qEnvironmentVariable("DM_SCREENSHOT_DATA"); !data.isEmpty()) {
        QDir().mkpath(dir);
        QObject::connect(window, &MainWindow::errorShown, window, [done](const QString& m) {
            qWarning("screenshot run: %s", qPrintable(m));
            done(2);
        });
        runMarkersTour(window, dir, data, std::move(done));
        return;
    }
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
