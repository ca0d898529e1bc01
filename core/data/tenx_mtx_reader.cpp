// CellRanger matrix directory (matrix.mtx[.gz] + genes.tsv / features.tsv.gz +
// barcodes.tsv[.gz]) read straight into a cells x genes CSR matrix.
//
// The MatrixMarket file lists genes as rows and cells as columns, in any order. Entries
// are kept as (cell, gene, value) triplets and counting-sorted by cell, which yields the
// CSR rows without ever building a dense matrix or a transposed copy.
#include "common/error.h"
#include "data/gz_lines.h"
#include "data/readers.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <limits>

namespace dm {

namespace {

namespace fs = std::filesystem;

struct TenxFiles {
    std::string matrix;
    std::string features;
    std::string barcodes;
};

std::string firstExisting(const fs::path& dir, std::initializer_list<const char*> names) {
    for (const char* n : names)
        if (fs::is_regular_file(dir / n)) return (dir / n).string();
    return {};
}

bool hasMatrix(const fs::path& dir) { return !firstExisting(dir, {"matrix.mtx.gz", "matrix.mtx"}).empty(); }

// CellRanger v2 writes filtered_gene_bc_matrices/<genome>/; accept the parent folder when
// it holds exactly one genome folder, otherwise say which folders to pick from.
fs::path resolveDir(const std::string& dirArg) {
    const fs::path dir(dirArg);
    if (!fs::exists(dir)) throw InputError("10x matrix folder '" + dirArg + "' not found");
    if (!fs::is_directory(dir)) throw InputError("'" + dirArg + "' is not a folder; a 10x matrix folder was expected");
    if (hasMatrix(dir)) return dir;
    std::vector<std::string> candidates;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.is_directory() && hasMatrix(entry.path())) candidates.push_back(entry.path().filename().string());
    std::sort(candidates.begin(), candidates.end());
    if (candidates.size() == 1) return dir / candidates.front();
    if (candidates.empty())
        throw InputError("'" + dirArg +
                         "' holds no matrix.mtx or matrix.mtx.gz; a 10x matrix folder needs matrix.mtx[.gz], "
                         "features.tsv.gz (or genes.tsv) and barcodes.tsv[.gz]");
    std::string list;
    for (const auto& c : candidates) list += (list.empty() ? "" : ", ") + c;
    throw InputError("'" + dirArg + "' holds several 10x matrices (one per genome): " + list +
                     "; pick one of these folders");
}

TenxFiles locate(const fs::path& dir) {
    TenxFiles f;
    f.matrix = firstExisting(dir, {"matrix.mtx.gz", "matrix.mtx"});
    f.features = firstExisting(dir, {"features.tsv.gz", "features.tsv", "genes.tsv", "genes.tsv.gz"});
    f.barcodes = firstExisting(dir, {"barcodes.tsv.gz", "barcodes.tsv"});
    const std::string where = " in '" + dir.string() + "'";
    if (f.matrix.empty()) throw InputError("matrix.mtx or matrix.mtx.gz not found" + where);
    if (f.features.empty())
        throw InputError("gene list not found" + where +
                         ": expected features.tsv.gz (CellRanger 3+) or genes.tsv (CellRanger 1-2)");
    if (f.barcodes.empty())
        throw InputError("cell barcodes not found" + where + ": expected barcodes.tsv.gz or barcodes.tsv");
    return f;
}

std::vector<std::string> readNonEmptyLines(const std::string& path) {
    std::vector<std::string> lines = readAllLines(path);
    while (!lines.empty() && lines.back().empty()) lines.pop_back();  // trailing blank lines only
    return lines;
}

struct FeatureTable {
    std::vector<std::string> ids, names, types;  // types empty for genes.tsv
};

FeatureTable readFeatures(const std::string& path) {
    FeatureTable t;
    for (const std::string& line : readNonEmptyLines(path)) {
        std::vector<std::string> fields;
        size_t start = 0;
        while (true) {
            const size_t tab = line.find('\t', start);
            fields.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
            if (tab == std::string::npos) break;
            start = tab + 1;
        }
        t.ids.push_back(fields[0]);
        t.names.push_back(fields.size() > 1 ? fields[1] : fields[0]);
        if (fields.size() > 2) t.types.push_back(fields[2]);
    }
    if (!t.types.empty() && t.types.size() != t.ids.size())
        throw InputError("'" + path + "': some lines have a feature type (third column) and some do not");
    return t;
}

// --- MatrixMarket parsing -------------------------------------------------------------

struct MtxHeader {
    int64_t rows = 0, cols = 0, nnz = 0;
    bool pattern = false;  // no values: every listed entry is 1
};

const char* skipSpace(const char* p, const char* end) {
    while (p < end && (*p == ' ' || *p == '\t')) ++p;
    return p;
}

bool parseInt(const char*& p, const char* end, int64_t& out) {
    p = skipSpace(p, end);
    auto [next, ec] = std::from_chars(p, end, out);
    if (ec != std::errc() || (next < end && *next != ' ' && *next != '\t')) return false;
    p = next;
    return true;
}

bool parseDouble(const char*& p, const char* end, double& out) {
    p = skipSpace(p, end);
    if (p < end && *p == '+') ++p;  // from_chars refuses a leading '+'
    auto [next, ec] = std::from_chars(p, end, out);
    if (ec == std::errc::result_out_of_range) {
        out = std::numeric_limits<double>::infinity();
    } else if (ec != std::errc()) {
        return false;
    }
    if (next < end && *next != ' ' && *next != '\t') return false;
    p = next;
    return true;
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

MtxHeader readHeader(GzLineReader& in) {
    const std::string& path = in.path();
    MtxHeader h;
    std::string line;
    bool first = true;
    while (true) {
        if (!in.next(line)) throw InputError("'" + path + "' ends before its size line (genes cells entries)");
        if (first && line.rfind("%%MatrixMarket", 0) == 0) {
            const std::string banner = lower(line);
            if (banner.find("coordinate") == std::string::npos)
                throw InputError("'" + path + "' is a dense (array) MatrixMarket file; 10x writes the sparse "
                                 "'coordinate' format, which is the one supported");
            if (banner.find("complex") != std::string::npos)
                throw InputError("'" + path + "' holds complex numbers; counts were expected");
            if (banner.find("symmetric") != std::string::npos || banner.find("hermitian") != std::string::npos ||
                banner.find("skew") != std::string::npos)
                throw InputError("'" + path + "' is a symmetric MatrixMarket matrix; a genes x cells count "
                                 "matrix is always 'general'");
            h.pattern = banner.find("pattern") != std::string::npos;
        }
        first = false;
        if (line.empty() || line[0] == '%') continue;
        break;
    }
    const char* p = line.data();
    const char* end = p + line.size();
    if (!parseInt(p, end, h.rows) || !parseInt(p, end, h.cols) || !parseInt(p, end, h.nnz) ||
        skipSpace(p, end) != end || h.rows < 0 || h.cols < 0 || h.nnz < 0)
        throw InputError("'" + path + "' line " + std::to_string(in.lineNumber()) +
                         ": the size line should be three non-negative integers 'genes cells entries', found '" +
                         line + "'; the file is not a valid MatrixMarket matrix");
    if (h.cols > std::numeric_limits<int32_t>::max() || h.rows > std::numeric_limits<int32_t>::max())
        throw InputError("'" + path + "' declares " + std::to_string(h.rows) + " x " + std::to_string(h.cols) +
                         ", more than 2^31 genes or cells; this is not supported");
    return h;
}

struct Triplets {
    std::vector<int32_t> cell, gene;
    std::vector<float> value;
};

// Reads the entry lines. `geneColumn[g]` is the output column of gene row g, or -1 to drop it.
Triplets readEntries(GzLineReader& in, const MtxHeader& h, const std::vector<int32_t>& geneColumn) {
    const std::string& path = in.path();
    Triplets t;
    // The header may lie (a damaged file); reserve only a bounded amount up front.
    const size_t reserve = static_cast<size_t>(std::min<int64_t>(h.nnz, int64_t(1) << 26));
    t.cell.reserve(reserve);
    t.gene.reserve(reserve);
    t.value.reserve(reserve);
    auto where = [&]() { return "'" + path + "' line " + std::to_string(in.lineNumber()) + ": "; };
    std::string line;
    int64_t seen = 0;
    while (in.next(line)) {
        const char* p = line.data();
        const char* end = p + line.size();
        if (skipSpace(p, end) == end || line[0] == '%') continue;
        if (seen == h.nnz)
            throw InputError(where() + "more entries than the " + std::to_string(h.nnz) +
                             " the header declares; the file is damaged or was concatenated");
        ++seen;
        int64_t row = 0, col = 0;
        double v = 1.0;
        if (!parseInt(p, end, row) || !parseInt(p, end, col))
            throw InputError(where() + "expected 'gene cell value' with integer positions, found '" + line + "'");
        if (!h.pattern && !parseDouble(p, end, v))
            throw InputError(where() + "the value in '" + line + "' is not a number");
        if (skipSpace(p, end) != end)
            throw InputError(where() + "unexpected extra text in '" + line + "'; expected 'gene cell value'");
        if (row < 1 || row > h.rows)
            throw InputError(where() + "gene (row) " + std::to_string(row) + " is outside 1.." +
                             std::to_string(h.rows) + " declared by the header");
        if (col < 1 || col > h.cols)
            throw InputError(where() + "cell (column) " + std::to_string(col) + " is outside 1.." +
                             std::to_string(h.cols) + " declared by the header");
        if (std::isnan(v)) throw InputError(where() + "the value is NaN; a count matrix cannot hold missing values");
        if (std::isinf(v)) throw InputError(where() + "the value is infinite; a count matrix holds finite counts");
        if (v < 0)
            throw InputError(where() + "negative value " + std::to_string(v) +
                             "; a 10x matrix holds counts, which are never negative");
        const int32_t out = geneColumn[static_cast<size_t>(row - 1)];
        if (out < 0 || v == 0.0) continue;
        t.cell.push_back(static_cast<int32_t>(col - 1));
        t.gene.push_back(out);
        t.value.push_back(static_cast<float>(v));
    }
    if (seen < h.nnz)
        throw InputError("'" + path + "' ends after " + std::to_string(seen) + " entries but its header declares " +
                         std::to_string(h.nnz) + "; the file was cut short, copy or download it again");
    return t;
}

// Counting sort of the triplets by cell, then by gene within a cell; repeated
// (cell, gene) entries are summed, as scipy does when it converts to CSR.
CsrMatrix toCsr(Triplets&& t, int64_t cells, int64_t genes) {
    CsrMatrix m;
    m.rows = cells;
    m.cols = genes;
    m.indptr.assign(static_cast<size_t>(cells) + 1, 0);
    for (int32_t c : t.cell) ++m.indptr[static_cast<size_t>(c) + 1];
    for (int64_t r = 0; r < cells; ++r) m.indptr[r + 1] += m.indptr[r];
    std::vector<int64_t> fill(m.indptr.begin(), m.indptr.end() - 1);
    m.indices.resize(t.cell.size());
    m.values.resize(t.cell.size());
    for (size_t k = 0; k < t.cell.size(); ++k) {
        const int64_t pos = fill[static_cast<size_t>(t.cell[k])]++;
        m.indices[pos] = t.gene[k];
        m.values[pos] = t.value[k];
    }
    t = Triplets{};  // release before the per-row pass

    // 10x lists genes in order within a cell, so rows are usually sorted already.
    std::vector<std::pair<int32_t, float>> row;
    int64_t write = 0;
    for (int64_t r = 0; r < cells; ++r) {
        const int64_t b = m.indptr[r], e = m.indptr[r + 1];
        bool sorted = true;
        for (int64_t k = b + 1; k < e && sorted; ++k) sorted = m.indices[k - 1] < m.indices[k];
        if (!sorted) {
            row.clear();
            for (int64_t k = b; k < e; ++k) row.emplace_back(m.indices[k], m.values[k]);
            std::stable_sort(row.begin(), row.end(),
                             [](const auto& x, const auto& y) { return x.first < y.first; });
            for (int64_t k = b; k < e; ++k) {
                m.indices[k] = row[static_cast<size_t>(k - b)].first;
                m.values[k] = row[static_cast<size_t>(k - b)].second;
            }
        }
        m.indptr[r] = write;
        for (int64_t k = b; k < e; ++k) {
            if (write > m.indptr[r] && m.indices[write - 1] == m.indices[k]) {
                m.values[write - 1] += m.values[k];
            } else {
                m.indices[write] = m.indices[k];
                m.values[write] = m.values[k];
                ++write;
            }
        }
    }
    m.indptr[cells] = write;
    m.indices.resize(static_cast<size_t>(write));
    m.values.resize(static_cast<size_t>(write));
    return m;
}

std::string baseName(const std::string& path) { return fs::path(path).filename().string(); }

}  // namespace

Dataset read10xMtxDir(const std::string& dirArg, const TenxOptions& options) {
    const fs::path dir = resolveDir(dirArg);
    const TenxFiles files = locate(dir);

    FeatureTable features = readFeatures(files.features);
    std::vector<std::string> barcodes = readNonEmptyLines(files.barcodes);

    GzLineReader in(files.matrix);
    const MtxHeader h = readHeader(in);
    if (static_cast<int64_t>(features.ids.size()) != h.rows)
        throw InputError("'" + files.features + "' lists " + std::to_string(features.ids.size()) + " genes but '" +
                         baseName(files.matrix) + "' has " + std::to_string(h.rows) +
                         " rows (genes); the files come from different runs or one is damaged");
    if (static_cast<int64_t>(barcodes.size()) != h.cols)
        throw InputError("'" + files.barcodes + "' lists " + std::to_string(barcodes.size()) + " barcodes but '" +
                         baseName(files.matrix) + "' has " + std::to_string(h.cols) +
                         " columns (cells); the files come from different runs or one is damaged");

    // Which features to keep: Gene Expression only by default (v3 may add antibody
    // capture, CRISPR guides, ...); genes.tsv has no types and is all genes.
    std::vector<int32_t> geneColumn(static_cast<size_t>(h.rows), -1);
    std::vector<int64_t> kept;
    for (int64_t g = 0; g < h.rows; ++g) {
        const bool keep = options.allFeatures || features.types.empty() ||
                          features.types[static_cast<size_t>(g)] == "Gene Expression";
        if (!keep) continue;
        geneColumn[static_cast<size_t>(g)] = static_cast<int32_t>(kept.size());
        kept.push_back(g);
    }
    if (kept.empty() && h.rows > 0) {
        std::vector<std::string> types = features.types;
        std::sort(types.begin(), types.end());
        types.erase(std::unique(types.begin(), types.end()), types.end());
        std::string list;
        for (const auto& s : types) list += (list.empty() ? "" : ", ") + s;
        throw InputError("'" + files.features + "' has no 'Gene Expression' features (found: " + list +
                         "); load all features instead (--all-features) to analyse them");
    }

    Dataset ds;
    ds.X = toCsr(readEntries(in, h, geneColumn), h.cols, static_cast<int64_t>(kept.size()));
    for (int64_t g : kept) {
        ds.geneIds.push_back(std::move(features.ids[static_cast<size_t>(g)]));
        ds.geneNames.push_back(std::move(features.names[static_cast<size_t>(g)]));
    }
    makeNamesUnique(ds.geneIds);
    makeNamesUnique(ds.geneNames);
    ds.cellNames = std::move(barcodes);
    ds.source = dir.string();
    ds.matrix = "10x";
    ds.validate();
    return ds;
}

}  // namespace dm
