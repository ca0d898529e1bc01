#include "exports.h"

#include "common/error.h"
#include "report/ranking_table.h"
#include "report/ranking_xlsx.h"
#include "report/run_outputs.h"

#include <QDir>
#include <QFileInfo>

namespace dm::ui {

void exportRanking(const RunRecord& record, const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    const std::string p = path.toStdString();
    RankingExtras extras;
    extras.linearImportance = record.linearImportance;
    if (suffix == "csv")
        writeRankingCsv(record.findings, p, extras);
    else if (suffix == "tsv" || suffix == "tab")
        writeRankingTsv(record.findings, p, extras);
    else if (suffix == "txt")
        writeTopGenes(record.findings, p, size_t(std::max(1, record.findings.topK)));
    else if (suffix == "xlsx")
        writeRankingXlsx(record, p);
    else
        throw InputError("unknown table format '." + suffix.toStdString() + "' for '" + p +
                         "'; use .csv, .tsv, .txt (gene list) or .xlsx");
}

QStringList exportReportFolder(RunRecord record, const QList<NamedPlot>& plots, const QString& dir, int dpi,
                               std::vector<TopSetOverlap> overlaps) {
    QStringList written;
    OutputOptions options;
    options.overlaps = std::move(overlaps);
    for (const std::string& f : writeRunOutputs(record, dir.toStdString(), options)) written << QString::fromStdString(f);
    if (record.findings.accepted > 0)
        written << saveFigures(plots, QDir(dir).filePath("figures"), "png", dpi)
                << saveFigures(plots, QDir(dir).filePath("figures"), "svg", dpi);
    return written;
}

}  // namespace dm::ui
