// The isolated reader (core/data/isolated_reader.h): HDF5 inputs parsed by
// deepmapper-reader in its own process. A real file comes back identical to an in-process
// read; a reader that crashes, hangs, runs out of memory or is stopped gives a typed error
// naming the file and the object being read, and leaves no child process behind.
#include "data/dataset_stream.h"
#include "data/h5ad_inspect.h"
#include "data/h5ad_writer.h"
#include "data/isolated_reader.h"
#include "data/readers.h"
#include "data/synthetic.h"
#include "common/error.h"
#include "common/interrupt.h"
#include "test_support.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/wait.h>

#include <atomic>
#include <cerrno>
#include <chrono>

using namespace dm;

namespace {

Dataset small() {
    SyntheticSpec spec;
    spec.cells = 60;
    spec.genes = 40;
    spec.classes = 3;
    spec.markersPerClass = 3;
    spec.chordPerClass = 2;
    spec.seed = 3;
    return generateSynthetic(spec).dataset;
}

std::string readerPath() { return (dm::test::binDir() + "/app/cli/deepmapper-reader").toStdString(); }

// A stand-in reader: a shell script that reports an object on fd 4, then misbehaves.
std::string fakeReader(const QTemporaryDir& dir, const QString& name, const QString& body) {
    const QString path = dir.filePath(name);
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(("#!/bin/sh\necho 'reading /obs/cell_type/categories' >&4\n" + body + "\n").toUtf8());
    f.close();
    f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return path.toStdString();
}

bool noChildLeft() { return waitpid(-1, nullptr, WNOHANG) < 0 && errno == ECHILD; }

void sameDataset(const Dataset& a, const Dataset& b) {
    QCOMPARE(a.X.rows, b.X.rows);
    QCOMPARE(a.X.cols, b.X.cols);
    QVERIFY(a.X.indptr == b.X.indptr);
    QVERIFY(a.X.indices == b.X.indices);
    QVERIFY(a.X.values == b.X.values);
    QVERIFY(a.geneNames == b.geneNames);
    QVERIFY(a.geneIds == b.geneIds);
    QVERIFY(a.cellNames == b.cellNames);
    QCOMPARE(a.obs.names(), b.obs.names());
    for (const Column& c : a.obs.columns()) {
        const Column* d = b.obs.find(c.name);
        QVERIFY(d);
        QVERIFY(c.kind == d->kind);
        QVERIFY(c.categories == d->categories);
        QVERIFY(c.codes == d->codes);
        QCOMPARE(c.numbers.size(), d->numbers.size());
        QVERIFY(c.strings == d->strings);
    }
    QCOMPARE(a.matrix, b.matrix);
    QCOMPARE(a.embeddings.size(), b.embeddings.size());
    for (size_t i = 0; i < a.embeddings.size(); ++i) {
        QCOMPARE(a.embeddings[i].name, b.embeddings[i].name);
        QVERIFY(a.embeddings[i].values == b.embeddings[i].values);
    }
}

}  // namespace

class TestIsolatedReader : public QObject {
    Q_OBJECT
private slots:
    void cleanup() { isolation::disable(); }

    void streamRoundTrip() {
        Dataset ds = small();
        Embedding umap;
        umap.name = "X_umap";
        umap.origin = "obsm";
        umap.rows = ds.cells();
        umap.cols = 2;
        for (int64_t i = 0; i < umap.rows * 2; ++i) umap.values.push_back(static_cast<float>(i) / 3.0f);
        ds.embeddings.push_back(umap);
        const std::string bytes = datasetToBytes(ds);
        sameDataset(ds, datasetFromBytes(bytes, "t"));
        // Every cut-short stream is refused, never read past its end.
        for (size_t cut : {size_t(0), size_t(7), bytes.size() / 3, bytes.size() / 2, bytes.size() - 1})
            QVERIFY_THROWS_EXCEPTION(Error, datasetFromBytes(bytes.substr(0, cut), "t"));
    }

    void streamRefusesBrokenStructure() {
        Dataset ds = small();
        std::string bytes = datasetToBytes(ds);
        // indptr[1] (right after magic, rows, cols and indptr's length) made huge.
        const int64_t huge = int64_t(1) << 40;
        bytes.replace(8 + 8 + 8 + 8 + 8, 8, reinterpret_cast<const char*>(&huge), 8);
        QVERIFY_THROWS_EXCEPTION(InputError, datasetFromBytes(bytes, "t"));
    }

