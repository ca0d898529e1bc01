#include "report/annotated_h5ad.h"

#include "common/error.h"
#include "data/h5ad_writer.h"
#include "report/class_tables.h"

#include <filesystem>

namespace dm {

namespace {

void checkMarkerGenes(const Dataset& data, const DeResult& markers) {
    if (markers.geneNames != data.geneNames)
        throw Error("annotated .h5ad: the markers table was computed on other genes than the data written; compute "
                    "it on the same dataset");
}

std::vector<Column> statisticsColumns(const RunRecord& record) {
    const Findings& f = record.findings;
    std::vector<double> rank(f.featureNames.size(), 0.0);
    const auto ranking = f.ranking();
    for (size_t r = 0; r < ranking.size(); ++r) rank[static_cast<size_t>(ranking[r].feature)] = double(r + 1);
    std::vector<Column> cols;
    cols.push_back(Column::numeric("deepmapper_selection_frequency", f.selectionFrequency));
    cols.push_back(Column::numeric("deepmapper_median_importance", f.medianImportance));
    cols.push_back(Column::numeric("deepmapper_mean_rank", f.meanRank));
    cols.push_back(Column::numeric("deepmapper_rank", rank));
    if (!record.linearImportance.empty())
        cols.push_back(Column::numeric("deepmapper_linear_importance", record.linearImportance));
    appendClassVarColumns(f, cols);
    return cols;
}

bool isExistingH5ad(const std::string& path) {
    std::error_code ec;
    const std::filesystem::path p(path);
    return p.extension() == ".h5ad" && std::filesystem::is_regular_file(p, ec);
}

}  // namespace

H5adWriteOptions::Frame markersFrame(const DeResult& markers) {
    H5adWriteOptions::Frame frame;
    frame.key = "deepmapper_markers";
    std::vector<double> p, fc, pct1, pct2, adj, bh, statistic, log10p;
    std::vector<std::string> clusters, genes;
    std::vector<int32_t> codes;
    for (size_t k = 0; k < markers.comparisons.size(); ++k) {
        const DeComparison& c = markers.comparisons[k];
        clusters.push_back(c.group);
        for (const GeneDe& g : c.genes) {
            p.push_back(g.pValue);
            fc.push_back(g.avgLog2FC);
            pct1.push_back(g.pct1);
            pct2.push_back(g.pct2);
            adj.push_back(g.pAdjBonferroni);
            bh.push_back(g.pAdjBH);
            statistic.push_back(g.statistic);
            log10p.push_back(g.log10P);
            codes.push_back(static_cast<int32_t>(k));
            genes.push_back(markers.geneNames[static_cast<size_t>(g.gene)]);
            frame.index.push_back(std::to_string(frame.index.size()));
        }
    }
    frame.columns = {Column::numeric("p_val", p),          Column::numeric("avg_log2FC", fc),
                     Column::numeric("pct.1", pct1),       Column::numeric("pct.2", pct2),
                     Column::numeric("p_val_adj", adj),    Column::categorical("cluster", clusters, codes),
                     Column::text("gene", genes),          Column::numeric("p_val_bh", bh),
                     Column::numeric("statistic", statistic), Column::numeric("log10_p_val", log10p)};
    return frame;
}

void writeMarkersH5ad(const Dataset& data, const DeResult& markers, const std::string& path) {
    checkMarkerGenes(data, markers);
    H5adWriteOptions options;
    options.unsFrames.push_back(markersFrame(markers));
    options.compression = 4;
    writeH5ad(data, path, options);
}

void writeAnnotatedH5ad(const Dataset& data, const RunRecord& record, const std::string& path,
                        const DeResult* markers) {
    AnnotatedExtras extras;
    if (markers) {
        checkMarkerGenes(data, *markers);
        extras.unsFrames.push_back(markersFrame(*markers));
    }
    writeAnnotatedH5ad(data, record, path, extras);
}

void writeAnnotatedH5ad(const Dataset& data, const RunRecord& record, const std::string& path,
                        const AnnotatedExtras& extras) {
    const size_t n = record.findings.featureNames.size();
    if (static_cast<size_t>(data.genes()) != n)
        throw Error("annotated .h5ad: the data has " + std::to_string(data.genes()) + " genes but the run ranked " +
                    std::to_string(n) + "; write it from the dataset the run was trained on");
    std::vector<std::pair<std::string, std::string>> uns = extras.unsStrings;
    // Without per-pass importances: uns is a record of the run, not a second copy of it.
    uns.emplace_back("deepmapper", toJson(record, false).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));

    if (isExistingH5ad(data.source)) {
        std::error_code ec;
        if (std::filesystem::equivalent(data.source, path, ec))
            throw InputError(path + " is the input file: choose a new file, the input is never overwritten");
        H5adAnnotation a;
        a.matrix = data.matrix.empty() ? "X" : data.matrix;
        a.genes = data.geneNames;
        a.varColumns = statisticsColumns(record);
        a.unsStrings = uns;
        a.unsTables = extras.unsFrames;
        // Obs columns the file lacks (a group kept in the Cells tab); its own stay as stored.
        a.cells = data.cellNames;
        for (const Column& c : data.obs.columns())
            if (c.name != "_index") a.obsColumns.push_back(c);
        if (writeAnnotatedCopy(data.source, path, a)) return;
    }
    H5adWriteOptions options;
    options.varColumns = statisticsColumns(record);
    options.unsStrings = uns;
    options.unsFrames = extras.unsFrames;
    options.compression = 4;
    writeH5ad(data, path, options);
}

}  // namespace dm
