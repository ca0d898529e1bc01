#include "open_target.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QUrl>

namespace dm::ui {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("OpenTarget", text); }

const QString& supportedList() {
    static const QString s = tr("DeepMapper Studio opens an AnnData .h5ad file, a 10x .h5 file, a 10x matrix "
                                "folder (matrix.mtx with features/genes and barcodes) or a saved run (.dmrun).");
    return s;
}

// The first bytes tell HDF5 (every dataset file the readers take) from JSON (a run record).
OpenKind sniff(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return OpenKind::Unsupported;
    const QByteArray head = f.read(512);
    if (head.startsWith("\x89HDF\r\n\x1a\n")) return OpenKind::Dataset;
    if (head.trimmed().startsWith('{')) return OpenKind::Run;  // the reader checks it is a run record
    return OpenKind::Unsupported;
}

}  // namespace

OpenTarget classifyOpenPath(const QString& pathOrUrl) {
    OpenTarget t;
    QString path = pathOrUrl.trimmed();
    if (path.startsWith("file:", Qt::CaseInsensitive)) path = QUrl(path).toLocalFile();
    if (path.isEmpty()) {
        t.problem = tr("No file was given. ") + supportedList();
        return t;
    }
    const QFileInfo info(path);
    t.path = info.absoluteFilePath();
    const QString suffix = info.suffix().toLower();
    if (suffix == kRunSuffix) {
        t.kind = OpenKind::Run;
    } else if (info.isDir() || suffix == "h5ad" || suffix == "h5" || info.fileName().startsWith("matrix.mtx")) {
        t.kind = OpenKind::Dataset;  // a missing file is reported by the reader, naming it
    } else if (!info.exists()) {
        t.problem = tr("'%1' does not exist. Check the path, or choose the file with File > Open. ").arg(t.path) +
                    supportedList();
    } else if ((t.kind = sniff(t.path)) == OpenKind::Dataset) {
        // The readers tell .h5ad from 10x .h5 by extension: a renamed file needs its name back.
        t.kind = OpenKind::Unsupported;
        t.problem = tr("'%1' is an HDF5 file without the .h5ad or .h5 extension. Rename it to end in .h5ad "
                       "(AnnData) or .h5 (10x CellRanger), then open it again.")
                        .arg(info.fileName());
    } else if (t.kind == OpenKind::Unsupported) {
        t.problem = tr("'%1' is neither a dataset nor a saved run. ").arg(info.fileName()) + supportedList() +
                    tr(" Other formats (CSV, loom, RDS): convert them to .h5ad first, e.g. with scanpy "
                       "(adata.write_h5ad) or SeuratDisk.");
    }
    return t;
}

}  // namespace dm::ui
