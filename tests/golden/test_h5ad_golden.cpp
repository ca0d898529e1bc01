// Every .h5ad in shared/data/h5ad (anndata 0.5, 0.7.0, 0.7.8, 0.8+ encodings) read by
// readH5ad and checked against golden/datasets.json (written by anndata 0.8): shapes,
// sums, extremes, names, obs categories with counts, var columns, raw and layers.
#include "common/error.h"
#include "data/h5ad_inspect.h"
#include "data/readers.h"
#include "test_support.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <fstream>

using json = nlohmann::json;

namespace {

json golden() {
    std::ifstream in(dm::test::sharedPath("golden/datasets.json"));
    return json::parse(in);
}

bool close(double a, double b) { return std::fabs(a - b) <= 1e-6 * std::max(1.0, std::fabs(b)); }

#define CHECK_CLOSE(actual, expected, what)                                                                   \
    QVERIFY2(close((actual), (expected)), qPrintable(QString("%1: got %2, expected %3")                        \
                                                         .arg(what).arg((actual), 0, 'g', 12).arg((expected), 0, 'g', 12)))

// shape, nnz, sum, min/max (implicit zeros included), first row and column sums.
void checkMatrix(const dm::CsrMatrix& m, const json& g, const QString& what) {
    QCOMPARE(m.rows, g["shape"][0].get<int64_t>());
    QCOMPARE(m.cols, g["shape"][1].get<int64_t>());
    QCOMPARE(m.nnz(), g["nnz"].get<int64_t>());
    double sum = 0, lo = 0, hi = 0;
    if (m.nnz() > 0) lo = hi = m.values[0];
    for (float v : m.values) {
        sum += v;
        lo = std::min<double>(lo, v);
        hi = std::max<double>(hi, v);
    }
    if (m.nnz() < m.rows * m.cols) lo = std::min(lo, 0.0), hi = std::max(hi, 0.0);
    CHECK_CLOSE(sum, g["sum"].get<double>(), what + " sum");
    CHECK_CLOSE(lo, g["min"].get<double>(), what + " min");
    CHECK_CLOSE(hi, g["max"].get<double>(), what + " max");
    const auto rows = m.rowSums(), cols = m.colSums();
    for (size_t i = 0; i < g["row_sums_first5"].size(); ++i)
        CHECK_CLOSE(rows[i], g["row_sums_first5"][i].get<double>(), what + " row sum " + QString::number(i));
    for (size_t j = 0; j < g["col_sums_first5"].size(); ++j)
        CHECK_CLOSE(cols[j], g["col_sums_first5"][j].get<double>(), what + " col sum " + QString::number(j));
}

void checkFirst(const std::vector<std::string>& names, const json& g) {
    QVERIFY(names.size() >= g.size());
    for (size_t i = 0; i < g.size(); ++i) QCOMPARE(names[i], g[i].get<std::string>());
}

void checkObs(const dm::ObsTable& obs, const json& g) {
    for (const auto& [name, spec] : g.items()) {
        const dm::Column* c = obs.find(name);
        QVERIFY2(c, qPrintable("obs column missing: " + QString::fromStdString(name)));
        const std::string kind = spec["kind"];
        if (kind == "categorical") {
            QCOMPARE(c->kind, dm::Column::Kind::Categorical);
            QCOMPARE(c->categories, spec["categories"].get<std::vector<std::string>>());
            QCOMPARE(c->categoryCounts(), spec["counts"].get<std::vector<int64_t>>());
            QCOMPARE(c->ordered, spec["ordered"].get<bool>());
        } else {
            // float32/float64/int64/uint8 in pandas: numbers here.
            QVERIFY2(c->kind == dm::Column::Kind::Numeric, qPrintable(QString::fromStdString(name + " " + kind)));
        }
    }
    QCOMPARE(static_cast<size_t>(obs.columns().size()), g.size());
}

const std::vector<std::string> kFiles = {"anndata_archive_v0.5.0.h5ad", "anndata_archive_v0.7.0.h5ad",
                                         "anndata_archive_v0.7.8.h5ad", "pbmc68k_reduced.h5ad"};

}  // namespace

