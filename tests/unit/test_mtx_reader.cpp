// 10x matrix folders (CellRanger 1-2 plain text, 3+ gzipped) read into cells x genes CSR,
// and every way such a folder can be broken, each with a message that names the problem.
#include "common/error.h"
#include "data/gz_lines.h"
#include "data/readers.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <zlib.h>

#include <fstream>
#include <string>

using namespace dm;

namespace {

void writeText(const QString& path, const std::string& text) {
    std::ofstream os(path.toStdString(), std::ios::binary);
    os << text;
    QVERIFY(os.good());
}

void writeGz(const QString& path, const std::string& text) {
    gzFile f = gzopen(path.toStdString().c_str(), "wb");
    QVERIFY(f != nullptr);
    QCOMPARE(gzwrite(f, text.data(), static_cast<unsigned>(text.size())), static_cast<int>(text.size()));
    QCOMPARE(gzclose(f), Z_OK);
}

// 3 genes x 2 cells as MatrixMarket (genes are rows). Dense cells x genes:
//   cell AAA: [5 0 1]
//   cell CCC: [0 2 0]
const std::string kMatrix =
    "%%MatrixMarket matrix coordinate integer general\n"
    "% written by a test\n"
    "3 2 3\n"
    "1 1 5\n"
    "3 1 1\n"
    "2 2 2\n";
const std::string kGenes = "ENSG1\tACTB\nENSG2\tGAPDH\nENSG3\tCD3E\n";
const std::string kBarcodes = "AAA-1\nCCC-1\n";

// A CellRanger 1-2 folder in `dir`, with `matrix` replacing the default matrix text.
QString v2Dir(const QTemporaryDir& tmp, const std::string& matrix = kMatrix, const std::string& genes = kGenes,
              const std::string& barcodes = kBarcodes) {
    writeText(tmp.filePath("matrix.mtx"), matrix);
    writeText(tmp.filePath("genes.tsv"), genes);
    writeText(tmp.filePath("barcodes.tsv"), barcodes);
    return tmp.path();
}

// Runs the reader and returns its error message (empty if it did not throw InputError).
QString errorOf(const QString& dir, const TenxOptions& options = {}) {
    try {
        read10xMtxDir(dir.toStdString(), options);
    } catch (const InputError& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

}  // namespace

class TestMtxReader : public QObject {
    Q_OBJECT
private slots:
    void readsPlainCellRanger2Folder() {
        QTemporaryDir tmp;
        const Dataset ds = read10xMtxDir(v2Dir(tmp).toStdString());
        QCOMPARE(ds.cells(), 2);
        QCOMPARE(ds.genes(), 3);
        QCOMPARE(ds.X.nnz(), 3);
        QCOMPARE(ds.X.at(0, 0), 5.0f);
        QCOMPARE(ds.X.at(0, 2), 1.0f);
        QCOMPARE(ds.X.at(1, 1), 2.0f);
        QCOMPARE(ds.X.at(1, 0), 0.0f);
        QCOMPARE(ds.geneIds, (std::vector<std::string>{"ENSG1", "ENSG2", "ENSG3"}));
        QCOMPARE(ds.geneNames, (std::vector<std::string>{"ACTB", "GAPDH", "CD3E"}));
        QCOMPARE(ds.cellNames, (std::vector<std::string>{"AAA-1", "CCC-1"}));
        QCOMPARE(ds.matrix, std::string("10x"));
    }

    void readsGzippedV3FolderKeepingGeneExpression() {
        QTemporaryDir tmp;
        // Gene 2 is an antibody: dropped by default, kept with allFeatures.
        writeGz(tmp.filePath("matrix.mtx.gz"), kMatrix);
        writeGz(tmp.filePath("features.tsv.gz"),
                "ENSG1\tACTB\tGene Expression\nCD4_TotalSeqB\tCD4\tAntibody Capture\nENSG3\tCD3E\tGene Expression\n");
        writeGz(tmp.filePath("barcodes.tsv.gz"), kBarcodes);
        const Dataset ds = read10xMtxDir(tmp.path().toStdString());
        QCOMPARE(ds.genes(), 2);
        QCOMPARE(ds.geneNames, (std::vector<std::string>{"ACTB", "CD3E"}));
        QCOMPARE(ds.X.at(0, 1), 1.0f);  // CD3E moved to column 1
        QCOMPARE(ds.X.nnz(), 2);        // the antibody count of cell CCC is gone
        QCOMPARE(ds.X.rowSums(), (std::vector<double>{6, 0}));

        TenxOptions all;
        all.allFeatures = true;
        const Dataset full = read10xMtxDir(tmp.path().toStdString(), all);
        QCOMPARE(full.genes(), 3);
        QCOMPARE(full.X.at(1, 1), 2.0f);
    }

    void onlyNonGeneFeaturesSaysHowToLoadThem() {
        QTemporaryDir tmp;
        v2Dir(tmp, kMatrix, "a\tA\tCRISPR Guide Capture\nb\tB\tCRISPR Guide Capture\nc\tC\tCRISPR Guide Capture\n");
        const QString msg = errorOf(tmp.path());
        QVERIFY2(msg.contains("Gene Expression") && msg.contains("CRISPR") && msg.contains("all-features"),
                 qPrintable(msg));
    }

    void unsortedAndRepeatedEntriesAreSortedAndSummed() {
        QTemporaryDir tmp;
        v2Dir(tmp, "%%MatrixMarket matrix coordinate real general\n3 2 4\n3 1 1.5\n1 1 2\n3 1 0.5\n2 2 1e1\n");
        const Dataset ds = read10xMtxDir(tmp.path().toStdString());
        ds.X.validate();
        QCOMPARE(ds.X.indices, (std::vector<int32_t>{0, 2, 1}));
        QCOMPARE(ds.X.values, (std::vector<float>{2.0f, 2.0f, 10.0f}));
    }

    void patternMatrixCountsOnes() {
        QTemporaryDir tmp;
        v2Dir(tmp, "%%MatrixMarket matrix coordinate pattern general\n3 2 2\n1 1\n2 2\n");
        const Dataset ds = read10xMtxDir(tmp.path().toStdString());
        QCOMPARE(ds.X.values, (std::vector<float>{1.0f, 1.0f}));
    }

    void repeatedNamesMadeUniqueIdsKept() {
        QTemporaryDir tmp;
        v2Dir(tmp, kMatrix, "ENSG1\tTBCE\nENSG2\tTBCE\nENSG3\tTBCE\n");
        const Dataset ds = read10xMtxDir(tmp.path().toStdString());
        QCOMPARE(ds.geneNames, (std::vector<std::string>{"TBCE", "TBCE-1", "TBCE-2"}));
        QCOMPARE(ds.geneIds, (std::vector<std::string>{"ENSG1", "ENSG2", "ENSG3"}));
    }

    void genomeParentFolderIsResolved() {
        QTemporaryDir tmp;
        QDir(tmp.path()).mkdir("hg19");
        writeText(tmp.filePath("hg19/matrix.mtx"), kMatrix);
        writeText(tmp.filePath("hg19/genes.tsv"), kGenes);
        writeText(tmp.filePath("hg19/barcodes.tsv"), kBarcodes);
        QCOMPARE(read10xMtxDir(tmp.path().toStdString()).genes(), 3);
        // Two genomes: the user must pick, and is told which folders there are.
        QDir(tmp.path()).mkdir("mm10");
        writeText(tmp.filePath("mm10/matrix.mtx"), kMatrix);
        const QString msg = errorOf(tmp.path());
        QVERIFY2(msg.contains("hg19") && msg.contains("mm10") && msg.contains("pick"), qPrintable(msg));
    }

    void missingFilesNameWhatIsExpected() {
        QTemporaryDir tmp;
        QVERIFY2(errorOf(tmp.filePath("nope")).contains("not found"), "missing folder");
        QString msg = errorOf(tmp.path());
        QVERIFY2(msg.contains("matrix.mtx"), qPrintable(msg));
        writeText(tmp.filePath("matrix.mtx"), kMatrix);
        msg = errorOf(tmp.path());
        QVERIFY2(msg.contains("features.tsv.gz") && msg.contains("genes.tsv"), qPrintable(msg));
        writeText(tmp.filePath("genes.tsv"), kGenes);
        msg = errorOf(tmp.path());
        QVERIFY2(msg.contains("barcodes.tsv"), qPrintable(msg));
        writeText(tmp.filePath("barcodes.tsv"), kBarcodes);
        QVERIFY(errorOf(tmp.path()).isEmpty());
    }

    void malformedHeaderIsRefused() {
        QTemporaryDir tmp;
        v2Dir(tmp, "%%MatrixMarket matrix coordinate integer general\n3 2\n1 1 5\n");
        QString msg = errorOf(tmp.path());
        QVERIFY2(msg.contains("size line") && msg.contains("line 2"), qPrintable(msg));
        v2Dir(tmp, "%%MatrixMarket matrix coordinate integer general\nthree 2 3\n");
        QVERIFY2(errorOf(tmp.path()).contains("size line"), "non-numeric size");
        v2Dir(tmp, "%%MatrixMarket matrix array real general\n3 2\n");
        QVERIFY2(errorOf(tmp.path()).contains("coordinate"), "dense array format");
        v2Dir(tmp, "%%MatrixMarket matrix coordinate integer general\n% only comments\n");
        QVERIFY2(errorOf(tmp.path()).contains("size line"), "no size line");
    }

    void entryOutOfRangeIsRefused() {
        QTemporaryDir tmp;
        v2Dir(tmp, "%%MatrixMarket matrix coordinate integer general\n3 2 1\n4 1 5\n");
        QString msg = errorOf(tmp.path());
        QVERIFY2(msg.contains("gene (row) 4") && msg.contains("1..3") && msg.contains("line 3"), qPrintable(msg));
        v2Dir(tmp, "%%MatrixMarket matrix coordinate integer general\n3 2 1\n1 0 5\n");
        msg = errorOf(tmp.path());
        QVERIFY2(msg.contains("cell (column) 0"), qPrintable(msg));
    }

    void entryCountMustMatchHeader() {
        QTemporaryDir tmp;
        v2Dir(tmp, "%%MatrixMarket matrix coordinate integer general\n3 2 3\n1 1 5\n2 2 1\n");
        QString msg = errorOf(tmp.path());
        QVERIFY2(msg.contains("ends after 2 entries") && msg.contains("declares 3"), qPrintable(msg));
        v2Dir(tmp, "%%MatrixMarket matrix coordinate integer general\n3 2 1\n1 1 5\n2 2 1\n");
        msg = errorOf(tmp.path());
        QVERIFY2(msg.contains("more entries than the 1"), qPrintable(msg));
    }

    void badValuesAreRefused() {
        QTemporaryDir tmp;
        v2Dir(tmp, "%%MatrixMarket matrix coordinate real general\n3 2 1\n1 1 five\n");
        QVERIFY2(errorOf(tmp.path()).contains("not a number"), "non-numeric value");
        v2Dir(tmp, "%%MatrixMarket matrix coordinate real general\n3 2 1\n1 1 -2\n");
        QString msg = errorOf(tmp.path());
        QVERIFY2(msg.contains("negative") && msg.contains("line 3"), qPrintable(msg));
        v2Dir(tmp, "%%MatrixMarket matrix coordinate real general\n3 2 1\n1 1 nan\n");
        QVERIFY2(errorOf(tmp.path()).contains("NaN"), "NaN value");
        v2Dir(tmp, "%%MatrixMarket matrix coordinate real general\n3 2 1\n1 1 inf\n");
        QVERIFY2(errorOf(tmp.path()).contains("infinite"), "infinite value");
        v2Dir(tmp, "%%MatrixMarket matrix coordinate real general\n3 2 1\n1.5 1 2\n");
        QVERIFY2(errorOf(tmp.path()).contains("integer positions"), "fractional position");
    }

    void namesMustMatchTheMatrixShape() {
        QTemporaryDir tmp;
        v2Dir(tmp, kMatrix, "ENSG1\tACTB\nENSG2\tGAPDH\n");
        QString msg = errorOf(tmp.path());
        QVERIFY2(msg.contains("lists 2 genes") && msg.contains("3 rows"), qPrintable(msg));
        v2Dir(tmp, kMatrix, kGenes, "AAA-1\nCCC-1\nGGG-1\n");
        msg = errorOf(tmp.path());
        QVERIFY2(msg.contains("lists 3 barcodes") && msg.contains("2 columns"), qPrintable(msg));
    }

    void corruptGzipIsReported() {
        QTemporaryDir tmp;
        // Enough entries that the compressed stream spans many bytes.
        std::string big = "%%MatrixMarket matrix coordinate integer general\n3 2000 2000\n";
        std::string barcodes;
        for (int c = 1; c <= 2000; ++c) {
            big += std::to_string(1 + c % 3) + " " + std::to_string(c) + " " + std::to_string(c % 7 + 1) + "\n";
            barcodes += "BC" + std::to_string(c) + "\n";
        }
        writeGz(tmp.filePath("matrix.mtx.gz"), big);
        writeGz(tmp.filePath("features.tsv.gz"), kGenes);
        writeGz(tmp.filePath("barcodes.tsv.gz"), barcodes);
        QVERIFY(errorOf(tmp.path()).isEmpty());

        QFile f(tmp.filePath("matrix.mtx.gz"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray good = f.readAll();
        f.close();
        // Cut short: the stream ends without its trailer.
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(good.left(good.size() / 2));
        f.close();
        QString msg = errorOf(tmp.path());
        QVERIFY2(msg.contains("damaged") && msg.contains("matrix.mtx.gz"), qPrintable(msg));
        // Wrong checksum in the trailer: the data decodes but fails verification.
        QByteArray bad = good;
        bad[bad.size() - 6] = static_cast<char>(bad[bad.size() - 6] ^ 0x5a);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(bad);
        f.close();
        msg = errorOf(tmp.path());
        QVERIFY2(msg.contains("damaged") && msg.contains("gzip"), qPrintable(msg));
    }

    void lineReaderHandlesCrLfAndMissingFinalNewline() {
        QTemporaryDir tmp;
        writeText(tmp.filePath("a.txt"), "x\r\ny\nz");
        QCOMPARE(readAllLines(tmp.filePath("a.txt").toStdString()), (std::vector<std::string>{"x", "y", "z"}));
        writeGz(tmp.filePath("a.txt.gz"), std::string(20000, 'q') + "\nend\n");
        const auto lines = readAllLines(tmp.filePath("a.txt.gz").toStdString());
        QCOMPARE(lines.size(), size_t(2));
        QCOMPARE(lines[0].size(), size_t(20000));  // longer than the internal buffer
        QVERIFY_THROWS_EXCEPTION(InputError, GzLineReader(tmp.filePath("missing.gz").toStdString()));
    }
};

QTEST_GUILESS_MAIN(TestMtxReader)
#include "test_mtx_reader.moc"
