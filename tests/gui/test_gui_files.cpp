// Files in and out of the real window: a tiny run is exported into an annotated .h5ad and
// saved through the Save dialog as .dmrun; the run reopens from the command line and by
// drag and drop; bad files dropped get a dialog naming the problem and the fix; quitting
// with unsaved results asks; settings and window layout persist; shortcuts; About.
#include "command_line.h"
#include "data/h5ad_inspect.h"
#include "data/readers.h"
#include "dataset_panel.h"
#include "gui_test_helpers.h"
#include "main_window.h"
#include "ranking_model.h"
#include "ranking_view.h"
#include "run_config_panel.h"

#include <QAbstractButton>
#include <QAction>
#include <QCommandLineParser>
#include <QDir>
#include <QDockWidget>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace dm;
using namespace dm::ui;

namespace {

// Drops `path` onto the window as a file manager would.
bool dropFile(QWidget* window, const QString& path) {
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path)});
    QDragEnterEvent enter(QPoint(20, 20), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(window, &enter);
    if (!enter.isAccepted()) return false;
    QDropEvent drop(QPointF(20, 20), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(window, &drop);
    return drop.isAccepted();
}

// Clicks `button` on the next message box and records its text.
void answerNextMessageBox(QMessageBox::StandardButton button, QString* text = nullptr) {
    test::whenDialogShows<QMessageBox>([button, text](QMessageBox* box) {
        if (text) *text = box->text() + "\n" + box->informativeText();
        if (QAbstractButton* b = box->button(button)) b->click();
        else box->accept();
    });
}

}  // namespace

class TestGuiFiles : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString runPath_;  // the .dmrun saved by the first test

