// read10xH5: CellRanger's filtered/raw feature-barcode matrix .h5.
//   v2 (CellRanger 1-2): one group per genome with data/indices/indptr/shape, genes,
//       gene_names, barcodes;
//   v3 (CellRanger 3+): matrix/ with the same arrays and features/{id,name,feature_type,genome}.
// The matrix is stored CSC by cell with shape (genes, cells): read as is, that is already
// a CSR matrix of cells x genes, so nothing is transposed.
#include "common/error.h"
#include "data/hdf5_file.h"
#include "data/readers.h"

#include <algorithm>

namespace dm {

namespace {

using h5::Handle;
using h5::Id;
using h5::ObjectKind;

constexpr const char* kGeneExpression = "Gene Expression";

std::vector<std::string> readStringArray(Id group, const std::string& name, const std::string& label) {
    if (h5::kindOf(group, name) != ObjectKind::Dataset)
        throw InputError(label + ": missing '" + name + "'; is this a CellRanger matrix .h5?");
    Handle ds = h5::openDataset(group, name);
    return h5::readStrings(ds.id());
}

bool isMatrixGroup(Id file, const std::string& name) {
    for (const char* a : {"data", "indices", "indptr", "shape"})
        if (h5::kindOf(file, name + "/" + a) != ObjectKind::Dataset) return false;
    return true;
}

// Genome groups of a v2 file.
std::vector<std::string> genomeGroups(Id file) {
    std::vector<std::string> out;
    for (const auto& name : h5::children(file))
        if (h5::kindOf(file, name) == ObjectKind::Group && isMatrixGroup(file, name)) out.push_back(name);
    return out;
}

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
}

// Keeps only the columns (features) flagged in `keep`, renumbering them; stays CSR.
void keepColumns(CsrMatrix& m, const std::vector<bool>& keep) {
    std::vector<int32_t> newIndex(keep.size(), -1);
    int32_t next = 0;
    for (size_t j = 0; j < keep.size(); ++j)
        if (keep[j]) newIndex[j] = next++;
    int64_t out = 0, oldBegin = 0;
    for (int64_t r = 0; r < m.rows; ++r) {
        const int64_t oldEnd = m.indptr[r + 1];
        for (int64_t k = oldBegin; k < oldEnd; ++k) {
            const int32_t j = newIndex[m.indices[k]];
            if (j < 0) continue;
            m.indices[out] = j;
            m.values[out] = m.values[k];
            ++out;
        }
        m.indptr[r + 1] = out;
        oldBegin = oldEnd;
    }
    m.indices.resize(static_cast<size_t>(out));
    m.values.resize(static_cast<size_t>(out));
    m.cols = next;
}

// shape = (genes, cells) as stored.
std::pair<int64_t, int64_t> readShape(Id group, const std::string& label) {
    Handle ds = h5::openDataset(group, "shape");
    const std::vector<int64_t> shape = h5::readInt64(ds.id());
    if (shape.size() != 2) throw InputError(label + ": 'shape' should hold 2 numbers (genes, cells)");
    return {shape[0], shape[1]};
}

}  // namespace

