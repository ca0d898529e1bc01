// Long calls without a cancel token stop at their interruption points: the readers
// (.h5ad blocks, 10x text lines) and the linear baseline throw Cancelled under an
// InterruptScope that says so, and run as before without one; scopes nest per thread.
#include "analysis/linear_baseline.h"
#include "common/error.h"
#include "common/interrupt.h"
#include "data/h5ad_writer.h"
#include "data/readers.h"
#include "data/synthetic.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <thread>

namespace {

dm::Dataset small() {
    dm::SyntheticSpec spec;
    spec.cells = 60;
    spec.genes = 100;
    return dm::generateSynthetic(spec).dataset;
}

void writeText(const QString& path, const QByteArray& text) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

bool always() { return true; }
bool never() { return false; }

}  // namespace

class TestInterrupt : public QObject {
    Q_OBJECT
private slots:
    void h5adReaderStopsWhenInterrupted() {
        QTemporaryDir tmp;
        const std::string path = tmp.filePath("small.h5ad").toStdString();
        dm::writeH5ad(small(), path);
        {
            const dm::InterruptScope scope(always);
            QVERIFY_THROWS_EXCEPTION(dm::Cancelled, dm::readH5ad(path));
        }
        {
            const dm::InterruptScope scope(never);
            QCOMPARE(dm::readH5ad(path).cells(), int64_t(60));
        }
        QCOMPARE(dm::readH5ad(path).genes(), int64_t(100));  // no scope: reads as before
    }

    void mtxReaderStopsWhenInterrupted() {
        QTemporaryDir tmp;
        writeText(tmp.filePath("matrix.mtx"), "%%MatrixMarket matrix coordinate integer general\n2 3 2\n1 1 5\n2 3 7\n");
        writeText(tmp.filePath("genes.tsv"), "G1\tA\nG2\tB\n");
        writeText(tmp.filePath("barcodes.tsv"), "c1\nc2\nc3\n");
        const std::string dir = tmp.path().toStdString();
        {
            const dm::InterruptScope scope(always);
            QVERIFY_THROWS_EXCEPTION(dm::Cancelled, dm::read10xMtxDir(dir));
        }
        QCOMPARE(dm::read10xMtxDir(dir).cells(), int64_t(3));
    }

    void linearBaselineStopsWhenInterrupted() {
        const dm::Dataset ds = small();
        const dm::Labels labels = dm::labelsFromColumn(ds, dm::kSyntheticLabelColumn);
        const dm::InterruptScope scope(always);
        QVERIFY_THROWS_EXCEPTION(dm::Cancelled,
                                 dm::fitLinearBaseline(ds.X, labels.y, labels.classes, ds.geneNames));
    }

    void scopesNestAndStayOnTheirThread() {
        bool outerStop = false;
        const dm::InterruptScope outer([&] { return outerStop; });
        {
            const dm::InterruptScope inner(always);
            QVERIFY_THROWS_EXCEPTION(dm::Cancelled, dm::interruptionPoint());
            bool otherThreadThrew = false;
            std::thread([&] {
                try {
                    dm::interruptionPoint();
                } catch (const dm::Cancelled&) {
                    otherThreadThrew = true;
                }
            }).join();
            QVERIFY(!otherThreadThrew);  // another thread has no scope
        }
        dm::interruptionPoint();  // back to the outer scope, which says go on
        outerStop = true;
        QVERIFY_THROWS_EXCEPTION(dm::Cancelled, dm::interruptionPoint());
    }
};

QTEST_MAIN(TestInterrupt)
#include "test_interrupt.moc"
