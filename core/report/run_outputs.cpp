#include "report/run_outputs.h"

#include "common/error.h"
#include "report/annotated_h5ad.h"
#include "report/class_tables.h"
#include "report/output_folder.h"
#include "report/ranking_table.h"
#include "report/ranking_xlsx.h"

#include <chrono>
#include <filesystem>

namespace dm {

std::vector<std::string> writeRunOutputs(RunRecord& record, const std::string& dir, const OutputOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    namespace fs = std::filesystem;
    createOutputFolder(dir);
    const auto path = [&](const char* name) { return (fs::path(dir) / name).string(); };
    std::vector<std::string> written;
    const Findings& f = record.findings;

    if (f.accepted > 0) {
        const RankingExtras extras{record.linearImportance};
        writeRankingCsv(f, path("ranking.csv"), extras);
        written.push_back(path("ranking.csv"));
        writeRankingTsv(f, path("ranking.tsv"), extras);
        written.push_back(path("ranking.tsv"));
        const size_t k = options.topGenes > 0 ? options.topGenes : static_cast<size_t>(std::max(f.topK, 1));
        writeTopGenes(f, path("top_genes.txt"), k);
        written.push_back(path("top_genes.txt"));
        writeRankingXlsx(record, path("ranking.xlsx"));
        written.push_back(path("ranking.xlsx"));
        if (f.hasClassFindings()) {
            writeRankingByClassCsv(f, path("ranking_by_class.csv"));
            written.push_back(path("ranking_by_class.csv"));
        }
        if (!options.overlaps.empty()) {
            writeOverlapCsv(options.overlaps, f.featureNames, path("overlap.csv"));
            written.push_back(path("overlap.csv"));
        }
    }
    writePassesCsv(f, path("passes.csv"));
    written.push_back(path("passes.csv"));
    if (options.annotate && f.accepted > 0) {
        const std::string h5ad = (fs::path(dir) / options.annotatedName).string();
        writeAnnotatedH5ad(*options.annotate, record, h5ad, options.markers);
        written.push_back(h5ad);
    }
    record.timings.writeSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    writeRunJson(record, path("run.json"));
    written.push_back(path("run.json"));
    return written;
}

}  // namespace dm