Dataset read10xH5(const std::string& path, const TenxOptions& options) {
    h5::File f = h5::File::openRead(path);
    const bool v3 = h5::kindOf(f.id(), "matrix/features") == ObjectKind::Group && isMatrixGroup(f.id(), "matrix");
    std::string groupName = "matrix";
    if (!v3) {
        const std::vector<std::string> genomes = genomeGroups(f.id());
        if (genomes.empty())
            throw InputError(path + ": no CellRanger matrix found (expected matrix/ with features/, or genome groups "
                                    "holding data/indices/indptr/shape); is this a 10x .h5 file?");
        if (!options.genome.empty()) {
            if (std::find(genomes.begin(), genomes.end(), options.genome) == genomes.end())
                throw InputError(path + ": no genome '" + options.genome + "'; the file holds: " + joined(genomes));
            groupName = options.genome;
        } else if (genomes.size() > 1) {
            throw InputError(path + ": the file holds " + std::to_string(genomes.size()) + " genomes (" +
                             joined(genomes) + "); pick one with --genome");
        } else {
            groupName = genomes.front();
        }
    }
    const std::string label = path + ": " + groupName;
    Handle g = h5::openGroup(f.id(), groupName);
    const auto [nGenes, nCells] = readShape(g.id(), label);
    if (nGenes == 0 || nCells == 0)
        throw InputError(label + " is empty (" + std::to_string(nCells) + " cells x " + std::to_string(nGenes) +
                         " genes); there is nothing to analyse");

    Dataset ds;
    std::vector<std::string> featureTypes, genomeOf;
    if (v3) {
        Handle feat = h5::openGroup(g.id(), "features");
        ds.geneIds = readStringArray(feat.id(), "id", label + "/features");
        ds.geneNames = readStringArray(feat.id(), "name", label + "/features");
        if (h5::exists(feat.id(), "feature_type"))
            featureTypes = readStringArray(feat.id(), "feature_type", label + "/features");
        if (h5::exists(feat.id(), "genome")) genomeOf = readStringArray(feat.id(), "genome", label + "/features");
    } else {
        ds.geneIds = readStringArray(g.id(), "genes", label);
        ds.geneNames = readStringArray(g.id(), "gene_names", label);
    }
    ds.cellNames = readStringArray(g.id(), "barcodes", label);
    if (static_cast<int64_t>(ds.geneIds.size()) != nGenes || static_cast<int64_t>(ds.geneNames.size()) != nGenes)
        throw InputError(label + ": " + std::to_string(ds.geneIds.size()) + " feature ids but the shape says " +
                         std::to_string(nGenes) + " features; the file is inconsistent");
    // Found by fuzzing (tests/fuzz/regression/tenx_h5): a feature_type or genome array of
    // another length than the features was indexed past its end.
    for (const auto* extra : {&featureTypes, &genomeOf})
        if (!extra->empty() && static_cast<int64_t>(extra->size()) != nGenes)
            throw InputError(label + "/features: " + std::to_string(extra->size()) + " " +
                             (extra == &featureTypes ? "feature types" : "genomes") + " for " +
                             std::to_string(nGenes) + " features; the file is inconsistent: re-export or "
                             "re-download it");
    if (static_cast<int64_t>(ds.cellNames.size()) != nCells)
        throw InputError(label + ": " + std::to_string(ds.cellNames.size()) + " barcodes but the shape says " +
                         std::to_string(nCells) + " cells; the file is inconsistent");

    ds.X = h5::readCsrGroup(g.id(), nCells, nGenes, label);

    // Which features to keep: Gene Expression only (unless allFeatures), and one genome of
    // a multi-genome v3 file when asked.
    std::vector<bool> keep(static_cast<size_t>(nGenes), true);
    bool dropSome = false;
    for (int64_t j = 0; j < nGenes; ++j) {
        if (!options.allFeatures && !featureTypes.empty() && featureTypes[j] != kGeneExpression) keep[j] = false;
        if (!options.genome.empty() && !genomeOf.empty() && genomeOf[j] != options.genome) keep[j] = false;
        dropSome = dropSome || !keep[j];
    }
    if (dropSome) {
        keepColumns(ds.X, keep);
        std::vector<std::string> ids, names;
        for (int64_t j = 0; j < nGenes; ++j)
            if (keep[j]) {
                ids.push_back(ds.geneIds[j]);
                names.push_back(ds.geneNames[j]);
            }
        ds.geneIds = std::move(ids);
        ds.geneNames = std::move(names);
        if (ds.X.cols == 0)
            throw InputError(label + ": no " + (options.genome.empty() ? std::string(kGeneExpression) + " features"
                                                                       : "features of genome " + options.genome) +
                             " left; use all features (--all-features) or another genome");
    }
    makeNamesUnique(ds.geneNames);
    ds.source = path;
    ds.matrix = "10x";
    ds.validate();
    return ds;
}

}  // namespace dm
