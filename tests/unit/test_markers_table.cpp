// markers.csv / markers.xlsx: Seurat's columns, NaN as NA, class names made valid sheet
// names, atomic files.
#include "analysis/differential.h"
#include "common/error.h"
#include "report/markers_table.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace dm;

namespace {

DeResult smallResult() {
    DeResult r;
    r.geneNames = {"A,1", "B"};
    DeComparison c;
    c.group = "CD4+/CD25 T Reg";
    c.reference = "rest";
    GeneDe a;
    a.gene = 0;
    a.pValue = 1e-5;
    a.log10P = -5;
    a.pAdjBonferroni = 2e-5;
    a.pAdjBH = 2e-5;
    a.avgLog2FC = 1.5;
    a.pct1 = 0.5;
    a.pct2 = 0.25;
    a.statistic = 12;
    GeneDe b = a;
    b.gene = 1;
    b.pValue = b.pAdjBH = b.pAdjBonferroni = b.log10P = b.statistic = std::nan("");
    c.genes = {a, b};
    r.comparisons = {c};
    return r;
}

}  // namespace

class TestMarkersTable : public QObject {
    Q_OBJECT
private slots:
    void csvHasSeuratColumnsAndNA() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("markers.csv").toStdString();
        writeMarkersCsv(smallResult(), path);
        QFile f(QString::fromStdString(path));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines[0], QString("p_val,avg_log2FC,pct.1,pct.2,p_val_adj,cluster,gene,p_val_bh,statistic,log10_p_val"));
        QCOMPARE(lines[1], QString("1e-05,1.5,0.5,0.25,2e-05,CD4+/CD25 T Reg,\"A,1\",2e-05,12,-5"));
        QCOMPARE(lines[2], QString("NA,1.5,0.5,0.25,NA,CD4+/CD25 T Reg,B,NA,NA,NA"));
    }

    void sheetNamesAreValidAndUnique() {
        std::vector<std::string> used;
        QCOMPARE(xlsxSheetName("CD4+/CD25 T Reg", used), std::string("CD4+_CD25 T Reg"));
        QCOMPARE(xlsxSheetName("CD4+:CD25 T Reg", used), std::string("CD4+_CD25 T Reg_2"));  // clash after cleaning
        const std::string longName(40, 'x');
        const std::string a = xlsxSheetName(longName, used), b = xlsxSheetName(longName, used);
        QCOMPARE(a.size(), size_t{31});
        QCOMPARE(b.size(), size_t{31});
        QVERIFY(a != b);
        QCOMPARE(xlsxSheetName("", used), std::string("sheet"));
        QCOMPARE(xlsxSheetName("'quoted'", used), std::string("_quoted_"));
    }

    void xlsxIsWrittenWithOneSheetPerClass() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("markers.xlsx").toStdString();
        DeResult r = smallResult();
        r.comparisons.push_back(r.comparisons.front());
        r.comparisons.back().group = "Other";
        writeMarkersXlsx(r, path);
        QFile f(QString::fromStdString(path));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY(bytes.startsWith("PK"));  // a zip container
        QVERIFY(bytes.contains("xl/worksheets/sheet2.xml"));
        QVERIFY(!bytes.contains("xl/worksheets/sheet3.xml"));
        QVERIFY(!QFile::exists(dir.filePath("markers.xlsx.tmp")));
        QVERIFY_THROWS_EXCEPTION(Error, writeMarkersXlsx(r, "/no/such/folder/markers.xlsx"));
    }
};

QTEST_GUILESS_MAIN(TestMarkersTable)
#include "test_markers_table.moc"