private slots:
    void initTestCase() {
        test::isolateSettings();
        QVERIFY(dir_.isValid());
    }

    void tinyRunExportsH5adAndSavesDmrun() {
        MainWindow w;
        w.setInteractive(false);
        w.show();
        QSignalSpy loaded(&w, &MainWindow::datasetLoaded);
        w.loadDemoWith(test::smallDemo());
        QVERIFY(loaded.wait(60000));
        w.configPanel()->setConfig(test::tinyConfig(2, 1));
        QSignalSpy finished(&w, &MainWindow::runFinished);
        w.startRun();
        QVERIFY(finished.wait(300000));
        QVERIFY(w.hasUnsavedResults());

        // Quitting asks first: Cancel keeps the window, Discard closes it.
        w.setInteractive(true);
        QString question;
        answerNextMessageBox(QMessageBox::Cancel, &question);
        QVERIFY(!w.close());
        QVERIFY(question.contains("not saved"));
        QVERIFY(w.isVisible());
        answerNextMessageBox(QMessageBox::Discard);
        QVERIFY(w.close());
        w.show();

        // The annotated .h5ad opens with the core reader and carries the statistics.
        const QString h5ad = dir_.filePath("results.h5ad");
        QVERIFY(w.exportH5adTo(h5ad));
        const Dataset back = readH5ad(h5ad.toStdString());
        QCOMPARE(back.cells(), int64_t(300));
        QCOMPARE(back.genes(), int64_t(400));
        const ObsTable var = readH5adVarTable(h5ad.toStdString());
        for (const char* column : {"deepmapper_rank", "deepmapper_selection_frequency", "deepmapper_median_importance",
                                   "deepmapper_mean_rank"})
            QVERIFY2(var.find(column) != nullptr, column);

        // Save run: the dialog offers .dmrun first and adds the extension.
        QStringList filters;
        QString proposed;
        test::whenDialogShows<QFileDialog>([&](QFileDialog* d) {
            filters = d->nameFilters();
            proposed = d->selectedFiles().value(0);
            // Typed as a user would (selectFile races the dialog's directory listing).
            // No extension: the app adds .dmrun.
            auto* name = d->findChild<QLineEdit*>("fileNameEdit");
            QVERIFY(name);
            name->setText(dir_.filePath("saved"));
            QMetaObject::invokeMethod(d, "accept");  // a slot, protected in QFileDialog
        });
        w.findChild<QAction*>("actionSaveRun")->trigger();
        QVERIFY(!filters.isEmpty());
        QVERIFY2(filters.front().contains("*.dmrun"), qPrintable(filters.front()));
        QVERIFY2(proposed.endsWith("run.dmrun"), qPrintable(proposed));
        runPath_ = dir_.filePath("saved.dmrun");
        QVERIFY2(QFile::exists(runPath_), qPrintable(QDir(dir_.path()).entryList().join(", ")));
        QVERIFY(!w.hasUnsavedResults());
        QVERIFY(QSettings().value("recentFiles").toStringList().contains(runPath_));  // runs are recent files
        QVERIFY(w.close());  // saved: no question asked
    }

    void commandLineOpensRun() {
        QVERIFY(!runPath_.isEmpty());
        QCommandLineParser bad;
        StartupOptions ignored;
        QVERIFY(!parseStartup(bad, {"deepmapper-studio", "--no-such-flag"}, ignored));

        QCommandLineParser parser;
        StartupOptions options;
        QVERIFY(parseStartup(parser, {"deepmapper-studio", runPath_}, options));
        QCOMPARE(options.paths, QStringList{runPath_});
        MainWindow w;
        w.setInteractive(false);
        w.show();
        QSignalSpy opened(&w, &MainWindow::runOpened);
        QSignalSpy loaded(&w, &MainWindow::datasetLoaded);
        QSignalSpy errors(&w, &MainWindow::errorShown);
        startWith(&w, options, [](int) {});
        QVERIFY2(opened.wait(30000), errors.isEmpty() ? "no error" : qPrintable(errors.at(0).at(0).toString()));
        QCOMPARE(loaded.count(), 0);  // reopened without loading or training anything
        QCOMPARE(w.findings()->accepted, 2);
        QCOMPARE(w.rankingView()->model()->rowCount(), 400);
        QVERIFY(!w.hasUnsavedResults());
        QVERIFY(w.windowTitle().contains("synthetic demo"));
    }

    void droppedRunOpens() {
        MainWindow w;
        w.setInteractive(false);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy opened(&w, &MainWindow::runOpened);
        QSignalSpy errors(&w, &MainWindow::errorShown);
        QVERIFY(dropFile(&w, runPath_));
        QVERIFY2(opened.wait(30000), errors.isEmpty() ? "no error" : qPrintable(errors.at(0).at(0).toString()));
        QCOMPARE(opened.at(0).at(0).toString(), runPath_);
        QCOMPARE(w.rankingView()->model()->rowCount(), 400);
    }

    void recentRunReopens() {
        MainWindow w;
        w.setInteractive(false);
        w.show();
        auto* list = w.findChild<QListWidget*>("welcomeRecent");  // the welcome page's list
        QListWidgetItem* item = nullptr;
        for (int i = 0; i < list->count(); ++i)
            if (list->item(i)->data(Qt::UserRole).toString() == runPath_) item = list->item(i);
        QVERIFY(item);
        QVERIFY(item->text().contains("saved run"));
        QSignalSpy opened(&w, &MainWindow::runOpened);
        emit list->itemActivated(item);  // double-click
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 30000);
        QCOMPARE(w.rankingView()->model()->rowCount(), 400);
        auto* menu = w.findChild<QMenu*>("recentMenu");
        QVERIFY(menu && menu->isEnabled());
        QCOMPARE(menu->actions().front()->toolTip(), runPath_);  // most recent first
    }

    void droppedBadFilesExplainTheFix() {
        MainWindow w;  // interactive: real dialogs, answered by the test
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));

        const QString notes = dir_.filePath("notes.txt");
        QFile f(notes);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("gene\tcount\nCD3E\t4\n");
        f.close();
        QString text;
        answerNextMessageBox(QMessageBox::Ok, &text);
        QVERIFY(dropFile(&w, notes));
        QTRY_VERIFY_WITH_TIMEOUT(!text.isEmpty(), 30000);
        QVERIFY2(text.contains("notes.txt") && text.contains(".h5ad") && text.contains(".dmrun"), qPrintable(text));

        const QString broken = dir_.filePath("broken.dmrun");  // a run cut short
        QFile g(broken);
        QVERIFY(g.open(QIODevice::WriteOnly));
        g.write("{\"format\": \"deepmapper-run\", \"config\": {");
        g.close();
        text.clear();
        answerNextMessageBox(QMessageBox::Ok, &text);
        QVERIFY(dropFile(&w, broken));
        QTRY_VERIFY_WITH_TIMEOUT(!text.isEmpty(), 30000);
        QVERIFY2(text.contains("broken.dmrun") && text.contains("Save run"), qPrintable(text));

        // An .h5ad that is not HDF5 at all (a failed download): the reader's message, no crash.
        const QString fake = dir_.filePath("download.h5ad");
        QFile h(fake);
        QVERIFY(h.open(QIODevice::WriteOnly));
        h.write("<html>404 Not Found</html>");
        h.close();
        text.clear();
        answerNextMessageBox(QMessageBox::Ok, &text);
        QVERIFY(dropFile(&w, fake));
        QTRY_VERIFY_WITH_TIMEOUT(!text.isEmpty(), 30000);
        QVERIFY2(text.contains("download.h5ad") && text.contains("HDF5"), qPrintable(text));

        QVERIFY(w.isVisible());
        QVERIFY(!w.findings());
        QVERIFY(!w.dataset());
    }

    void settingsAndLayoutPersist() {
        {
            MainWindow w;
            w.setInteractive(false);
            w.show();
            RunConfig c = test::tinyConfig(7, 3);
            c.seed = 4242;
            w.configPanel()->setConfig(c);
            w.findChild<QDockWidget*>("logDock")->hide();
            w.resize(1200, 707);
            QVERIFY(w.close());
        }
        MainWindow again;
        again.setInteractive(false);
        again.show();
        QCOMPARE(again.configPanel()->config().passes, 7);
        QCOMPARE(again.configPanel()->config().seed, uint64_t(4242));
        QVERIFY(!again.findChild<QDockWidget*>("logDock")->isVisible());
        QCOMPARE(again.size(), QSize(1200, 707));
        // Every tab's controls fit a 1280-pixel-wide screen with the docks open.
        QVERIFY2(again.minimumSizeHint().width() <= 1200, qPrintable(QString::number(again.minimumSizeHint().width())));
    }

    void openDialogsOfferRunsAndDatasets() {
        MainWindow w;
        w.setInteractive(false);
        for (const char* action : {"actionOpen", "actionOpenRun"}) {
            QStringList filters;
            test::whenDialogShows<QFileDialog>([&](QFileDialog* d) {
                filters = d->nameFilters();
                QMetaObject::invokeMethod(d, "reject");
            });
            w.findChild<QAction*>(action)->trigger();
            QVERIFY2(filters.contains("DeepMapper runs (*.dmrun)"), qPrintable(filters.join(" | ")));
            if (QByteArray(action) == "actionOpen")
                QVERIFY2(filters.front().contains("*.h5ad") && filters.front().contains("*.dmrun"),
                         qPrintable(filters.front()));
        }
    }

    void shortcutsAndAbout() {
        MainWindow w;
        w.setInteractive(false);
        const QList<QPair<const char*, QKeySequence>> expected{
            {"actionOpen", QKeySequence("Ctrl+O")},       {"actionSaveRun", QKeySequence("Ctrl+S")},
            {"actionExportRanking", QKeySequence("Ctrl+E")}, {"actionStart", QKeySequence(Qt::Key_F5)},
            {"actionStop", QKeySequence(Qt::Key_Escape)}, {"actionQuit", QKeySequence("Ctrl+Q")},
            {"actionCopy", QKeySequence("Ctrl+C")}};
        for (const auto& [name, key] : expected) {
            auto* a = w.findChild<QAction*>(name);
            QVERIFY2(a, name);
            QCOMPARE(a->shortcut(), QKeySequence(key));
        }
        QString about;
        answerNextMessageBox(QMessageBox::Ok, &about);
        w.findChild<QAction*>("actionAbout")->trigger();
        QVERIFY2(about.contains("Qt " + QString(qVersion())) && about.contains("LibTorch") && about.contains("HDF5"),
                 qPrintable(about));
    }
};

QTEST_MAIN(TestGuiFiles)
#include "test_gui_files.moc"
