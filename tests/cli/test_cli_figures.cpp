// `--figures png,svg,pdf`: `deepmapper run` and `evaluate` on a tiny planted-signal .h5ad
// draw the GUI's figures offscreen (no display) into OUT/figures/; every file exists and
// is what its suffix says (the PNG decodes at a sensible size and is not blank);
// --figure-dpi scales the PNG. A bad format or resolution exits 2 before any data is read.
#include "cli_support.h"


#include <nlohmann/json.hpp>

#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcessEnvironment>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using dm::test::CliResult;
using dm::test::readAll;
using dm::test::runCli;

namespace {

const QStringList kFormats = {"png", "svg", "pdf"};

// What a file of each format starts with; PNGs must decode and show a drawing.
void checkFigure(const QString& path) {
    const QByteArray bytes = readAll(path);
    QVERIFY2(bytes.size() > 500, qPrintable(path + " is missing or nearly empty"));
    if (path.endsWith(".png")) {
        QImage image;
        QVERIFY2(image.loadFromData(bytes, "PNG"), qPrintable(path + " does not decode as PNG"));
        // 150 dpi over figures of at least 700 x 450 device-independent pixels.
        QVERIFY2(image.width() >= 1000 && image.height() >= 650,
                 qPrintable(QString("%1 is %2 x %3").arg(path).arg(image.width()).arg(image.height())));
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 7)
            for (int x = 0; x < image.width(); x += 7) colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 8, qPrintable(path + " looks blank"));
    } else if (path.endsWith(".svg")) {
        QVERIFY2(bytes.startsWith("<?xml") || bytes.startsWith("<svg"), qPrintable(path));
        QVERIFY2(bytes.contains("</svg>"), qPrintable(path + " is cut short"));
    } else {
        QVERIFY2(bytes.startsWith("%PDF"), qPrintable(path));
        QVERIFY2(bytes.contains("%%EOF"), qPrintable(path + " is cut short"));
    }
}

}  // namespace

class TestCliFigures : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString data_;

    // No display, as on a server: the CLI must pick the offscreen platform itself.
    static CliResult runHeadless(const QStringList& args) {
        qunsetenv("DISPLAY");
        qunsetenv("WAYLAND_DISPLAY");
        qunsetenv("QT_QPA_PLATFORM");
        const CliResult r = runCli(args);
        qputenv("QT_QPA_PLATFORM", "offscreen");
        return r;
    }

    static void requireFigures(const QString& out, const QStringList& names) {
        for (const QString& name : names)
            for (const QString& format : kFormats) {
                checkFigure(QDir(out).filePath("figures/" + name + "." + format));
                if (QTest::currentTestFailed()) return;
            }
        // Atomic writes leave no temporary files behind.
        const QStringList all = QDir(out + "/figures").entryList(QDir::Files);
        QCOMPARE(all.size(), int(names.size() * kFormats.size()));
    }