    void isolatedLoadMatchesInProcess() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("small.h5ad").toStdString();
        writeH5ad(small(), path);
        const Dataset inProcess = loadDataset(path);
        isolation::Settings s;
        s.readerPath = readerPath();
        isolation::enable(s);
        const Dataset isolated = loadDataset(path);
        sameDataset(inProcess, isolated);
        const InputSummary summary = inspectInput(path);
        QCOMPARE(summary.cells, int64_t(60));
        QCOMPARE(summary.format, std::string("h5ad"));
        QCOMPARE(listH5adMatrices(path).size(), size_t(1));
        QVERIFY(noChildLeft());
    }

    void isolatedErrorsStayTyped() {
        QTemporaryDir dir;
        const QString path = dir.filePath("not_hdf5.h5ad");
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        f.write("this is not an HDF5 file at all");
        f.close();
        isolation::Settings s;
        s.readerPath = readerPath();
        isolation::enable(s);
        try {
            loadDataset(path.toStdString());
            QFAIL("expected InputError");
        } catch (const InputError& e) {
            QVERIFY2(QString(e.what()).contains("not an HDF5 file"), e.what());
        }
    }

    void crashNamesFileAndObject() {
        QTemporaryDir dir;
        const QString data = dir.filePath("damaged.h5ad");
        writeH5ad(small(), data.toStdString());
        isolation::Settings s;
        s.readerPath = fakeReader(dir, "crash.sh", "kill -SEGV $$");
        isolation::enable(s);
        try {
            loadDataset(data.toStdString());
            QFAIL("expected InputError");
        } catch (const InputError& e) {
            const QString m = e.what();
            QVERIFY2(m.contains(data), e.what());
            QVERIFY2(m.contains("/obs/cell_type/categories"), e.what());
            QVERIFY2(m.contains("looks damaged"), e.what());
            QVERIFY2(m.contains("segmentation fault"), e.what());
            QVERIFY2(m.contains("Re-export it from scanpy"), e.what());
            QVERIFY2(!m.contains("not found"), e.what());
        }
        QVERIFY(noChildLeft());
    }

    void hangIsStopped() {
        QTemporaryDir dir;
        const QString data = dir.filePath("hangs.h5");
        writeH5ad(small(), data.toStdString());
        isolation::Settings s;
        s.readerPath = fakeReader(dir, "hang.sh", "exec sleep 600");
        s.stallSeconds = 1;
        isolation::enable(s);
        try {
            inspectInput(data.toStdString());
            QFAIL("expected InputError");
        } catch (const InputError& e) {
            QVERIFY2(QString(e.what()).contains("hung"), e.what());
            QVERIFY2(QString(e.what()).contains("/obs/cell_type/categories"), e.what());
        }
        QVERIFY(noChildLeft());
    }

    void outOfMemoryIsAnInputError() {
        QTemporaryDir dir;
        const QString data = dir.filePath("huge.h5ad");
        writeH5ad(small(), data.toStdString());
        isolation::Settings s;
        s.readerPath = fakeReader(dir, "oom.sh", "echo 'error memory \"out of memory\"' >&4; exit 2");
        s.memoryLimitBytes = int64_t(1) << 30;
        isolation::enable(s);
        try {
            loadDataset(data.toStdString());
            QFAIL("expected InputError");
        } catch (const InputError& e) {
            QVERIFY2(QString(e.what()).contains("1.0 GB memory limit"), e.what());
            QVERIFY2(QString(e.what()).contains("DM_READER_MEMORY_MB"), e.what());
        }
    }

    void stopKillsTheReader() {
        QTemporaryDir dir;
        const QString data = dir.filePath("slow.h5ad");
        writeH5ad(small(), data.toStdString());
        isolation::Settings s;
        s.readerPath = fakeReader(dir, "slow.sh", "exec sleep 600");
        isolation::enable(s);
        const auto start = std::chrono::steady_clock::now();
        const InterruptScope stop([start] { return std::chrono::steady_clock::now() - start > std::chrono::milliseconds(200); });
        QVERIFY_THROWS_EXCEPTION(Cancelled, loadDataset(data.toStdString()));
        QVERIFY(noChildLeft());
    }

    void missingReaderIsReported() {
        QTemporaryDir dir;
        const QString data = dir.filePath("x.h5ad");
        writeH5ad(small(), data.toStdString());
        isolation::Settings s;
        s.readerPath = dir.filePath("no-such-reader").toStdString();
        isolation::enable(s);
        try {
            loadDataset(data.toStdString());
            QFAIL("expected Error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("deepmapper-reader was not found"), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestIsolatedReader)
#include "test_isolated_reader.moc"
