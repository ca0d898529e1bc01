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

using dm::test::pythonWithAnndata;

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

    // The other direction: anndata writes CSC X with int64 indices, nullable columns,
    // repeated gene names and an integer dense layer; readH5ad gets them all.
    void weReadAnndataOutput() {
        const QString python = pythonWithAnndata();
        if (python.isEmpty()) QSKIP("no python3 with anndata found (install python3-anndata) to cross-check the reader");
        QTemporaryDir dir;
        const QString path = dir.filePath("from_anndata.h5ad");
        const QString script = R"(
import sys, warnings, numpy as np, pandas as pd, scipy.sparse as sp, anndata
warnings.simplefilter("ignore")
dense = np.array([[1, 0, 2, 0], [0, 0, 0, 3], [4, 5, 0, 0]])
X = sp.csc_matrix(dense.astype(np.float64))
X.indices = X.indices.astype(np.int64)
X.indptr = X.indptr.astype(np.int64)
obs = pd.DataFrame({
  "ct": pd.Categorical(["T", None, "B"], categories=["T", "B"]),
  "n": pd.array([1, None, 3], dtype="Int64"),
  "ok": pd.array([True, None, False], dtype="boolean"),
  "s": ["x", "y", "z"],
  "f": [0.5, 1.5, 2.5],
}, index=["c0", "c1", "c2"])
a = anndata.AnnData(X=X, obs=obs, var=pd.DataFrame(index=["G", "G", "H", "G"]))
a.layers["counts"] = dense.astype(np.int32)
a.write_h5ad(sys.argv[1])
)";
        QProcess p;
        p.start(python, {"-c", script, path});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());

        const dm::Dataset ds = dm::readH5ad(path.toStdString());
        QCOMPARE(ds.matrix, std::string("X"));
        QCOMPARE(ds.X.indptr, (std::vector<int64_t>{0, 2, 3, 5}));
        QCOMPARE(ds.X.indices, (std::vector<int32_t>{0, 2, 3, 0, 1}));
        QCOMPARE(ds.X.values, (std::vector<float>{1, 2, 3, 4, 5}));
        QCOMPARE(ds.geneNames, (std::vector<std::string>{"G", "G-1", "H", "G-2"}));
        QCOMPARE(ds.cellNames, (std::vector<std::string>{"c0", "c1", "c2"}));
        QCOMPARE(ds.obs.names(), (std::vector<std::string>{"ct", "n", "ok", "s", "f"}));
        const dm::Column* ct = ds.obs.find("ct");
        QCOMPARE(ct->codes, (std::vector<int32_t>{0, -1, 1}));
        QCOMPARE(ct->categories, (std::vector<std::string>{"T", "B"}));
        const dm::Column* n = ds.obs.find("n");
        QCOMPARE(n->kind, dm::Column::Kind::Numeric);
        QVERIFY(n->numbers[0] == 1 && std::isnan(n->numbers[1]) && n->numbers[2] == 3);
        const dm::Column* ok = ds.obs.find("ok");
        QCOMPARE(ok->kind, dm::Column::Kind::Boolean);
        QVERIFY(ok->numbers[0] == 1 && std::isnan(ok->numbers[1]) && ok->numbers[2] == 0);
        QCOMPARE(ds.obs.find("s")->strings, (std::vector<std::string>{"x", "y", "z"}));
        QCOMPARE(ds.obs.find("f")->numbers, (std::vector<double>{0.5, 1.5, 2.5}));

        const dm::Dataset layer = dm::readH5ad(path.toStdString(), {"layer:counts"});
        QCOMPARE(layer.matrix, std::string("layer:counts"));
        QCOMPARE(layer.X.indices, ds.X.indices);
        QCOMPARE(layer.X.values, ds.X.values);
    }
};

QTEST_GUILESS_MAIN(TestH5adWriterAnndata)
#include "test_h5ad_writer_anndata.moc"
