// "Export results into .h5ad" / --annotated-h5ad keeps everything the input held: results
// written into real files with obsm, varm, obsp, raw, layers and uns (pbmc68k_reduced,
// pancreas_endocrinogenesis, the anndata 0.7 archives with object-reference categories)
// are read back by anndata itself (python3-anndata, tests/golden/scripts/compare_h5ad.py),
// which checks every key of the input is still there with the same values, our columns on
// the analysed matrix's var with NaN for the genes a subset run left out, and the run
// record in uns. Done through the isolated reader, as the applications do.
#include "common/error.h"
#include "data/cell_groups.h"
#include "data/isolated_reader.h"
#include "data/readers.h"
#include "engine/findings.h"
#include "report/annotated_h5ad.h"
#include "test_support.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace dm;

namespace {

// A run over every other gene of `ds` (a subset run), with made-up importances.
RunRecord subsetRun(Dataset& ds) {
    std::vector<int64_t> keep;
    for (int64_t g = 0; g < ds.genes(); g += 2) keep.push_back(g);
    ds = ds.selectGenes(keep);
    PassRecord p;
    p.accepted = true;
    p.accuracy = 0.9;
    for (int64_t g = 0; g < ds.genes(); ++g) p.geneImportance.push_back(static_cast<float>((g * 7919) % 101));
    RunRecord r;
    r.findings = accumulateFindings({p}, 1, 0.5, 0, 20, ds.geneNames, ds.geneIds);
    r.dataset.source = ds.source;
    r.dataset.matrix = ds.matrix;
    return r;
}

}  // namespace

class TestExportKeepsInputGolden : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        isolation::Settings s;
        s.readerPath = (test::binDir() + "/app/cli/deepmapper-reader").toStdString();
        isolation::enable(s);
    }
    void cleanupTestCase() { isolation::disable(); }

    void everyKeyKept_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("matrix");
        QTest::newRow("pbmc68k raw.X") << "pbmc68k_reduced.h5ad" << "raw";
        QTest::newRow("pbmc68k X") << "pbmc68k_reduced.h5ad" << "X";
        QTest::newRow("pancreas CSC X") << "pancreas_endocrinogenesis.h5ad" << "X";
        QTest::newRow("anndata 0.7.0") << "anndata_archive_v0.7.0.h5ad" << "auto";
        QTest::newRow("anndata 0.7.8 layer") << "anndata_archive_v0.7.8.h5ad" << "layer:sparse";
    }

    void everyKeyKept() {
        DM_REQUIRE_SHARED();
        const QString python = test::pythonWithAnndata();
        if (python.isEmpty()) QSKIP("no python3 with anndata found (install python3-anndata)");
        QFETCH(QString, file);
        QFETCH(QString, matrix);
        const std::string input = test::sharedPath("data/h5ad/" + file);
        LoadOptions options;
        options.h5ad.matrix = matrix.toStdString();
        Dataset ds = loadDataset(input, options);
        const RunRecord record = subsetRun(ds);
        QTemporaryDir dir;
        const QString out = dir.filePath("exported.h5ad");
        writeAnnotatedH5ad(ds, record, out.toStdString());
        QVERIFY(QDir(dir.path()).entryList(QDir::Files) == QStringList{"exported.h5ad"});  // no temporary left

        QProcess p;
        p.start(python, {QString(DM_SCRIPTS_DIR) + "/compare_h5ad.py", QString::fromStdString(input), out,
                         QString::fromStdString(ds.matrix), QString::number(ds.genes())});
        QVERIFY(p.waitForFinished(300000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        qInfo("%s", p.readAllStandardOutput().trimmed().constData());
    }

    // "Keep as obs column" in the Cells tab adds a categorical column to the dataset; the
    // exported copy of the user's file carries it (cells in no group missing) and reading
    // that file again offers it as a label, while the file's own obs columns stay as stored.
    void keptGroupColumnReachesFile() {
        DM_REQUIRE_SHARED();
        const std::string input = test::sharedPath("data/h5ad/pancreas_endocrinogenesis.h5ad");
        Dataset ds = loadDataset(input, LoadOptions{});
        const size_t before = ds.obs.columns().size();
        CellGroups groups(ds.cells());
        groups.add("beta core", {0, 2, 4, 6});
        groups.add("duct tip", {1, 3});
        const Column kept = groups.toColumn("my_groups", ds.obs);
        ds.obs.add(kept);
        const RunRecord record = subsetRun(ds);
        QTemporaryDir dir;
        const QString out = dir.filePath("exported.h5ad");
        writeAnnotatedH5ad(ds, record, out.toStdString());

        const Dataset back = loadDataset(out.toStdString(), LoadOptions{});
        QCOMPARE(back.obs.columns().size(), before + 1);
        const Column* c = back.obs.find("my_groups");
        QVERIFY2(c, "the kept group column is not in the exported file's obs");
        QCOMPARE(int(c->kind), int(Column::Kind::Categorical));
        QCOMPARE(c->categories, kept.categories);
        QCOMPARE(c->codes, kept.codes);
        // The file's own columns are not rewritten by the export.
        const Dataset original = loadDataset(input, LoadOptions{});
        for (const Column& o : original.obs.columns()) {
            const Column* e = back.obs.find(o.name);
            QVERIFY2(e, o.name.c_str());
            QCOMPARE(e->codes, o.codes);
            QCOMPARE(e->categories, o.categories);
        }

        const QString python = test::pythonWithAnndata();
        if (python.isEmpty()) {
            qInfo("python3 anndata not available: the kept column is checked with DeepMapper's reader only");
            return;
        }
        QProcess p;
        p.start(python, {"-c",
                         "import sys, anndata\n"
                         "a = anndata.read_h5ad(sys.argv[1])\n"
                         "g = a.obs['my_groups']\n"
                         "assert str(g.dtype) == 'category', g.dtype\n"
                         "assert list(g.cat.categories) == ['beta core', 'duct tip'], list(g.cat.categories)\n"
                         "assert (g == 'beta core').sum() == 4 and (g == 'duct tip').sum() == 2\n"
                         "assert g.isna().sum() == a.n_obs - 6\n"
                         "assert list(g.iloc[:3]) == ['beta core', 'duct tip', 'beta core']\n",
                         out});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    }

    void inputNeverOverwritten() {
        DM_REQUIRE_SHARED();
        const std::string input = test::sharedPath("data/h5ad/pbmc68k_reduced.h5ad");
        LoadOptions options;
        options.h5ad.matrix = "raw";
        Dataset ds = loadDataset(input, options);
        const RunRecord record = subsetRun(ds);
        QVERIFY_THROWS_EXCEPTION(InputError, writeAnnotatedH5ad(ds, record, input));
    }
};

QTEST_GUILESS_MAIN(TestExportKeepsInputGolden)
#include "test_export_keeps_input_golden.moc"
