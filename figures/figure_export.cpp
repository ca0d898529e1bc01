#include "figure_export.h"

#include "common/atomic_file.h"
#include "common/error.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QSvgGenerator>
#include <qcustomplot.h>

namespace dm::ui {

namespace {

Error writeError(const QString& path, const QString& why) {
    return Error(QString("could not write '%1': %2; choose a folder you can write to").arg(path, why).toStdString());
}

// QSaveFile writes a temporary file and renames it on commit.
void saveSvg(QCustomPlot* plot, const QString& path) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) throw writeError(path, file.errorString());
    const int w = plot->width(), h = plot->height();
    QSvgGenerator svg;
    svg.setOutputDevice(&file);
    svg.setSize(QSize(w, h));
    svg.setViewBox(QRect(0, 0, w, h));
    svg.setTitle(plot->objectName());
    QCPPainter painter;
    painter.begin(&svg);
    plot->toPainter(&painter, w, h);
    painter.end();
    if (!file.commit()) throw writeError(path, file.errorString());
}

}  // namespace

void saveFigure(QCustomPlot* plot, const QString& path, int dpi) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == "svg") return saveSvg(plot, path);
    plot->replot();
    AtomicPath out(path.toStdString());
    const QString temp = QString::fromStdString(out.temp());
    bool ok = false;
    if (suffix == "png") {
        const double scale = dpi / 96.0;  // plot size is in device-independent pixels at 96 dpi
        ok = plot->savePng(temp, plot->width(), plot->height(), scale, -1, dpi, QCP::ruDotsPerInch);
    } else if (suffix == "pdf") {
        ok = plot->savePdf(temp, plot->width(), plot->height(), QCP::epNoCosmetic, "DeepMapper Studio",
                           plot->objectName());
    } else {
        throw InputError(QString("unknown figure format '.%1' for '%2'; use .png, .svg or .pdf")
                             .arg(suffix, path)
                             .toStdString());
    }
    if (!ok) throw writeError(path, "the image could not be rendered or saved");
    out.commit();
}

QStringList saveFigures(const QList<NamedPlot>& plots, const QString& dir, const QString& format, int dpi) {
    if (!QDir().mkpath(dir)) throw writeError(dir, "the folder could not be created");
    QStringList written;
    for (const NamedPlot& p : plots) {
        const QString path = QDir(dir).filePath(p.first + "." + format.toLower());
        saveFigure(p.second, path, dpi);
        written << path;
    }
    return written;
}

}  // namespace dm::ui
