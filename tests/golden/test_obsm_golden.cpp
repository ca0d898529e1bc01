// The embeddings (obsm) read from the real .h5ad files in shared/data/h5ad (anndata 0.5
// records, 0.7 arrays / sparse / dataframes, 0.8+ arrays) match what anndata itself reads:
// pinned values of the pancreas and pbmc68k UMAP/PCA, and, when python3-anndata is
// installed, every value of every 2+-column obsm entry of every file, compared exactly
// after rounding anndata's value to float32 (the type the Embedding keeps).
#include "data/h5ad_inspect.h"
#include "data/readers.h"
#include "test_support.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>

namespace {

const dm::Embedding* embedding(const dm::Dataset& ds, const std::string& name) {
    return dm::findEmbedding(ds.embeddings, name);
}

// anndata's obsm of one file: per entry shape, numeric column names (dataframes) and the
// values as float32 row-major, written to a raw file beside a JSON index.
const char* kDump = R"PY(
import sys, json, warnings
import numpy as np, scipy.sparse as sp, pandas as pd, anndata
warnings.filterwarnings('ignore')
a = anndata.read_h5ad(sys.argv[1])
index = {}
with open(sys.argv[2] + '.bin', 'wb') as out:
    offset = 0
    for key, v in a.obsm.items():
        names = []
        if isinstance(v, pd.DataFrame):
            num = [c for c in v.columns if pd.api.types.is_numeric_dtype(v[c]) and not pd.api.types.is_bool_dtype(v[c])]
            names = [str(c) for c in num]
            v = v[num].to_numpy(dtype=np.float64)
        elif sp.issparse(v):
            v = v.toarray()
        v = np.asarray(v)
        if v.ndim != 2 or v.shape[1] < 2:
            continue
        arr = np.ascontiguousarray(v.astype(np.float32))
        out.write(arr.tobytes())
        index[key] = {'shape': list(arr.shape), 'names': names, 'offset': offset}
        offset += arr.size
json.dump(index, open(sys.argv[2] + '.json', 'w'))
)PY";

}  // namespace

class TestObsmGolden : public QObject {
    Q_OBJECT
private slots:
    void pancreasUmapAndPcaArePinned() {
        DM_REQUIRE_SHARED();
        const dm::Dataset ds = dm::readH5ad(dm::test::sharedPath("data/h5ad/pancreas_endocrinogenesis.h5ad"));
        QCOMPARE(ds.embeddings.size(), size_t(4));
        const dm::Embedding* umap = embedding(ds, "X_umap");
        QVERIFY(umap);
        QCOMPARE(umap->rows, int64_t(2087));
        QCOMPARE(umap->cols, int64_t(2));
        // anndata 0.8: obsm['X_umap'][0], [1], [-1]; obsm['X_pca'][5] (float64 in the file)
        QCOMPARE(umap->at(0, 0), float(4.271285347826154));
        QCOMPARE(umap->at(0, 1), float(-1.003579446580261));
        QCOMPARE(umap->at(1, 0), float(-1.644610591047137));
        QCOMPARE(umap->at(2086, 1), float(2.2471661479212344));
        const dm::Embedding* pca = embedding(ds, "X_pca");
        QVERIFY(pca);
        QCOMPARE(pca->cols, int64_t(3));
        QCOMPARE(pca->at(5, 0), float(12.74438331704148));
        QCOMPARE(pca->at(5, 2), float(-5.911935942690959));
        QCOMPARE(embedding(ds, "X_x_pca")->cols, int64_t(50));
        QCOMPARE(umap->componentLabel(1), std::string("UMAP2"));
    }

