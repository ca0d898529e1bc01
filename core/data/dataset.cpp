#include "data/dataset.h"

#include "common/error.h"

#include <algorithm>
#include <map>

namespace dm {

void Dataset::validate() const {
    X.validate(("matrix of " + (source.empty() ? std::string("dataset") : source)).c_str());
    auto check = [&](size_t n, int64_t expected, const std::string& what) {
        if (static_cast<int64_t>(n) != expected)
            throw InputError(source + ": " + what + " has " + std::to_string(n) + " entries but the matrix has " +
                             std::to_string(expected) + "; the file is inconsistent");
    };
    check(geneNames.size(), genes(), "the gene (var) names");
    if (!geneIds.empty()) check(geneIds.size(), genes(), "the gene ids");
    check(cellNames.size(), cells(), "the cell (obs) names");
    for (const auto& c : obs.columns()) check(static_cast<size_t>(c.size()), cells(), "obs column '" + c.name + "'");
    for (const auto& e : embeddings) {
        check(static_cast<size_t>(e.rows), cells(), "embedding '" + e.name + "'");
        if (e.values.size() != static_cast<size_t>(e.rows * e.cols))
            throw InputError(source + ": embedding '" + e.name + "' holds " + std::to_string(e.values.size()) +
                             " values, not " + std::to_string(e.rows) + " x " + std::to_string(e.cols));
    }
}

Dataset Dataset::selectCells(const std::vector<int64_t>& rows) const {
    Dataset out;
    out.X = X.selectRows(rows);
    out.geneNames = geneNames;
    out.geneIds = geneIds;
    for (int64_t r : rows) out.cellNames.push_back(cellNames[static_cast<size_t>(r)]);
    out.obs = obs.selectRows(rows);
    for (const auto& e : embeddings) out.embeddings.push_back(e.selectRows(rows));
    out.source = source;
    out.matrix = matrix;
    return out;
}

Dataset Dataset::selectGenes(const std::vector<int64_t>& cols) const {
    Dataset out;
    out.X = X.selectCols(cols);
    for (int64_t c : cols) {
        out.geneNames.push_back(geneNames[static_cast<size_t>(c)]);
        if (!geneIds.empty()) out.geneIds.push_back(geneIds[static_cast<size_t>(c)]);
    }
    out.cellNames = cellNames;
    out.obs = obs;
    out.embeddings = embeddings;
    out.source = source;
    out.matrix = matrix;
    return out;
}

std::vector<int64_t> Labels::counts() const {
    std::vector<int64_t> n(classes.size(), 0);
    for (int64_t v : y)
        if (v >= 0) ++n[static_cast<size_t>(v)];
    return n;
}

namespace {
std::string describeColumns(const ObsTable& obs) {
    std::string s;
    for (const auto& c : obs.columns()) {
        if (!s.empty()) s += ", ";
        s += c.name + " (" + c.kindName() + ")";
    }
    return s.empty() ? "none: the file has no obs columns" : s;
}
}  // namespace

Labels labelsFromColumn(const Dataset& ds, const std::string& column) {
    const Column* c = ds.obs.find(column);
    if (!c)
        throw InputError("obs column '" + column + "' not found in " + ds.source +
                         "; available: " + describeColumns(ds.obs));
    Labels out;
    out.column = column;
    switch (c->kind) {
        case Column::Kind::Categorical:
            out.classes = c->categories;
            out.y.assign(c->codes.begin(), c->codes.end());
            break;
        case Column::Kind::String: {
            std::map<std::string, int64_t> index;
            for (const auto& v : c->strings) index.emplace(v, 0);
            int64_t k = 0;
            for (auto& [name, id] : index) {
                id = k++;
                out.classes.push_back(name);
            }
            for (const auto& v : c->strings) out.y.push_back(index[v]);
            break;
        }
        case Column::Kind::Numeric:
        case Column::Kind::Boolean:
            throw InputError("obs column '" + column + "' is " + c->kindName() +
                             ", not a class label; pick a categorical column (" + describeColumns(ds.obs) +
                             ") or store the classes as a categorical column first (in scanpy: "
                             "adata.obs['" + column + "'] = adata.obs['" + column + "'].astype('category'))");
    }
    if (out.classes.size() < 2)
        throw InputError("obs column '" + column + "' has " + std::to_string(out.classes.size()) +
                         " class; at least two are needed to find the genes that separate them");
    return out;
}

std::vector<int64_t> labelledCells(const Labels& labels) {
    std::vector<int64_t> rows;
    for (size_t i = 0; i < labels.y.size(); ++i)
        if (labels.y[i] >= 0) rows.push_back(static_cast<int64_t>(i));
    return rows;
}

}  // namespace dm
