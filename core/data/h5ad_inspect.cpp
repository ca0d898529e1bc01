#include "data/h5ad_inspect.h"

#include "data/isolated_reader.h"
#include "data/label_columns.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>

namespace dm {

namespace {

constexpr int64_t kCountsSample = 100000;  // stored values checked for "looks like counts"
constexpr size_t kFirstNames = 5;

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::vector<std::string> firstOf(const std::vector<std::string>& v) {
    return {v.begin(), v.begin() + static_cast<std::ptrdiff_t>(std::min(v.size(), kFirstNames))};
}

std::string fmt(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

}  // namespace

ColumnSummary summarizeColumn(const Column& c) {
    ColumnSummary s;
    s.name = c.name;
    s.kind = c.kindName();
    switch (c.kind) {
        case Column::Kind::Categorical:
            s.categories = c.categories;
            s.counts = c.categoryCounts();
            s.missing = std::count(c.codes.begin(), c.codes.end(), -1);
            s.distinct = static_cast<int64_t>(c.categories.size());
            s.looksNumeric = looksNumeric(c.categories);
            s.tooManyClasses = tooManyClasses(
                std::count_if(s.counts.begin(), s.counts.end(), [](int64_t n) { return n > 0; }),
                static_cast<int64_t>(c.codes.size()) - s.missing);
            break;
        case Column::Kind::Numeric:
        case Column::Kind::Boolean:
            s.missing = std::count_if(c.numbers.begin(), c.numbers.end(), [](double v) { return std::isnan(v); });
            break;
        case Column::Kind::String:
            s.distinct = static_cast<int64_t>(std::set<std::string>(c.strings.begin(), c.strings.end()).size());
            break;
    }
    return s;
}

InputSummary summarizeDataset(const Dataset& ds) {
    InputSummary s;
    s.path = ds.source;
    s.cells = ds.cells();
    s.genes = ds.genes();
    s.chosen = ds.matrix;
    s.nnz = ds.X.nnz();
    s.density = ds.X.density();
    if (s.nnz > 0) {
        const auto [lo, hi] = std::minmax_element(ds.X.values.begin(), ds.X.values.end());
        s.minValue = *lo;
        s.maxValue = *hi;
    }
    // Implicit zeros count toward min/max, as numpy sees the matrix.
    if (s.nnz < s.cells * s.genes) {
        s.minValue = std::min(s.minValue, 0.0);
        s.maxValue = std::max(s.maxValue, 0.0);
    }
    s.sampledValues = std::min(s.nnz, kCountsSample);
    s.looksLikeCounts = s.nnz > 0;
    for (int64_t k = 0; k < s.sampledValues; ++k) {
        const float v = ds.X.values[k];
        if (v < 0.0f || v != std::floor(v)) {
            s.looksLikeCounts = false;
            break;
        }
    }
    s.firstCells = firstOf(ds.cellNames);
    s.firstGenes = firstOf(ds.geneNames);
    for (const auto& c : ds.obs.columns()) s.obs.push_back(summarizeColumn(c));
    for (const auto& e : ds.embeddings) s.embeddings.push_back({e.name, e.rows, e.cols});
    return s;
}

InputSummary inspectInput(const std::string& path, const LoadOptions& options) {
    if (isolation::enabled() && isolation::isHdf5Input(path)) return isolation::inspectInput(path, options);
    if (endsWith(path, ".h5ad")) {
        std::vector<H5adMatrixInfo> matrices = listH5adMatrices(path);
        InputSummary s = matrices.empty() ? summarizeDataset(readH5adAnnotations(path))
                                          : summarizeDataset(readH5ad(path, options.h5ad));
        s.format = "h5ad";
        s.varColumns = readH5adVarTable(path, matrices.empty() ? "X" : s.chosen).names();
        s.matrices = std::move(matrices);
        return s;
    }
    InputSummary s = summarizeDataset(loadDataset(path, options));
    s.format = endsWith(path, ".h5") ? "10x h5" : "10x";
    return s;
}

namespace {

// "N categories: a=12, b=7, ..." with at most kShownCategories of them: in their order
// when they all fit, else the largest, then "... and N more".
void listCategories(std::ostream& o, const ColumnSummary& c) {
    const size_t n = c.categories.size();
    std::vector<size_t> shown(n);
    for (size_t k = 0; k < n; ++k) shown[k] = k;
    if (n > kShownCategories) {
        std::stable_sort(shown.begin(), shown.end(), [&](size_t a, size_t b) { return c.counts[a] > c.counts[b]; });
        shown.resize(kShownCategories);
        o << " " << n << " categories, the " << kShownCategories << " largest:";
    } else {
        o << " " << n << " categories:";
    }
    for (size_t i = 0; i < shown.size(); ++i) o << (i ? ", " : " ") << c.categories[shown[i]] << "=" << c.counts[shown[i]];
    if (n > shown.size()) o << ", ... and " << n - shown.size() << " more";
}

}  // namespace

std::string formatSummary(const InputSummary& s) {
    std::ostringstream o;
    o << "file:     " << s.path << " (" << s.format << ")\n";
    o << "shape:    " << s.cells << " cells x " << s.genes << " genes\n";
    if (!s.matrices.empty()) {
        o << "matrices:\n";
        for (const auto& m : s.matrices)
            o << "  " << m.name << (m.name == s.chosen ? " *" : "") << "  " << m.rows << " x " << m.cols << ", "
              << m.storage << ", " << m.dtype << ", " << m.stored << " stored values\n";
    }
    if (s.chosen.empty()) {
        o << "matrix:   none: the file holds no expression matrix\n";
    } else {
        o << "matrix:   " << s.chosen << ": " << s.nnz << " non-zeros (" << fmt(100.0 * s.density)
          << "% dense), values " << fmt(s.minValue) << " .. " << fmt(s.maxValue) << "\n";
        o << "counts:   " << (s.looksLikeCounts ? "yes" : "no") << " (" << s.sampledValues
          << " stored values checked for non-negative integers)\n";
    }
    auto list = [&o](const char* what, const std::vector<std::string>& v) {
        o << what;
        for (size_t i = 0; i < v.size(); ++i) o << (i ? ", " : "") << v[i];
        o << "\n";
    };
    list("cells:    ", s.firstCells);
    list("genes:    ", s.firstGenes);
    if (!s.varColumns.empty()) list("var:      ", s.varColumns);
    if (!s.embeddings.empty()) {
        o << "embeddings (obsm, cells x components):\n";
        for (const auto& e : s.embeddings) o << "  " << e.name << "  " << e.rows << " x " << e.cols << "\n";
    } else if (s.format == "h5ad") {
        o << "embeddings: none in obsm (the Cells view computes a PCA)\n";
    }
    o << "obs columns (" << s.obs.size() << "):\n";
    for (const auto& c : s.obs) {
        o << "  " << c.name << "  [" << c.kind << "]";
        if (!c.categories.empty()) {
            listCategories(o, c);
        } else if (c.kind == "string") {
            o << " " << c.distinct << " distinct values";
        }
        if (c.missing > 0) o << " (" << c.missing << " missing)";
        o << "\n";
        if (c.looksNumeric)
            o << "    looks numeric: every category is a number (cluster ids are fine as classes; a measurement "
                 "stored as categories is not)\n";
        if (!c.tooManyClasses.empty())
            o << "    not usable as --label: " << c.tooManyClasses << "\n";
    }
    return o.str();
}

}  // namespace dm
