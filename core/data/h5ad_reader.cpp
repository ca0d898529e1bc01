// readH5ad: AnnData .h5ad files of every era anndata has written.
//   current (0.8+): encoding-type attributes everywhere, categorical columns as groups;
//   0.7-era: dataframe groups whose categorical columns are codes datasets with an
//            object-reference `categories` attribute into __categories/;
//   0.5-era: obs/var as compound record datasets, categories in uns/<col>_categories,
//            raw stored as raw.X / raw.var at the root.
#include "common/error.h"
#include "data/h5ad_inspect.h"
#include "data/embedding.h"
#include "data/hdf5_file.h"
#include "data/isolated_reader.h"
#include "data/readers.h"

#include <cmath>
#include <cstdio>
#include <optional>
#include <unordered_set>

namespace dm {

namespace {

using h5::Handle;
using h5::Id;
using h5::ObjectKind;

// A dataframe (obs or var): row names and columns.
struct Frame {
    std::vector<std::string> index;
    ObsTable table;
    int64_t rows = 0;
};

std::string formatNumber(double v) {
    if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<int64_t>(v));
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

// Categories and indexes are usually strings, but pandas allows numbers.
std::vector<std::string> readLabels(Id ds) {
    if (h5::isStringType(ds)) return h5::readStrings(ds);
    std::vector<std::string> out;
    for (double v : h5::readDoubles(ds)) out.push_back(formatNumber(v));
    return out;
}

std::vector<int32_t> readCodes(Id ds, size_t nCategories, const std::string& label) {
    std::vector<int32_t> codes;
    for (int64_t c : h5::readInt64(ds)) {
        if (c < -1 || c >= static_cast<int64_t>(nCategories))
            throw InputError(label + ": category code " + std::to_string(c) + " is outside -1.." +
                             std::to_string(static_cast<int64_t>(nCategories) - 1) +
                             "; the categorical column is corrupt");
        codes.push_back(static_cast<int32_t>(c));
    }
    return codes;
}

// values + mask (true = missing) -> numbers with NaN.
std::vector<double> maskedNumbers(Id group, const std::string& label) {
    if (!h5::exists(group, "values") || !h5::exists(group, "mask"))
        throw InputError(label + ": nullable column without values/mask arrays; the file is incomplete");
    Handle v = h5::openDataset(group, "values"), m = h5::openDataset(group, "mask");
    std::vector<double> values = h5::readDoubles(v.id());
    const std::vector<double> mask = h5::readDoubles(m.id());
    if (mask.size() != values.size()) throw InputError(label + ": values and mask differ in length");
    for (size_t i = 0; i < values.size(); ++i)
        if (mask[i] != 0.0) values[i] = std::nan("");
    return values;
}

// A column stored as a group (anndata 0.8+): categorical or nullable.
std::optional<Column> columnFromGroup(Id g, const std::string& name, const std::string& label) {
    const std::string type = h5::readStringAttr(g, "encoding-type");
    if (type == "categorical") {
        if (!h5::exists(g, "categories") || !h5::exists(g, "codes"))
            throw InputError(label + ": categorical column without categories/codes; the file is incomplete");
        Handle cats = h5::openDataset(g, "categories"), codes = h5::openDataset(g, "codes");
        std::vector<std::string> categories = readLabels(cats.id());
        std::vector<int32_t> c = readCodes(codes.id(), categories.size(), label);
        return Column::categorical(name, std::move(categories), std::move(c), h5::readBoolAttr(g, "ordered"));
    }
    if (type == "nullable-integer") return Column::numeric(name, maskedNumbers(g, label));
    if (type == "nullable-boolean") return Column::boolean(name, maskedNumbers(g, label));
    if (type == "nullable-string-array") {
        Handle v = h5::openDataset(g, "values"), m = h5::openDataset(g, "mask");
        std::vector<std::string> s = h5::readStrings(v.id());
        const std::vector<double> mask = h5::readDoubles(m.id());
        for (size_t i = 0; i < s.size() && i < mask.size(); ++i)
            if (mask[i] != 0.0) s[i].clear();
        return Column::text(name, std::move(s));
    }
    return std::nullopt;  // an encoding we do not analyse (e.g. a nested dataframe)
}

// A column stored as a dataset: numeric, boolean, strings, or 0.7-era categorical codes.
std::optional<Column> columnFromDataset(Id ds, const std::string& name, const std::string& label) {
    if (h5::dims(ds).size() != 1) return std::nullopt;
    if (h5::isReferenceAttr(ds, "categories")) {
        Handle cats = h5::dereferenceAttr(ds, "categories");
        std::vector<std::string> categories = readLabels(cats.id());
        std::vector<int32_t> codes = readCodes(ds, categories.size(), label);
        const bool ordered = h5::readBoolAttr(cats.id(), "ordered");
        return Column::categorical(name, std::move(categories), std::move(codes), ordered);
    }
    if (h5::isStringType(ds)) return Column::text(name, h5::readStrings(ds));
    const std::string dtype = h5::dtypeName(ds);
    if (dtype == "bool") return Column::boolean(name, h5::readDoubles(ds));
    if (dtype.rfind("int", 0) == 0 || dtype.rfind("uint", 0) == 0 || dtype.rfind("float", 0) == 0)
        return Column::numeric(name, h5::readDoubles(ds));
    return std::nullopt;
}

Frame readFrameGroup(Id g, const std::string& label) {
    Frame f;
    const std::string indexName = h5::readStringAttr(g, "_index", h5::exists(g, "_index") ? "_index" : "index");
    if (h5::kindOf(g, indexName) == ObjectKind::Dataset) {
        Handle ds = h5::openDataset(g, indexName);
        f.index = readLabels(ds.id());
    }
    std::vector<std::string> order;
    if (h5::hasAttr(g, "column-order")) {
        order = h5::readStringArrayAttr(g, "column-order");
    } else {
        for (const auto& c : h5::children(g))
            if (c != indexName && c != "__categories") order.push_back(c);
    }
    for (const auto& name : order) {
        const std::string colLabel = label + "/" + name;
        std::optional<Column> col;
        switch (h5::kindOf(g, name)) {
            case ObjectKind::Group: {
                Handle cg = h5::openGroup(g, name);
                col = columnFromGroup(cg.id(), name, colLabel);
                break;
            }
            case ObjectKind::Dataset: {
                Handle cd = h5::openDataset(g, name);
                col = columnFromDataset(cd.id(), name, colLabel);
                break;
            }
            default: break;  // listed in column-order but absent: nothing to read
        }
        if (col) f.table.add(std::move(*col));
    }
    f.rows = static_cast<int64_t>(f.index.size());
    if (f.index.empty() && !f.table.columns().empty()) f.rows = f.table.columns().front().size();
    for (const auto& c : f.table.columns())
        if (c.size() != f.rows)
            throw InputError(label + ": column '" + c.name + "' has " + std::to_string(c.size()) + " entries but the " +
                             "table has " + std::to_string(f.rows) + " rows; the file is inconsistent");
    return f;
}

// anndata 0.5: one record per row; categorical fields are codes whose categories are in
// uns/<field>_categories.
Frame readFrameCompound(Id file, Id ds, const std::string& label) {
    Frame f;
    f.rows = h5::elementCount(ds);
    for (auto& field : h5::readCompound(ds)) {
        if (field.name == "index" && field.kind == h5::CompoundField::Kind::String) {
            f.index = std::move(field.strings);
            continue;
        }
        const std::string catPath = "uns/" + field.name + "_categories";
        if (field.kind == h5::CompoundField::Kind::Number && h5::kindOf(file, catPath) == ObjectKind::Dataset) {
            Handle cats = h5::openDataset(file, catPath);
            std::vector<std::string> categories = readLabels(cats.id());
            std::vector<int32_t> codes;
            for (double c : field.numbers) {
                if (c < -1 || c >= static_cast<double>(categories.size()))
                    throw InputError(label + "/" + field.name + ": category code " + formatNumber(c) +
                                     " is outside the " + std::to_string(categories.size()) + " categories of " +
                                     catPath);
                codes.push_back(static_cast<int32_t>(c));
            }
            f.table.add(Column::categorical(field.name, std::move(categories), std::move(codes)));
        } else if (field.kind == h5::CompoundField::Kind::String) {
            f.table.add(Column::text(field.name, std::move(field.strings)));
        } else if (field.kind == h5::CompoundField::Kind::Boolean) {
            f.table.add(Column::boolean(field.name, std::move(field.numbers)));
        } else {
            f.table.add(Column::numeric(field.name, std::move(field.numbers)));
        }
    }
    return f;
}

std::string rootListing(Id file) {
    std::string s;
    for (const auto& c : h5::children(file)) s += (s.empty() ? "" : ", ") + c;
    return s.empty() ? "nothing" : s;
}

// obs, var, raw/var (or 0.5's raw.var).
Frame readFrame(Id file, const std::string& where, const std::string& path) {
    const std::string label = path + ": " + where;
    switch (h5::kindOf(file, where)) {
        case ObjectKind::Group: {
            Handle g = h5::openGroup(file, where);
            return readFrameGroup(g.id(), label);
        }
        case ObjectKind::Dataset: {
            Handle d = h5::openDataset(file, where);
            if (!h5::isCompoundType(d.id()))
                throw InputError(label + " is neither a dataframe group nor a record dataset");
            return readFrameCompound(file, d.id(), label);
        }
        default: {
            const std::string what = where == "obs" ? "cell annotations" : "gene annotations";
            throw InputError(path + ": no '" + where + "' (" + what + ") in the file, which holds: " +
                             rootListing(file) + ". Is it an AnnData .h5ad written by anndata/scanpy?");
        }
    }
}

// Where a matrix lives: its dataset/group and the var table describing its columns.
struct MatrixLoc {
    std::string name;     // X, raw.X, layer:NAME
    std::string path;     // X, raw/X, raw.X, layers/NAME
    std::string varPath;  // var, raw/var, raw.var
};

std::vector<MatrixLoc> findMatrices(Id file) {
    std::vector<MatrixLoc> out;
    auto isMatrix = [file](const std::string& p) {
        const ObjectKind k = h5::kindOf(file, p);
        return k == ObjectKind::Dataset || k == ObjectKind::Group;
    };
    if (isMatrix("X")) out.push_back({"X", "X", "var"});
    if (isMatrix("raw/X")) out.push_back({"raw.X", "raw/X", "raw/var"});
    else if (isMatrix("raw.X")) out.push_back({"raw.X", "raw.X", "raw.var"});
    if (h5::kindOf(file, "layers") == ObjectKind::Group) {
        Handle layers = h5::openGroup(file, "layers");
        for (const auto& name : h5::children(layers.id()))
            if (isMatrix("layers/" + name)) out.push_back({"layer:" + name, "layers/" + name, "var"});
    }
    return out;
}

// "csr" / "csc" from a sparse group's attributes (0.8+: encoding-type; 0.7-: h5sparse_format).
std::string sparseFormat(Id g) {
    const std::string type = h5::readStringAttr(g, "encoding-type");
    if (type == "csr_matrix") return "csr";
    if (type == "csc_matrix") return "csc";
    return h5::readStringAttr(g, "h5sparse_format");
}

H5adMatrixInfo matrixInfo(Id file, const MatrixLoc& loc, const std::string& path) {
    const std::string label = path + ": matrix " + loc.name;
    H5adMatrixInfo info;
    info.name = loc.name;
    if (h5::kindOf(file, loc.path) == ObjectKind::Dataset) {
        Handle d = h5::openDataset(file, loc.path);
        const std::vector<int64_t> dims = h5::dims(d.id());
        if (dims.size() != 2)
            throw InputError(label + ": expected a 2-D cells x genes matrix, found " + std::to_string(dims.size()) +
                             " dimensions");
        info.rows = dims[0];
        info.cols = dims[1];
        info.storage = "dense";
        info.dtype = h5::dtypeName(d.id());
        info.stored = info.rows * info.cols;
        return info;
    }
    Handle g = h5::openGroup(file, loc.path);
    info.storage = sparseFormat(g.id());
    if (info.storage != "csr" && info.storage != "csc")
        throw InputError(label + " is a group but not a sparse matrix (encoding-type '" +
                         h5::readStringAttr(g.id(), "encoding-type") + "'); choose another matrix with --matrix");
    std::vector<int64_t> shape = h5::readIntArrayAttr(g.id(), "shape");
    if (shape.empty()) shape = h5::readIntArrayAttr(g.id(), "h5sparse_shape");
    if (shape.size() != 2) throw InputError(label + ": sparse matrix without a 2-D shape attribute");
    info.rows = shape[0];
    info.cols = shape[1];
    if (h5::kindOf(g.id(), "data") == ObjectKind::Dataset) {
        Handle data = h5::openDataset(g.id(), "data");
        info.dtype = h5::dtypeName(data.id());
        info.stored = h5::elementCount(data.id());
    }
    return info;
}

CsrMatrix readMatrix(Id file, const MatrixLoc& loc, const H5adMatrixInfo& info, const std::string& label) {
    if (info.storage == "dense") {
        Handle d = h5::openDataset(file, loc.path);
        return h5::readDenseAsCsr(d.id(), label);
    }
    Handle g = h5::openGroup(file, loc.path);
    if (info.storage == "csr") return h5::readCsrGroup(g.id(), info.rows, info.cols, label);
    return h5::readCscGroupAsCsr(g.id(), info.rows, info.cols, label);
}

std::string describe(const std::vector<H5adMatrixInfo>& infos) {
    std::string s;
    for (const auto& m : infos)
        s += (s.empty() ? "" : ", ") + m.name + " (" + std::to_string(m.rows) + " x " + std::to_string(m.cols) + ", " +
             m.storage + ")";
    return s;
}

// Resolves options.matrix ("auto", "X", "raw", "raw.X", "layer:NAME") to one location.
size_t chooseMatrix(const std::vector<MatrixLoc>& locs, const std::vector<H5adMatrixInfo>& infos,
                    const std::string& choice, const std::string& path, int64_t nObs, int64_t nVars) {
    auto find = [&locs](const std::string& name) -> std::optional<size_t> {
        for (size_t i = 0; i < locs.size(); ++i)
            if (locs[i].name == name) return i;
        return std::nullopt;
    };
    if (locs.empty())
        throw InputError(path + ": the file holds no expression matrix (no X, no raw/X, no layers); it has obs (" +
                         std::to_string(nObs) + " cells) and var (" + std::to_string(nVars) +
                         " genes) only. Re-save the AnnData object with its matrix.");
    std::optional<size_t> pick;
    if (choice.empty() || choice == "auto") {
        pick = find("raw.X");
        if (!pick) pick = find("X");
        if (!pick) pick = 0;  // only layers: the first one
    } else if (choice == "raw" || choice == "raw.X") {
        pick = find("raw.X");
    } else if (choice.rfind("layers/", 0) == 0) {
        pick = find("layer:" + choice.substr(7));
    } else {
        pick = find(choice);
    }
    if (!pick)
        throw InputError(path + ": no matrix '" + choice + "'; available: " + describe(infos) +
                         ". Use --matrix auto, X, raw or layer:NAME");
    return *pick;
}

// Gene ids when the var table carries them (scanpy's read_10x keeps `gene_ids`).
std::vector<std::string> geneIdsFrom(const ObsTable& var) {
    for (const char* name : {"gene_ids", "gene_id", "feature_id"}) {
        const Column* c = var.find(name);
        if (!c) continue;
        if (c->kind == Column::Kind::String) return c->strings;
        if (c->kind == Column::Kind::Categorical) {
            std::vector<std::string> ids;
            for (int32_t code : c->codes) ids.push_back(code >= 0 ? c->categories[code] : "");
            return ids;
        }
    }
    return {};
}

std::vector<std::string> namesOrNumbers(std::vector<std::string> index, int64_t n) {
    if (static_cast<int64_t>(index.size()) == n) return index;
    std::vector<std::string> out;
    for (int64_t i = 0; i < n; ++i) out.push_back(std::to_string(i));
    return out;
}

// ---- obsm: every entry with 2+ numeric columns becomes an Embedding ----------------------

constexpr int64_t kMaxDensifiedObsm = 50'000'000;  // a sparse obsm entry is densified up to this many values

void checkObsmRows(int64_t rows, int64_t nObs, const std::string& label) {
    if (rows != nObs)
        throw InputError(label + " has " + std::to_string(rows) + " rows but obs has " + std::to_string(nObs) +
                         " cells; the file is inconsistent: re-export it");
}

std::optional<Embedding> obsmFromDataset(Id ds, const std::string& name, int64_t nObs, const std::string& label) {
    const std::vector<int64_t> d = h5::dims(ds);
    const std::string dtype = h5::dtypeName(ds);
    const bool numeric = dtype.rfind("float", 0) == 0 || dtype.rfind("int", 0) == 0 || dtype.rfind("uint", 0) == 0;
    if (d.size() != 2 || d[1] < 2 || !numeric) return std::nullopt;
    checkObsmRows(d[0], nObs, label);
    Embedding e;
    e.name = name;
    e.origin = "obsm";
    e.rows = d[0];
    e.cols = d[1];
    e.values.resize(static_cast<size_t>(e.rows * e.cols));
    h5::readRows(ds, 0, e.rows, e.values.data());
    return e;
}

std::optional<Embedding> obsmFromSparse(Id g, const std::string& name, int64_t nObs, const std::string& label) {
    const std::string format = sparseFormat(g);
    std::vector<int64_t> shape = h5::readIntArrayAttr(g, "shape");
    if (shape.empty()) shape = h5::readIntArrayAttr(g, "h5sparse_shape");
    if ((format != "csr" && format != "csc") || shape.size() != 2 || shape[1] < 2) return std::nullopt;
    checkObsmRows(shape[0], nObs, label);
    if (shape[0] * shape[1] > kMaxDensifiedObsm) return std::nullopt;  // a one-hot table, not coordinates
    const CsrMatrix m = format == "csr" ? h5::readCsrGroup(g, shape[0], shape[1], label)
                                        : h5::readCscGroupAsCsr(g, shape[0], shape[1], label);
    Embedding e;
    e.name = name;
    e.origin = "obsm";
    e.rows = m.rows;
    e.cols = m.cols;
    e.values.assign(static_cast<size_t>(e.rows * e.cols), 0.0f);
    for (int64_t r = 0; r < m.rows; ++r)
        for (int64_t k = m.rowBegin(r); k < m.rowEnd(r); ++k) e.values[static_cast<size_t>(r * e.cols + m.indices[k])] = m.values[k];
    return e;
}

// A dataframe in obsm: its numeric columns, named.
std::optional<Embedding> obsmFromFrame(Id g, const std::string& name, int64_t nObs, const std::string& label) {
    const Frame f = readFrameGroup(g, label);
    std::vector<const Column*> numeric;
    for (const auto& c : f.table.columns())
        if (c.kind == Column::Kind::Numeric) numeric.push_back(&c);
    if (numeric.size() < 2) return std::nullopt;
    checkObsmRows(f.rows, nObs, label);
    Embedding e;
    e.name = name;
    e.origin = "obsm";
    e.rows = f.rows;
    e.cols = static_cast<int64_t>(numeric.size());
    e.values.resize(static_cast<size_t>(e.rows * e.cols));
    for (int64_t j = 0; j < e.cols; ++j) {
        e.componentNames.push_back(numeric[static_cast<size_t>(j)]->name);
        for (int64_t r = 0; r < e.rows; ++r)
            e.values[static_cast<size_t>(r * e.cols + j)] = static_cast<float>(numeric[static_cast<size_t>(j)]->numbers[static_cast<size_t>(r)]);
    }
    return e;
}

// obsm in every era: a group of arrays / sparse groups / dataframes (0.7+), or one record
// dataset with an array field per embedding (0.5). Entries that are not 2+ numeric columns
// (a 1-D vector, strings) are not embeddings and are left out.
std::vector<Embedding> readObsm(Id file, int64_t nObs, const std::string& path) {
    std::vector<Embedding> out;
    const std::string base = path + ": obsm";
    switch (h5::kindOf(file, "obsm")) {
        case ObjectKind::Dataset: {
            Handle d = h5::openDataset(file, "obsm");
            if (!h5::isCompoundType(d.id())) return out;
            checkObsmRows(h5::elementCount(d.id()), nObs, base);
            for (auto& f : h5::readCompoundArrays(d.id())) {
                if (f.width < 2) continue;
                Embedding e;
                e.name = f.name;
                e.origin = "obsm";
                e.rows = nObs;
                e.cols = f.width;
                e.values = std::move(f.values);
                out.push_back(std::move(e));
            }
            return out;
        }
        case ObjectKind::Group: break;
        default: return out;
    }
    Handle g = h5::openGroup(file, "obsm");
    for (const auto& name : h5::children(g.id())) {
        const std::string label = base + "/" + name;
        std::optional<Embedding> e;
        if (h5::kindOf(g.id(), name) == ObjectKind::Dataset) {
            Handle d = h5::openDataset(g.id(), name);
            e = obsmFromDataset(d.id(), name, nObs, label);
        } else if (h5::kindOf(g.id(), name) == ObjectKind::Group) {
            Handle sub = h5::openGroup(g.id(), name);
            const std::string type = h5::readStringAttr(sub.id(), "encoding-type");
            if (type == "dataframe") e = obsmFromFrame(sub.id(), name, nObs, label);
            else e = obsmFromSparse(sub.id(), name, nObs, label);
        }
        if (e) out.push_back(std::move(*e));
    }
    return out;
}

}  // namespace

std::vector<H5adMatrixInfo> listH5adMatrices(const std::string& path) {
    if (isolation::enabled() && isolation::isHdf5Input(path)) return isolation::listH5adMatrices(path);
    h5::File f = h5::File::openRead(path);
    std::vector<H5adMatrixInfo> out;
    for (const auto& loc : findMatrices(f.id())) out.push_back(matrixInfo(f.id(), loc, path));
    return out;
}

Dataset readH5adAnnotations(const std::string& path) {
    h5::File f = h5::File::openRead(path);
    Frame obs = readFrame(f.id(), "obs", path);
    Frame var = readFrame(f.id(), "var", path);
    Dataset ds;
    ds.X.rows = obs.rows;
    ds.X.cols = var.rows;
    ds.X.indptr.assign(static_cast<size_t>(obs.rows + 1), 0);
    ds.cellNames = namesOrNumbers(std::move(obs.index), obs.rows);
    ds.geneNames = namesOrNumbers(std::move(var.index), var.rows);
    makeNamesUnique(ds.geneNames);
    ds.geneIds = geneIdsFrom(var.table);
    ds.obs = std::move(obs.table);
    ds.embeddings = readObsm(f.id(), obs.rows, path);
    ds.source = path;
    return ds;
}

ObsTable readH5adVarTable(const std::string& path, const std::string& matrix) {
    h5::File f = h5::File::openRead(path);
    const std::vector<MatrixLoc> locs = findMatrices(f.id());
    std::vector<H5adMatrixInfo> infos;
    for (const auto& loc : locs) infos.push_back(matrixInfo(f.id(), loc, path));
    if (locs.empty()) return readFrame(f.id(), "var", path).table;
    const size_t pick = chooseMatrix(locs, infos, matrix, path, 0, 0);
    return readFrame(f.id(), locs[pick].varPath, path).table;
}

Dataset readH5ad(const std::string& path, const H5adReadOptions& options) {
    h5::File f = h5::File::openRead(path);
    Frame obs = readFrame(f.id(), "obs", path);
    const std::vector<MatrixLoc> locs = findMatrices(f.id());
    std::vector<H5adMatrixInfo> infos;
    for (const auto& loc : locs) infos.push_back(matrixInfo(f.id(), loc, path));
    const int64_t nVars = locs.empty() && h5::exists(f.id(), "var") ? readFrame(f.id(), "var", path).rows : 0;
    const size_t pick = chooseMatrix(locs, infos, options.matrix, path, obs.rows, nVars);
    const MatrixLoc& loc = locs[pick];
    const H5adMatrixInfo& info = infos[pick];
    Frame var = readFrame(f.id(), loc.varPath, path);
    const std::string label = path + ": matrix " + loc.name;

    // Shape checks before reading any values: a mismatch is cheap to report.
    if (info.rows != obs.rows)
        throw InputError(label + " has " + std::to_string(info.rows) + " rows but obs has " +
                         std::to_string(obs.rows) + " cells; the file is inconsistent: re-export it");
    if (info.cols != var.rows)
        throw InputError(label + " has " + std::to_string(info.cols) + " columns but " + loc.varPath + " has " +
                         std::to_string(var.rows) + " genes; the file is inconsistent: re-export it");
    if (info.rows == 0 || info.cols == 0)
        throw InputError(label + " is empty (" + std::to_string(info.rows) + " cells x " + std::to_string(info.cols) +
                         " genes); there is nothing to analyse");

    Dataset ds;
    ds.X = readMatrix(f.id(), loc, info, label);
    ds.cellNames = namesOrNumbers(std::move(obs.index), obs.rows);
    ds.geneNames = namesOrNumbers(std::move(var.index), var.rows);
    makeNamesUnique(ds.geneNames);
    ds.geneIds = geneIdsFrom(var.table);
    ds.obs = std::move(obs.table);
    ds.embeddings = readObsm(f.id(), obs.rows, path);
    ds.source = path;
    ds.matrix = loc.name;
    ds.validate();
    return ds;
}

}  // namespace dm
