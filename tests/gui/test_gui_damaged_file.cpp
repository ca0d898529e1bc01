// A damaged file that crashes the HDF5 library cannot take the desktop application down:
// with the isolated reader on (as the application's main turns it on), opening such a file
// after a run shows an error naming the file, the object being read and the fix, and the
// window keeps its dataset and its unsaved results. A stand-in reader that dies with
// SIGSEGV makes the crash certain whatever libhdf5 version is installed; the real reader
// then opens a good file in the same window.
#include "data/h5ad_writer.h"
#include "data/isolated_reader.h"
#include "data/synthetic.h"
#include "gui_test_helpers.h"
#include "main_window.h"
#include "run_config_panel.h"
#include "test_support.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/wait.h>

#include <cerrno>

using namespace dm;
using namespace dm::ui;

class TestGuiDamagedFile : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    std::string crashingReader() {
        const QString path = dir_.filePath("crashing-reader.sh");
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        f.write("#!/bin/sh\necho 'reading /obs/cell_type/categories' >&4\nkill -SEGV $$\n");
        f.close();
        f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        return path.toStdString();
    }

private slots:
    void initTestCase() {
        test::isolateSettings();
        QVERIFY(dir_.isValid());
    }
    void cleanupTestCase() { isolation::disable(); }

    void crashingFileLeavesTheRunAlone() {
        MainWindow w;
        w.setInteractive(false);  // errors are logged and signalled instead of modal
        w.show();
        QSignalSpy loaded(&w, &MainWindow::datasetLoaded);
        w.loadDemoWith(test::smallDemo());
        QVERIFY(loaded.wait(60000));
        w.configPanel()->setConfig(test::tinyConfig(1, 1));
        QSignalSpy finished(&w, &MainWindow::runFinished);
        w.startRun();
        QVERIFY(finished.wait(300000));
        QVERIFY(w.hasUnsavedResults());
        const Dataset* before = w.dataset();
        const auto findings = w.findings();
        QVERIFY(before && findings);

        const QString damaged = dir_.filePath("damaged.h5ad");
        SyntheticSpec spec;
        spec.cells = 30;
        spec.genes = 20;
        spec.classes = 2;  // 2 x (2 markers + 2 chord genes) planted in 20 genes
        spec.markersPerClass = 2;
        spec.chordPerClass = 2;
        writeH5ad(generateSynthetic(spec).dataset, damaged.toStdString());
        isolation::Settings s;
        s.readerPath = crashingReader();
        isolation::enable(s);
        QSignalSpy errors(&w, &MainWindow::errorShown);
        w.openFile(damaged);
        QVERIFY(errors.wait(60000));
        const QString message = errors.front().front().toString();
        QVERIFY2(message.contains("damaged.h5ad") && message.contains("/obs/cell_type/categories") &&
                     message.contains("looks damaged") && message.contains("Re-export"),
                 qPrintable(message));
        QVERIFY2(!message.contains("not found"), qPrintable(message));

        // Still here, with what it had.
        QVERIFY(w.isVisible());
        QCOMPARE(w.dataset(), before);
        QCOMPARE(w.findings(), findings);
        QVERIFY(w.hasUnsavedResults());
        QVERIFY(waitpid(-1, nullptr, WNOHANG) < 0 && errno == ECHILD);  // no reader left behind

        // The real reader opens a good file in the same window.
        s.readerPath = (test::binDir() + "/app/cli/deepmapper-reader").toStdString();
        isolation::enable(s);
        const QString good = dir_.filePath("good.h5ad");
        writeH5ad(generateSynthetic(spec).dataset, good.toStdString());
        w.openFile(good);
        QVERIFY(loaded.wait(60000));
        QCOMPARE(w.dataset()->cells(), int64_t(30));
    }
};

QTEST_MAIN(TestGuiDamagedFile)
#include "test_gui_damaged_file.moc"
