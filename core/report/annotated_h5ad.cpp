#include "report/annotated_h5ad.h"

#include "common/error.h"
#include "data/h5ad_writer.h"

namespace dm {

void writeAnnotatedH5ad(const Dataset& data, const RunRecord& record, const std::string& path) {
    const Findings& f = record.findings;
    const size_t n = f.featureNames.size();
    if (static_cast<size_t>(data.genes()) != n)
        throw Error("annotated .h5ad: the data has " + std::to_string(data.genes()) + " genes but the run ranked " +
                    std::to_string(n) + "; write it from the dataset the run was trained on");
    std::vector<double> rank(n, 0.0);
    const auto ranking = f.ranking();
    for (size_t r = 0; r < ranking.size(); ++r) rank[static_cast<size_t>(ranking[r].feature)] = double(r + 1);

    H5adWriteOptions options;
    options.varColumns.push_back(Column::numeric("deepmapper_selection_frequency", f.selectionFrequency));
    options.varColumns.push_back(Column::numeric("deepmapper_median_importance", f.medianImportance));
    options.varColumns.push_back(Column::numeric("deepmapper_mean_rank", f.meanRank));
    options.varColumns.push_back(Column::numeric("deepmapper_rank", rank));
    if (!record.linearImportance.empty())
        options.varColumns.push_back(Column::numeric("deepmapper_linear_importance", record.linearImportance));
    // Without per-pass importances: uns is a record of the run, not a second copy of it.
    options.unsStrings.emplace_back("deepmapper", toJson(record, false).dump());
    options.compression = 4;
    writeH5ad(data, path, options);
}

}  // namespace dm