private slots:
    void initTestCase() {
        if (!DM_TEST_FIGURES) QSKIP("this build draws no figures (DM_BUILD_GUI=OFF: the sanitized build)");
        QVERIFY2(QFile::exists(dm::test::deepmapperBinary()), "deepmapper not built");
        data_ = dir_.filePath("tiny.h5ad");
        dm::test::writePlantedH5ad(data_, 240, 150, 5);
    }

    void runDrawsEveryFigure() {
        const QString out = dir_.filePath("run");
        const CliResult r = runHeadless({"run", data_, "--label", "cell_type", "--passes", "2", "--epochs", "2",
                                         "--threads", "1", "--attribution-samples", "16", "--backbone", "mlp",
                                         "--figures", "png,svg,pdf", "--json", "--quiet", "--out", out});
        if (r.err.contains("built without the desktop application")) QSKIP("this build has no GUI part");
        QVERIFY2(r.code == 0, qPrintable(r.err));
        requireFigures(out, {"pass_acceptance", "attribution_map", "top_genes"});
        // The figures are listed with the other files.
        const auto summary = nlohmann::json::parse(r.out.toStdString());
        int listed = 0;
        for (const auto& f : summary.at("files")) listed += f.get<std::string>().find("/figures/") != std::string::npos;
        QCOMPARE(listed, 9);
    }

    void evaluateDrawsTheConfusionMatrix() {
        const QString out = dir_.filePath("evaluate");
        const CliResult r = runHeadless({"evaluate", data_, "--label", "cell_type", "--passes", "2", "--epochs", "2",
                                         "--threads", "1", "--backbone", "mlp", "--figures", "PNG, svg,pdf",
                                         "--quiet", "--out", out});
        if (r.err.contains("built without the desktop application")) QSKIP("this build has no GUI part");
        QVERIFY2(r.code == 0, qPrintable(r.err));
        requireFigures(out, {"confusion_matrix"});
    }

    // `embed --figures`: the latent and PCA scatters, cells coloured by the label (the
    // three planted classes show as at least three distinct point colours besides grey).
    void embedDrawsLatentAndPcaScatters() {
        const QString out = dir_.filePath("embed");
        const CliResult r = runHeadless({"embed", data_, "--label", "cell_type", "--epochs", "2", "--latent", "4",
                                         "--threads", "1", "--figures", "png,svg,pdf", "--quiet", "--out", out});
        if (r.err.contains("built without the desktop application")) QSKIP("this build has no GUI part");
        QVERIFY2(r.code == 0, qPrintable(r.err));
        requireFigures(out, {"latent", "pca"});
        QImage image;
        QVERIFY(image.load(QDir(out).filePath("figures/pca.png")));
        QSet<QRgb> palette;
        for (int y = 0; y < image.height(); y += 3)
            for (int x = 0; x < image.width(); x += 3) palette.insert(image.pixel(x, y) & 0xFFFFFF);
        int classColours = 0;
        for (QRgb c : {0x0072B2u, 0xE69F00u, 0x009E73u}) classColours += palette.contains(c);
        QCOMPARE(classColours, 3);
    }

    void figureDpiScalesThePng() {
        // The confusion matrix is 760 device-independent pixels wide: 1188 at the default
        // 150 dpi, 2375 at 300, and the file says 300 dpi.
        const QString out = dir_.filePath("dpi");
        const CliResult r = runHeadless({"evaluate", data_, "--label", "cell_type", "--passes", "1", "--epochs", "1",
                                         "--threads", "1", "--backbone", "mlp", "--figures", "png", "--figure-dpi",
                                         "300", "--quiet", "--out", out});
        if (r.err.contains("built without the desktop application")) QSKIP("this build has no GUI part");
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QImage image;
        QVERIFY(image.load(QDir(out).filePath("figures/confusion_matrix.png")));
        QCOMPARE(image.width(), 2375);
        QCOMPARE(qRound(image.dotsPerMeterX() * 0.0254), 300);
    }

    void badFigureFlagsExitTwo_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QStringList>("mentions");
        const QString out = dir_.filePath("never");
        QTest::newRow("gif") << QStringList{"run", data_, "--label", "cell_type", "--figures", "gif", "--out", out}
                             << QStringList{"--figures", "gif", "png", "svg", "pdf"};
        QTest::newRow("one bad of two")
            << QStringList{"evaluate", data_, "--label", "cell_type", "--figures", "png,jpeg", "--out", out}
            << QStringList{"--figures", "jpeg"};
        // Refused before reading: the data file does not even exist.
        QTest::newRow("before loading")
            << QStringList{"run", dir_.filePath("missing.h5ad"), "--label", "x", "--figures", "gif", "--out", out}
            << QStringList{"--figures"};
        QTest::newRow("no out") << QStringList{"demo", "--figures", "png"} << QStringList{"--figures", "--out"};
        QTest::newRow("dpi out of range")
            << QStringList{"run", data_, "--label", "cell_type", "--figures", "png", "--figure-dpi", "5", "--out", out}
            << QStringList{"--figure-dpi", "36", "1200"};
    }

    void badFigureFlagsExitTwo() {
        QFETCH(QStringList, args);
        QFETCH(QStringList, mentions);
        const CliResult r = runCli(args, 120000);
        QVERIFY2(r.code == 2, qPrintable(QString("exit %1, stderr: %2").arg(r.code).arg(r.err)));
        for (const QString& m : mentions) QVERIFY2(r.err.contains(m), qPrintable(m + " not in: " + r.err));
        QVERIFY(!QDir(dir_.filePath("never")).exists());
    }
};

QTEST_GUILESS_MAIN(TestCliFigures)
#include "test_cli_figures.moc"
