// writeH5ad's output opened by the real anndata (python3-anndata): shape, obs categories,
// var columns and uns survive. Skips, saying why, when no python3 has anndata.
#include "data/h5ad_writer.h"
#include "data/readers.h"
#include "test_support.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

namespace {

// A python3 that can import anndata: the first on PATH may be a virtualenv without it.
QString pythonWithAnndata() {
    for (const QString& exe : {QStringLiteral("python3"), QStringLiteral("/usr/bin/python3")}) {
        QProcess p;
        p.start(exe, {"-c", "import anndata"});
        if (p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0) return exe;
    }
    return {};
}

}  // namespace

class TestH5adWriterAnndata : public QObject {
    Q_OBJECT
private slots:
    void anndataReadsOurFile() {
        const QString python = pythonWithAnndata();
        if (python.isEmpty()) QSKIP("no python3 with anndata found (install python3-anndata) to cross-check the writer");

        // 6 cells x 4 genes, two classes, a repeated gene symbol kept unique.
        dm::Dataset ds;
        dm::CsrBuilder b(4);
        for (int r = 0; r < 6; ++r) {
            b.add(r % 3, static_cast<float>(r + 1));
            b.add(3, 0.5f);
            b.endRow();
        }
        ds.X = b.finish();
        ds.cellNames = {"AAAC-1", "AAAG-1", "AACT-1", "AAGC-1", "ACGT-1", "AGGT-1"};
        ds.geneNames = {"CD3E", "LYZ", "LYZ-1", "MS4A1"};
        ds.geneIds = {"ENSG00000198851", "ENSG00000090382", "ENSG00000090383", "ENSG00000156738"};
        ds.obs.add(dm::Column::categorical("cell_type", {"T cell", "monocyte"}, {0, 1, 0, 1, -1, 0}));
        ds.obs.add(dm::Column::numeric("n_counts", {1, 2, 3, 4, 5, std::nan("")}));
        ds.obs.add(dm::Column::boolean("is_doublet", {0, 0, 1, 0, 0, 0}));
        ds.obs.add(dm::Column::boolean("qc_pass", {1, std::nan(""), 0, 1, 1, 1}));
        ds.obs.add(dm::Column::text("donor", {"d1", "d1", "d2", "d2", "d3", "d3"}));
        dm::H5adWriteOptions opt;
        opt.varColumns.push_back(dm::Column::numeric("deepmapper_selection_frequency", {1.0, 0.25, 0.0, 0.5}));
        opt.varColumns.push_back(dm::Column::numeric("deepmapper_mean_rank", {1.5, 3, 4, 2}));
        opt.unsStrings.push_back({"deepmapper", R"({"version": "1", "seed": 42})"});

        QTemporaryDir dir;
        const QString path = dir.filePath("result.h5ad");
        dm::writeH5ad(ds, path.toStdString(), opt);

        const QString script = R"(
import sys, json, anndata
a = anndata.read_h5ad(sys.argv[1])
ct = a.obs["cell_type"]
out = {
  "shape": list(a.shape),
  "sum": float(a.X.sum()),
  "sparse": type(a.X).__name__,
  "obs_names": list(a.obs_names),
  "var_names": list(a.var_names),
  "categories": [str(c) for c in ct.cat.categories],
  "counts": [int(v) for v in ct.value_counts(sort=False).values],
  "missing": int(ct.isna().sum()),
  "obs_columns": list(a.obs.columns),
  "n_counts_nan": int(a.obs["n_counts"].isna().sum()),
  "doublets": int(a.obs["is_doublet"].sum()),
  "qc_missing": int(a.obs["qc_pass"].isna().sum()),
  "qc_true": int((a.obs["qc_pass"] == True).sum()),
  "var_columns": list(a.var.columns),
  "freq": [float(v) for v in a.var["deepmapper_selection_frequency"]],
  "gene_ids": list(a.var["gene_ids"]),
  "uns": json.loads(a.uns["deepmapper"]),
}
print(json.dumps(out))
)";
        QProcess p;
        p.start(python, {"-c", script, path});
        QVERIFY(p.waitForFinished(120000));
        const QByteArray err = p.readAllStandardError();
        QVERIFY2(p.exitCode() == 0, err.constData());
        const QJsonObject o = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        QVERIFY2(!o.isEmpty(), err.constData());

        QCOMPARE(o["shape"].toArray(), QJsonArray({6, 4}));
        QCOMPARE(o["sum"].toDouble(), 21.0 + 3.0);
        QCOMPARE(o["sparse"].toString(), QString("csr_matrix"));
        QCOMPARE(o["obs_names"].toArray().first().toString(), QString("AAAC-1"));
        QCOMPARE(o["var_names"].toArray(), QJsonArray({"CD3E", "LYZ", "LYZ-1", "MS4A1"}));
        QCOMPARE(o["categories"].toArray(), QJsonArray({"T cell", "monocyte"}));
        QCOMPARE(o["counts"].toArray(), QJsonArray({3, 2}));
        QCOMPARE(o["missing"].toInt(), 1);
        QCOMPARE(o["obs_columns"].toArray(), QJsonArray({"cell_type", "n_counts", "is_doublet", "qc_pass", "donor"}));
        QCOMPARE(o["qc_missing"].toInt(), 1);  // nullable-boolean: values + mask
        QCOMPARE(o["qc_true"].toInt(), 4);
        QCOMPARE(o["n_counts_nan"].toInt(), 1);
        QCOMPARE(o["doublets"].toInt(), 1);
        QCOMPARE(o["var_columns"].toArray(),
                 QJsonArray({"gene_ids", "deepmapper_selection_frequency", "deepmapper_mean_rank"}));
        QCOMPARE(o["freq"].toArray(), QJsonArray({1.0, 0.25, 0.0, 0.5}));
        QCOMPARE(o["gene_ids"].toArray().at(1).toString(), QString("ENSG00000090382"));
        QCOMPARE(o["uns"].toObject()["seed"].toInt(), 42);
    }
};

QTEST_GUILESS_MAIN(TestH5adWriterAnndata)
#include "test_h5ad_writer_anndata.moc"