class TestH5adGolden : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { DM_REQUIRE_SHARED(); }

    void matrixX_data() {
        QTest::addColumn<QString>("file");
        for (const auto& f : kFiles) QTest::newRow(f.c_str()) << QString::fromStdString(f);
    }
    void matrixX() {
        QFETCH(QString, file);
        const json g = golden()["h5ad/" + file.toStdString()];
        const std::string path = dm::test::sharedPath("data/h5ad/" + file);
        const dm::Dataset ds = dm::readH5ad(path, {"X"});
        QCOMPARE(ds.matrix, std::string("X"));
        QCOMPARE(ds.source, path);
        checkMatrix(ds.X, g["X"], file + " X");
        QCOMPARE(ds.cells(), g["n_obs"].get<int64_t>());
        QCOMPARE(ds.genes(), g["n_vars"].get<int64_t>());
        checkFirst(ds.cellNames, g["obs_names_first5"]);
        checkFirst(ds.geneNames, g["var_names_first5"]);
        checkObs(ds.obs, g["obs_columns"]);
        QCOMPARE(dm::readH5adVarTable(path, "X").names(), g["var_columns"].get<std::vector<std::string>>());

        const auto matrices = dm::listH5adMatrices(path);
        QVERIFY(!matrices.empty());
        QCOMPARE(matrices[0].name, std::string("X"));
        QCOMPARE(matrices[0].dtype, g["X_dtype"].get<std::string>());
        QCOMPARE(matrices[0].storage != "dense", g["X_sparse"].get<bool>());
    }

    void rawAndAuto_data() { matrixX_data(); }
    void rawAndAuto() {
        QFETCH(QString, file);
        const json g = golden()["h5ad/" + file.toStdString()];
        const std::string path = dm::test::sharedPath("data/h5ad/" + file);
        const json& raw = g["raw"];
        const dm::Dataset ds = dm::readH5ad(path, {"raw"});
        QCOMPARE(ds.matrix, std::string("raw.X"));
        checkMatrix(ds.X, raw["X"], file + " raw.X");
        QCOMPARE(ds.genes(), raw["n_vars"].get<int64_t>());
        checkFirst(ds.geneNames, raw["var_names_first5"]);
        checkFirst(ds.cellNames, g["obs_names_first5"]);
        // "auto" prefers raw.X: DeepMapper wants every gene.
        const dm::Dataset autoDs = dm::readH5ad(path);
        QCOMPARE(autoDs.matrix, std::string("raw.X"));
        QCOMPARE(autoDs.X.nnz(), ds.X.nnz());
        const auto matrices = dm::listH5adMatrices(path);
        const auto it = std::find_if(matrices.begin(), matrices.end(), [](const auto& m) { return m.name == "raw.X"; });
        QVERIFY(it != matrices.end());
        QCOMPARE(it->storage != "dense", raw["X_sparse"].get<bool>());
        QCOMPARE(it->cols, raw["n_vars"].get<int64_t>());
    }

    void layers_data() { matrixX_data(); }
    void layers() {
        QFETCH(QString, file);
        const json g = golden()["h5ad/" + file.toStdString()];
        const std::string path = dm::test::sharedPath("data/h5ad/" + file);
        std::vector<std::string> layerNames;
        for (const auto& m : dm::listH5adMatrices(path))
            if (m.name.rfind("layer:", 0) == 0) layerNames.push_back(m.name.substr(6));
        QCOMPARE(layerNames, g["layers"].get<std::vector<std::string>>());
        for (const auto& name : layerNames) {
            const dm::Dataset ds = dm::readH5ad(path, {"layer:" + name});
            QCOMPARE(ds.matrix, "layer:" + name);
            checkMatrix(ds.X, g["layer_stats"][name], file + " layer " + QString::fromStdString(name));
            checkFirst(ds.geneNames, g["var_names_first5"]);
        }
    }

    // The 0.11.4 archive has obs and var but no matrix at all.
    void noMatrix() {
        const json g = golden()["h5ad/anndata_archive_v0.11.4.h5ad"];
        QVERIFY(g["X"].is_null());
        const std::string path = dm::test::sharedPath("data/h5ad/anndata_archive_v0.11.4.h5ad");
        QVERIFY(dm::listH5adMatrices(path).empty());
        try {
            dm::readH5ad(path);
            QFAIL("expected an InputError");
        } catch (const dm::InputError& e) {
            const QString msg = e.what();
            QVERIFY2(msg.contains("no expression matrix") && msg.contains("10 cells") && msg.contains("20 genes"),
                     qPrintable(msg));
        }
        const dm::Dataset ann = dm::readH5adAnnotations(path);
        QCOMPARE(ann.cells(), g["n_obs"].get<int64_t>());
        QCOMPARE(ann.genes(), g["n_vars"].get<int64_t>());
        checkFirst(ann.cellNames, g["obs_names_first5"]);
        checkFirst(ann.geneNames, g["var_names_first5"]);
        QCOMPARE(ann.obs.columns().size(), size_t(0));
        QVERIFY(dm::readH5adVarTable(path).columns().empty());
        const dm::InputSummary s = dm::inspectInput(path);
        QCOMPARE(s.cells, int64_t(10));
        QCOMPARE(s.genes, int64_t(20));
        QVERIFY(s.chosen.empty());
    }

    void unknownMatrixListsAvailable() {
        const std::string path = dm::test::sharedPath("data/h5ad/anndata_archive_v0.7.8.h5ad");
        try {
            dm::readH5ad(path, {"layer:counts"});
            QFAIL("expected an InputError");
        } catch (const dm::InputError& e) {
            const QString msg = e.what();
            QVERIFY2(msg.contains("layer:counts") && msg.contains("raw.X (30 x 40, csr)") &&
                         msg.contains("layer:array (30 x 20, dense)") && msg.contains("layer:sparse"),
                     qPrintable(msg));
        }
    }

    void inspectPbmc() {
        const std::string path = dm::test::sharedPath("data/h5ad/pbmc68k_reduced.h5ad");
        const dm::InputSummary s = dm::inspectInput(path);
        QCOMPARE(s.chosen, std::string("raw.X"));
        QCOMPARE(s.matrices.size(), size_t(2));
        QCOMPARE(s.nnz, int64_t(174400));
        QVERIFY(!s.looksLikeCounts);  // log-normalised values
        QCOMPARE(s.obs.size(), size_t(8));
        const auto it = std::find_if(s.obs.begin(), s.obs.end(), [](const auto& c) { return c.name == "phase"; });
        QVERIFY(it != s.obs.end());
        QCOMPARE(it->counts, (std::vector<int64_t>{501, 17, 182}));
        const std::string text = dm::formatSummary(s);
        QVERIFY(text.find("G1=501") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestH5adGolden)
#include "test_h5ad_golden.moc"
