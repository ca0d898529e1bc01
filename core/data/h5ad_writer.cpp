// writeH5ad: anndata's on-disk encoding (the "0.8" spec: every element carries
// encoding-type / encoding-version), so the file opens in anndata >= 0.8 and scanpy.
#include "data/h5ad_writer.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "data/hdf5_file.h"
#include "data/isolated_reader.h"
#include "data/readers.h"

#include <algorithm>
#include <unordered_map>

#include <cmath>

namespace dm {

namespace {

using h5::Handle;
using h5::Id;

void encode(Id obj, const char* type, const char* version) {
    h5::writeStringAttr(obj, "encoding-type", type);
    h5::writeStringAttr(obj, "encoding-version", version);
}

void writeStringArray(Id loc, const std::string& name, const std::vector<std::string>& values) {
    Handle ds = h5::writeStringDataset(loc, name, values);
    encode(ds.id(), "string-array", "0.2.0");
}

void writeNumberArray(Id loc, const std::string& name, const std::vector<double>& values) {
    Handle ds = h5::writeDataset(loc, name, values.data(), static_cast<int64_t>(values.size()));
    encode(ds.id(), "array", "0.2.0");
}

void writeColumn(Id frame, const Column& c) {
    switch (c.kind) {
        case Column::Kind::Categorical: {
            Handle g = h5::createGroup(frame, c.name);
            encode(g.id(), "categorical", "0.2.0");
            h5::writeBoolAttr(g.id(), "ordered", c.ordered);
            writeStringArray(g.id(), "categories", c.categories);
            Handle codes = h5::writeDataset(g.id(), "codes", c.codes.data(), static_cast<int64_t>(c.codes.size()));
            encode(codes.id(), "array", "0.2.0");
            break;
        }
        case Column::Kind::Numeric: writeNumberArray(frame, c.name, c.numbers); break;
        case Column::Kind::Boolean: {
            bool missing = false;
            std::vector<bool> values, mask;
            for (double v : c.numbers) {
                missing = missing || std::isnan(v);
                values.push_back(!std::isnan(v) && v != 0.0);
                mask.push_back(std::isnan(v));
            }
            if (!missing) {
                Handle ds = h5::writeBoolDataset(frame, c.name, values);
                encode(ds.id(), "array", "0.2.0");
            } else {
                // pandas' nullable "boolean" dtype: values + mask (true = missing).
                Handle g = h5::createGroup(frame, c.name);
                encode(g.id(), "nullable-boolean", "0.1.0");
                Handle v = h5::writeBoolDataset(g.id(), "values", values);
                Handle m = h5::writeBoolDataset(g.id(), "mask", mask);
            }
            break;
        }
        case Column::Kind::String: writeStringArray(frame, c.name, c.strings); break;
    }
}

void writeFrame(Id file, const std::string& name, const std::vector<std::string>& index,
                const std::vector<const Column*>& columns) {
    Handle g = h5::createGroup(file, name);
    encode(g.id(), "dataframe", "0.2.0");
    h5::writeStringAttr(g.id(), "_index", "_index");
    std::vector<std::string> order;
    for (const Column* c : columns) order.push_back(c->name);
    // anndata itself writes an empty float array for "no columns"; match it.
    if (order.empty()) h5::writeEmptyFloatArrayAttr(g.id(), "column-order");
    else h5::writeStringArrayAttr(g.id(), "column-order", order);
    writeStringArray(g.id(), "_index", index);
    for (const Column* c : columns) writeColumn(g.id(), *c);
}

}  // namespace

// Also used by writeAnnotatedCopy (below).
void writeUnsEntries(Id uns, const std::vector<std::pair<std::string, std::string>>& strings,
                     const std::vector<UnsTable>& tables);

namespace {

void writeX(Id file, const CsrMatrix& X, int gzip) {
    Handle g = h5::createGroup(file, "X");
    encode(g.id(), "csr_matrix", "0.1.0");
    h5::writeInt64ArrayAttr(g.id(), "shape", {X.rows, X.cols});
    h5::writeDataset(g.id(), "data", X.values.data(), X.nnz(), gzip);
    h5::writeDataset(g.id(), "indices", X.indices.data(), X.nnz(), gzip);
    h5::writeDataset(g.id(), "indptr", X.indptr.data(), static_cast<int64_t>(X.indptr.size()), gzip);
}

// The var columns: dataset gene ids, dataset-independent extra columns (which win on
// name clashes), each checked to hold one value per gene.
std::vector<Column> varColumnsOf(const Dataset& ds, const H5adWriteOptions& options, const std::string& path) {
    std::vector<Column> cols;
    auto addOrReplace = [&cols](Column c) {
        for (auto& existing : cols)
            if (existing.name == c.name) {
                existing = std::move(c);
                return;
            }
        cols.push_back(std::move(c));
    };
    if (!ds.geneIds.empty()) addOrReplace(Column::text("gene_ids", ds.geneIds));
    for (const auto& c : options.varColumns) {
        if (c.size() != ds.genes())
            throw InputError(path + ": var column '" + c.name + "' has " + std::to_string(c.size()) +
                             " values but the dataset has " + std::to_string(ds.genes()) + " genes");
        if (c.name.empty() || c.name == "_index")
            throw InputError(path + ": var column name '" + c.name + "' is reserved");
        addOrReplace(c);
    }
    return cols;
}

void checkUnsFrames(const H5adWriteOptions& options, const std::string& path) {
    for (const auto& frame : options.unsFrames) {
        if (frame.key.empty() || frame.key.find('/') != std::string::npos)
            throw InputError(path + ": uns key '" + frame.key + "' is empty or holds '/'");
        for (const auto& c : frame.columns)
            if (c.size() != static_cast<int64_t>(frame.index.size()) || c.name.empty() || c.name == "_index")
                throw InputError(path + ": column '" + c.name + "' of uns['" + frame.key + "'] has " +
                                 std::to_string(c.size()) + " values for " + std::to_string(frame.index.size()) +
                                 " rows (or a reserved name)");
    }
}

}  // namespace

void writeH5ad(const Dataset& ds, const std::string& path, const H5adWriteOptions& options) {
    ds.validate();
    checkUnsFrames(options, path);
    const std::vector<Column> varCols = varColumnsOf(ds, options, path);
    AtomicPath out(path);
    {
        h5::File f = h5::File::create(out.temp());
        const Id root = f.id();
        encode(root, "anndata", "0.1.0");
        writeX(root, ds.X, options.compression);

        std::vector<const Column*> obsCols;
        for (const auto& c : ds.obs.columns())
            if (c.name != "_index") obsCols.push_back(&c);
        writeFrame(root, "obs", ds.cellNames, obsCols);
        std::vector<const Column*> varPtrs;
        for (const auto& c : varCols) varPtrs.push_back(&c);
        writeFrame(root, "var", ds.geneNames, varPtrs);

        for (const char* name : {"layers", "obsm", "obsp", "varm", "varp"}) {
            Handle g = h5::createGroup(root, name);
            encode(g.id(), "dict", "0.1.0");
        }
        Handle uns = h5::createGroup(root, "uns");
        encode(uns.id(), "dict", "0.1.0");
        writeUnsEntries(uns.id(), options.unsStrings, options.unsFrames);
        f.close();
    }
    out.commit();
}

namespace {

// The var group describing `matrix`'s columns.
std::string varPathOf(const std::string& matrix) { return matrix == "raw.X" || matrix == "raw" ? "raw/var" : "var"; }

std::vector<std::string> varIndex(Id var, const std::string& label) {
    const std::string indexName = h5::readStringAttr(var, "_index", h5::exists(var, "_index") ? "_index" : "index");
    if (h5::kindOf(var, indexName) != h5::ObjectKind::Dataset)
        throw InputError(label + ": the var table has no index; re-export the input with anndata");
    Handle ds = h5::openDataset(var, indexName);
    if (h5::isStringType(ds.id())) return h5::readStrings(ds.id());
    std::vector<std::string> out;
    for (double v : h5::readDoubles(ds.id())) out.push_back(std::to_string(static_cast<long long>(v)));
    return out;
}

// Root attributes anndata writes (encoding-type/-version), copied as text.
void copyRootAttributes(Id from, Id to) {
    for (const char* name : {"encoding-type", "encoding-version"})
        if (h5::hasAttr(from, name)) h5::writeStringAttr(to, name, h5::readStringAttr(from, name));
}

// Adds the columns to the var group at `varPath`. strict: every gene must be found there;
// otherwise genes absent from it are skipped (var beside raw/var holds fewer genes).
void addVarColumns(Id file, const std::string& varPath, const H5adAnnotation& a, bool strict,
                   const std::string& label) {
    Handle var = h5::openGroup(file, varPath);
    std::vector<std::string> index = varIndex(var.id(), label);
    makeNamesUnique(index);
    std::unordered_map<std::string, size_t> row;
    for (size_t i = 0; i < index.size(); ++i) row.emplace(index[i], i);
    std::vector<std::pair<size_t, size_t>> where;  // (gene of the results, var row)
    for (size_t k = 0; k < a.genes.size(); ++k) {
        const auto it = row.find(a.genes[k]);
        if (it != row.end()) where.emplace_back(k, it->second);
        else if (strict)
            throw InputError(label + ": gene '" + a.genes[k] + "' of the results is not in " + varPath +
                             "; export into the file the run was made from");
    }
    std::vector<std::string> order = h5::readStringArrayAttr(var.id(), "column-order");
    for (const Column& c : a.varColumns) {
        if (c.size() != static_cast<int64_t>(a.genes.size()))
            throw Error(label + ": var column '" + c.name + "' must have one value per gene");
        // Every var row: the gene's value, missing (NaN, code -1, "") for genes not in the results.
        Column full = c;
        switch (c.kind) {
            case Column::Kind::Categorical:
                full.codes.assign(index.size(), -1);
                for (const auto& [k, r] : where) full.codes[r] = c.codes[k];
                break;
            case Column::Kind::Numeric:
            case Column::Kind::Boolean:
                full.numbers.assign(index.size(), std::nan(""));
                for (const auto& [k, r] : where) full.numbers[r] = c.numbers[k];
                break;
            case Column::Kind::String:
                full.strings.assign(index.size(), "");
                for (const auto& [k, r] : where) full.strings[r] = c.strings[k];
                break;
        }
        h5::removeLink(var.id(), c.name);
        writeColumn(var.id(), full);
        order.erase(std::remove(order.begin(), order.end(), c.name), order.end());
        order.push_back(c.name);
    }
    h5::writeStringArrayAttr(var.id(), "column-order", order);
}

// The obs row of each cell of `cells`: by position when the obs index is the same list
// (duplicate names stay where they were), else by name (first occurrence); -1: not found.
std::vector<int64_t> obsRowsOf(const std::vector<std::string>& index, const std::vector<std::string>& cells) {
    std::vector<int64_t> rows(cells.size(), -1);
    if (index == cells) {
        for (size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<int64_t>(i);
        return rows;
    }
    std::unordered_map<std::string, int64_t> row;
    for (size_t i = 0; i < index.size(); ++i) row.emplace(index[i], static_cast<int64_t>(i));
    for (size_t i = 0; i < cells.size(); ++i)
        if (const auto it = row.find(cells[i]); it != row.end()) rows[i] = it->second;
    return rows;
}

// Adds the columns obs lacks (a kept group column); the file's own columns stay as stored.
void addObsColumns(Id file, const H5adAnnotation& a, const std::string& label) {
    if (a.obsColumns.empty() || h5::kindOf(file, "obs") != h5::ObjectKind::Group) return;
    Handle obs = h5::openGroup(file, "obs");
    // Before anndata 0.8 a frame's categoricals lived in obs/__categories; a column in the
    // newer encoding there would make the frame unreadable, so such files get none.
    if (!h5::hasAttr(obs.id(), "encoding-type")) return;
    const std::vector<std::string> index = varIndex(obs.id(), label);  // the same index encoding as var
    const std::vector<int64_t> rows = obsRowsOf(index, a.cells);
    std::vector<std::string> order = h5::readStringArrayAttr(obs.id(), "column-order");
    for (const Column& c : a.obsColumns) {
        if (c.name.empty() || c.name == "_index" || h5::exists(obs.id(), c.name) ||
            std::find(order.begin(), order.end(), c.name) != order.end())
            continue;
        if (c.size() != static_cast<int64_t>(a.cells.size()))
            throw Error(label + ": obs column '" + c.name + "' must have one value per cell");
        Column full = c;
        switch (c.kind) {
            case Column::Kind::Categorical:
                full.codes.assign(index.size(), -1);
                for (size_t i = 0; i < rows.size(); ++i)
                    if (rows[i] >= 0) full.codes[size_t(rows[i])] = c.codes[i];
                break;
            case Column::Kind::Numeric:
            case Column::Kind::Boolean:
                full.numbers.assign(index.size(), std::nan(""));
                for (size_t i = 0; i < rows.size(); ++i)
                    if (rows[i] >= 0) full.numbers[size_t(rows[i])] = c.numbers[i];
                break;
            case Column::Kind::String:
                full.strings.assign(index.size(), "");
                for (size_t i = 0; i < rows.size(); ++i)
                    if (rows[i] >= 0) full.strings[size_t(rows[i])] = c.strings[i];
                break;
        }
        writeColumn(obs.id(), full);
        order.push_back(c.name);
    }
    h5::writeStringArrayAttr(obs.id(), "column-order", order);
}

}  // namespace

void writeUnsEntries(Id uns, const std::vector<std::pair<std::string, std::string>>& strings,
                     const std::vector<UnsTable>& tables) {
    for (const auto& [key, text] : strings) {
        h5::removeLink(uns, key);
        Handle s = h5::writeScalarString(uns, key, text);
        encode(s.id(), "string", "0.2.0");
    }
    for (const UnsTable& t : tables) {
        for (const Column& c : t.columns)
            if (c.size() != static_cast<int64_t>(t.index.size()))
                throw Error("uns table '" + t.key + "': column '" + c.name + "' has " + std::to_string(c.size()) +
                            " values for " + std::to_string(t.index.size()) + " rows");
        h5::removeLink(uns, t.key);
        std::vector<const Column*> cols;
        for (const auto& c : t.columns) cols.push_back(&c);
        writeFrame(uns, t.key, t.index, cols);
    }
}

bool writeAnnotatedCopy(const std::string& inputPath, const std::string& outputPath, const H5adAnnotation& a) {
    if (isolation::enabled()) return isolation::writeAnnotatedCopy(inputPath, outputPath, a);
    h5::File in = h5::File::openRead(inputPath);
    const std::string label = inputPath;
    if (h5::kindOf(in.id(), varPathOf(a.matrix)) != h5::ObjectKind::Group) return false;
    AtomicPath out(outputPath);
    {
        h5::File f = h5::File::create(out.temp());
        copyRootAttributes(in.id(), f.id());
        for (const auto& name : h5::children(in.id())) h5::copyObject(in.id(), name, f.id());
        addVarColumns(f.id(), varPathOf(a.matrix), a, true, label);
        // raw.X analysed: var (the filtered genes scanpy users look at first) gets them too.
        if (varPathOf(a.matrix) != "var" && h5::kindOf(f.id(), "var") == h5::ObjectKind::Group)
            addVarColumns(f.id(), "var", a, false, label);
        addObsColumns(f.id(), a, label);
        if (h5::kindOf(f.id(), "uns") != h5::ObjectKind::Group) {
            Handle uns = h5::createGroup(f.id(), "uns");
            encode(uns.id(), "dict", "0.1.0");
        }
        Handle uns = h5::openGroup(f.id(), "uns");
        writeUnsEntries(uns.id(), a.unsStrings, a.unsTables);
        f.close();
    }
    in.close();
    out.commit();
    return true;
}

}  // namespace dm
