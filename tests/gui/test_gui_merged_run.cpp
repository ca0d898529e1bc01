// The window opens a run merged from shards (`deepmapper run --tries` x2, then
// `deepmapper merge`) like any other run: ranking, passes and per-pass attribution maps.
#include "attribution_view.h"
#include "cli_support.h"
#include "main_window.h"
#include "passes_view.h"
#include "ranking_model.h"
#include "ranking_view.h"

#include <QTemporaryDir>
#include <QTest>

using namespace dm;
using namespace dm::ui;

class TestGuiMergedRun : public QObject {
    Q_OBJECT
private slots:
    void opensAMergedRun() {
        QVERIFY2(QFile::exists(test::deepmapperBinary()), "deepmapper not built");
        QTemporaryDir dir;
        const QString data = dir.filePath("planted.h5ad");
        test::writePlantedH5ad(data, 240, 120, 4);
        const QStringList run = {"run", data, "--label", "cell_type", "--passes", "3", "--epochs", "2", "--threads",
                                 "1", "--attribution-samples", "12", "--quiet"};
        for (const QString& range : {"0:2", "2:3"}) {
            const auto r = test::runCli(run + QStringList{"--tries", range, "--out", dir.filePath("shard-" + range.left(1))});
            QVERIFY2(r.code == 0, qPrintable(r.err));
        }
        const auto m = test::runCli({"merge", dir.filePath("shard-0"), dir.filePath("shard-2"), "--out", dir.filePath("merged")});
        QVERIFY2(m.code == 0, qPrintable(m.err));

        MainWindow w;
        w.setInteractive(false);
        QVERIFY(w.openRunFrom(dir.filePath("merged/run.json")));
        QVERIFY(w.findings());
        QCOMPARE(w.findings()->accepted, 3);
        QCOMPARE(w.rankingView()->model()->rowCount(), 120);
        const QStringList csv = test::lines(dir.filePath("merged/ranking.csv"));
        QCOMPARE(QString::fromStdString(w.findings()->ranking(1).front().name), csv[1].section(',', 1, 1));
        QCOMPARE(w.passesView()->pointCount(), 3);
        w.attributionView()->showPass(2);  // the map of a pass trained in the second shard
        QVERIFY(w.attributionView()->hasImage());
        QVERIFY(w.close());
    }
};

QTEST_MAIN(TestGuiMergedRun)
#include "test_gui_merged_run.moc"
