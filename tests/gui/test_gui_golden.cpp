// The real window on a real file: pbmc68k_reduced.h5ad (scanpy's example) opens off the
// GUI thread, offers its matrices and categorical columns, bulk_labels lists its classes
// with counts, and a two-pass tiny run fills the ranking with the file's gene names.
#include "dataset_panel.h"
#include "gui_test_helpers.h"
#include "main_window.h"
#include "ranking_model.h"
#include "ranking_view.h"
#include "run_config_panel.h"
#include "test_support.h"

#include <QComboBox>
#include <QListWidget>
#include <QSignalSpy>
#include <QTest>

using namespace dm;
using namespace dm::ui;

class TestGuiGolden : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { test::isolateSettings(); }

    void pbmcBulkLabels() {
        DM_REQUIRE_SHARED();
        MainWindow w;
        w.setInteractive(false);
        w.show();
        QSignalSpy loaded(&w, &MainWindow::datasetLoaded);
        QSignalSpy errors(&w, &MainWindow::errorShown);
        w.openPath(QString::fromStdString(test::sharedPath("data/h5ad/pbmc68k_reduced.h5ad")));
        QVERIFY2(loaded.wait(120000), errors.isEmpty() ? "no signal" : qPrintable(errors.at(0).at(0).toString()));
        QCOMPARE(w.dataset()->cells(), 700);

        auto* label = w.findChild<QComboBox*>("labelCombo");
        QVERIFY(label->findData("bulk_labels") >= 0);
        QVERIFY(label->findData("louvain") >= 0);
        w.datasetPanel()->setLabelColumn("bulk_labels");
        auto* classes = w.findChild<QListWidget*>("classList");
        QCOMPARE(classes->count(), 10);
        qint64 total = 0;
        for (int i = 0; i < classes->count(); ++i) total += classes->item(i)->data(Qt::UserRole + 1).toLongLong();
        QCOMPARE(total, 700);
        auto* matrix = w.findChild<QComboBox*>("matrixCombo");
        QVERIFY(matrix->count() >= 2);  // X and raw.X
        QCOMPARE(matrix->currentText(), QString::fromStdString(w.dataset()->matrix));

        w.configPanel()->setConfig(test::tinyConfig(2, 2));
        QSignalSpy finished(&w, &MainWindow::runFinished);
        w.startRun();
        QVERIFY(finished.wait(600000));
        QCOMPARE(w.findings()->accepted, 2);
        QCOMPARE(w.rankingView()->model()->rowCount(), int(w.dataset()->genes()));
        const QString top = w.rankingView()->model()->index(0, RankingModel::Gene).data().toString();
        QVERIFY(std::find(w.dataset()->geneNames.begin(), w.dataset()->geneNames.end(), top.toStdString()) !=
                w.dataset()->geneNames.end());
        QVERIFY(w.close());
    }
};

QTEST_MAIN(TestGuiGolden)
#include "test_gui_golden.moc"
