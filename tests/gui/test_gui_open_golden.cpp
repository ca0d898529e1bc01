// Real 10x inputs from ../shared through the real window: a 10x matrix folder and 10x
// .h5 files (CellRanger v3 and v2) open off the GUI thread through the same entry point
// as the command line and drag and drop, and "Add sorted populations..." merges two
// labelled 10x sources into a two-class dataset with a "population" label column.
#include "dataset_panel.h"
#include "dialogs.h"
#include "gui_test_helpers.h"
#include "main_window.h"
#include "test_support.h"

#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace dm;
using namespace dm::ui;

namespace {

QString shared(const char* relative) { return QString::fromStdString(test::sharedPath(relative)); }

// Opens `path` as the command line and a drop would, and waits for the dataset.
bool openAndWait(MainWindow& w, const QString& path, QString* error) {
    QSignalSpy loaded(&w, &MainWindow::datasetLoaded);
    QSignalSpy errors(&w, &MainWindow::errorShown);
    w.openFile(path);
    if (loaded.wait(60000)) return true;
    *error = errors.isEmpty() ? QString("no signal") : errors.at(0).at(0).toString();
    return false;
}

}  // namespace

class TestGuiOpenGolden : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { test::isolateSettings(); }

    void tenxFolderAndH5Agree() {
        DM_REQUIRE_SHARED();
        MainWindow w;
        w.setInteractive(false);
        w.show();
        QString error;
        const QString folder = shared("data/10x/3.0.0/filtered_feature_bc_matrix");
        QVERIFY2(openAndWait(w, folder, &error), qPrintable(error));
        const int64_t cells = w.dataset()->cells(), genes = w.dataset()->genes();
        QVERIFY(cells > 0 && genes > 0);
        QVERIFY(w.findChild<QLabel*>("datasetSummary")->text().contains(QString("%1 cells x %2 genes").arg(cells).arg(genes)));
        QVERIFY(QSettings().value("recentFiles").toStringList().contains(folder));

        // The same CellRanger output as .h5: the same matrix shape and gene names.
        const std::vector<std::string> names = w.dataset()->geneNames;
        QVERIFY2(openAndWait(w, shared("data/10x/3.0.0/filtered_feature_bc_matrix.h5"), &error), qPrintable(error));
        QCOMPARE(w.dataset()->cells(), cells);
        QCOMPARE(w.dataset()->genes(), genes);
        QVERIFY(w.dataset()->geneNames == names);
        QVERIFY(w.windowTitle().contains("filtered_feature_bc_matrix.h5"));

        // CellRanger v2 .h5 (one genome group).
        QVERIFY2(openAndWait(w, shared("data/10x/1.2.0/filtered_gene_bc_matrices_h5.h5"), &error), qPrintable(error));
        QVERIFY(w.dataset()->cells() > 0 && w.dataset()->genes() > 0);
    }

    // A copy cut short (an interrupted transfer) is reported, not crashed on.
    void truncatedH5adIsReported() {
        DM_REQUIRE_SHARED();
        QFile full(shared("data/h5ad/pbmc68k_reduced.h5ad"));
        QVERIFY(full.open(QIODevice::ReadOnly));
        QTemporaryDir dir;
        const QString cut = dir.filePath("pbmc_cut.h5ad");
        QFile out(cut);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(full.read(full.size() / 3));
        out.close();
        MainWindow w;
        w.setInteractive(false);
        QSignalSpy errors(&w, &MainWindow::errorShown);
        QSignalSpy loaded(&w, &MainWindow::datasetLoaded);
        w.openFile(cut);
        QVERIFY(errors.wait(60000));
        QVERIFY2(errors.at(0).at(0).toString().contains("pbmc_cut.h5ad"), qPrintable(errors.at(0).at(0).toString()));
        QCOMPARE(loaded.count(), 0);
        QVERIFY(!w.dataset());
    }

    void sortedPopulationsMerge() {
        DM_REQUIRE_SHARED();
        MainWindow w;
        w.setInteractive(false);
        w.show();
        const QString folder = shared("data/10x/3.0.0/filtered_feature_bc_matrix");
        const QString h5 = shared("data/10x/3.0.0/filtered_feature_bc_matrix.h5");
        bool dialogSeen = false;
        test::whenDialogShows<PopulationsDialog>([&](PopulationsDialog* d) {
            dialogSeen = true;
            d->addSource(folder, "sorted_A");
            d->addSource(h5, "sorted_B");
            d->accept();
        });
        QSignalSpy loaded(&w, &MainWindow::datasetLoaded);
        QSignalSpy errors(&w, &MainWindow::errorShown);
        w.findChild<QAction*>("actionPopulations")->trigger();
        QVERIFY(dialogSeen);
        QVERIFY2(loaded.wait(60000), errors.isEmpty() ? "no signal" : qPrintable(errors.at(0).at(0).toString()));

        auto* label = w.findChild<QComboBox*>("labelCombo");
        QVERIFY(label->findData("population") >= 0);
        w.datasetPanel()->setLabelColumn("population");
        auto* classes = w.findChild<QListWidget*>("classList");
        QCOMPARE(classes->count(), 2);
        QStringList names;
        qint64 total = 0;
        for (int i = 0; i < classes->count(); ++i) {
            names << classes->item(i)->text();
            total += classes->item(i)->data(Qt::UserRole + 1).toLongLong();
        }
        QVERIFY2(names.join(" ").contains("sorted_A") && names.join(" ").contains("sorted_B"), qPrintable(names.join(" ")));
        QCOMPARE(total, qint64(w.dataset()->cells()));
        QCOMPARE(total % 2, qint64(0));  // the same cells twice, one copy per population
        QVERIFY(w.datasetPanel()->problem().isEmpty());  // ready to run
    }
};

QTEST_MAIN(TestGuiOpenGolden)
#include "test_gui_open_golden.moc"
