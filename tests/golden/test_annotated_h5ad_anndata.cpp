// `deepmapper run --annotated-h5ad` on the real pbmc68k_reduced file, read back by anndata
// itself (python3-anndata): the analysed cells and genes, the input's obs columns, the
// deepmapper_* var columns and the run record in uns.
#include "cli_support.h"

#include <QTemporaryDir>
#include <QTest>

class TestAnnotatedH5adAnndata : public QObject {
    Q_OBJECT
private slots:
    void anndataReadsTheAnnotatedRun() {
        DM_REQUIRE_SHARED();
        const QString python = dm::test::pythonWithAnndata();
        if (python.isEmpty()) QSKIP("no python3 with anndata found (install python3-anndata) to read the result");
        QTemporaryDir dir;
        const QString out = dir.filePath("pbmc");
        const QString data = QString::fromStdString(dm::test::sharedPath("data/h5ad/pbmc68k_reduced.h5ad"));
        const dm::test::CliResult r =
            dm::test::runCli({"run", data, "--label", "bulk_labels", "--matrix", "raw", "--passes", "1", "--epochs", "1",
                              "--threads", "1", "--attribution-samples", "8", "--out", out, "--annotated-h5ad", "--quiet"});
        QVERIFY2(r.code == 0, qPrintable(r.err));

        QProcess p;
        p.start(python, {"-c",
                         "import sys, json, anndata\n"
                         "a = anndata.read_h5ad(sys.argv[1])\n"
                         "assert a.shape == (700, 765), a.shape\n"
                         "assert 'bulk_labels' in a.obs.columns, list(a.obs.columns)\n"
                         "for c in ['deepmapper_selection_frequency', 'deepmapper_median_importance',\n"
                         "          'deepmapper_mean_rank', 'deepmapper_rank']:\n"
                         "    assert c in a.var.columns, (c, list(a.var.columns))\n"
                         "ranks = sorted(int(v) for v in a.var['deepmapper_rank'])\n"
                         "assert ranks == list(range(1, 766)), ranks[:5]\n"
                         "record = json.loads(str(a.uns['deepmapper']))\n"
                         "assert record['format'] == 'deepmapper-run', record.get('format')\n"
                         "assert record['dataset']['label_column'] == 'bulk_labels', record['dataset']\n",
                         out + "/annotated.h5ad"});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    }
};

QTEST_GUILESS_MAIN(TestAnnotatedH5adAnndata)
#include "test_annotated_h5ad_anndata.moc"
