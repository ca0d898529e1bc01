// The main window opens, loads the demo dataset off the GUI thread, shows its shape, closes.
#include "main_window.h"

#include <QLabel>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void opensWithMenus() {
        dm::ui::MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QStringList menus;
        for (QAction* a : w.menuBar()->actions()) menus << a->text().remove('&');
        QCOMPARE(menus, (QStringList{"File", "Edit", "Run", "View", "Help"}));
        QVERIFY(w.statusBar()->isVisible());
        QVERIFY(w.close());
    }
    void demoDatasetShowsShape() {
        dm::ui::MainWindow w;
        w.show();
        QSignalSpy loaded(&w, &dm::ui::MainWindow::datasetLoaded);
        auto* button = w.findChild<QPushButton*>("welcomeDemoButton");
        QVERIFY(button);
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(loaded.wait(30000));
        QVERIFY(w.dataset());
        QCOMPARE(w.dataset()->cells(), 2000);
        auto* summary = w.findChild<QLabel*>("datasetSummary");
        QVERIFY(summary->text().contains("2000 cells x 5000 genes"));
        QVERIFY(w.close());
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