    void pbmcAndItsAnndata05CopyAgree() {
        DM_REQUIRE_SHARED();
        const dm::Dataset now = dm::readH5ad(dm::test::sharedPath("data/h5ad/pbmc68k_reduced.h5ad"));
        const dm::Embedding* umap = embedding(now, "X_umap");
        QVERIFY(umap);
        QCOMPARE(umap->at(0, 0), float(-1.9918625454649166));
        QCOMPARE(umap->at(0, 1), float(8.57641706171008));
        QCOMPARE(embedding(now, "X_pca")->at(0, 2), 2.9037306f);
        // anndata 0.5 kept obsm as one record dataset with an array field per entry.
        const dm::Dataset old = dm::readH5ad(dm::test::sharedPath("data/h5ad/anndata_archive_v0.5.0.h5ad"));
        const dm::Embedding* oldUmap = embedding(old, "X_umap");
        QVERIFY(oldUmap);
        QCOMPARE(oldUmap->rows, int64_t(700));
        QCOMPARE(embedding(old, "X_pca")->cols, int64_t(50));
    }

    void inspectListsTheEmbeddings() {
        DM_REQUIRE_SHARED();
        const dm::InputSummary s = dm::inspectInput(dm::test::sharedPath("data/h5ad/pancreas_endocrinogenesis.h5ad"));
        QCOMPARE(s.embeddings.size(), size_t(4));
        QVERIFY(QString::fromStdString(dm::formatSummary(s)).contains("X_umap  2087 x 2"));
        // No obsm entries at all: said so, nothing invented.
        const dm::InputSummary none = dm::inspectInput(dm::test::sharedPath("data/h5ad/anndata_archive_v0.11.4.h5ad"));
        QVERIFY(none.embeddings.empty());
        QVERIFY(QString::fromStdString(dm::formatSummary(none)).contains("embeddings: none"));
    }

    void everyEntryMatchesAnndata_data() {
        QTest::addColumn<QString>("file");
        for (const char* f : {"pancreas_endocrinogenesis.h5ad", "pbmc68k_reduced.h5ad", "anndata_archive_v0.5.0.h5ad",
                              "anndata_archive_v0.7.0.h5ad", "anndata_archive_v0.7.8.h5ad",
                              "anndata_archive_v0.11.4.h5ad"})
            QTest::newRow(f) << QString(f);
    }
    void everyEntryMatchesAnndata() {
        DM_REQUIRE_SHARED();
        QFETCH(QString, file);
        const QString python = dm::test::pythonWithAnndata();
        if (python.isEmpty()) QSKIP("no python3 with anndata (install python3-anndata) to compare every value");
        const std::string path = dm::test::sharedPath("data/h5ad/" + file);
        QTemporaryDir dir;
        const QString stem = dir.filePath("obsm");
        QProcess p;
        p.start(python, {"-c", kDump, QString::fromStdString(path), stem});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        std::ifstream indexIn((stem + ".json").toStdString());
        const nlohmann::json index = nlohmann::json::parse(indexIn);
        std::ifstream bin((stem + ".bin").toStdString(), std::ios::binary);
        const std::vector<char> bytes((std::istreambuf_iterator<char>(bin)), std::istreambuf_iterator<char>());
        const auto* ref = reinterpret_cast<const float*>(bytes.data());

        const dm::Dataset ds = dm::readH5adAnnotations(path);
        QCOMPARE(ds.embeddings.size(), index.size());
        for (const auto& [key, entry] : index.items()) {
            const dm::Embedding* e = embedding(ds, key);
            QVERIFY2(e, qPrintable("obsm entry " + QString::fromStdString(key) + " not read"));
            QCOMPARE(e->rows, entry["shape"][0].get<int64_t>());
            QCOMPARE(e->cols, entry["shape"][1].get<int64_t>());
            if (!entry["names"].empty()) QCOMPARE(e->componentNames, entry["names"].get<std::vector<std::string>>());
            const int64_t offset = entry["offset"].get<int64_t>();
            for (int64_t i = 0; i < e->rows * e->cols; ++i) {
                const float want = ref[offset + i], got = e->values[static_cast<size_t>(i)];
                if (!(got == want || (std::isnan(got) && std::isnan(want))))
                    QFAIL(qPrintable(QString("%1[%2]: read %3, anndata %4").arg(QString::fromStdString(key)).arg(i).arg(got).arg(want)));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestObsmGolden)
#include "test_obsm_golden.moc"
