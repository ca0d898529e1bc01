// Structure-aware fuzzing of the 10x .h5 reader (CellRanger v2 genome groups and v3
// matrix/features), built the same way as fuzz_h5ad.cpp: well-formed HDF5, fuzzed content.
#include "common/error.h"
#include "data/hdf5_file.h"
#include "data/readers.h"
#include "fuzz_input.h"
#include "fuzz_targets.h"

#include <algorithm>
#include <cstdio>

namespace dm::fuzz {

namespace {

using h5::Handle;
using h5::Id;

std::vector<std::string> labels(FuzzInput& in, int64_t n, const char* prefix) {
    std::vector<std::string> v;
    for (int64_t i = 0; i < n; ++i) v.push_back(in.pick(4) == 0 ? in.text(5) : prefix + std::to_string(i % 4));
    return v;
}

int64_t about(FuzzInput& in, int64_t n) { return in.pick(6) == 0 ? in.integer(0, 10) : n; }

void writeMatrixArrays(FuzzInput& in, Id g, int64_t genes, int64_t cells) {
    std::vector<int64_t> shape = {about(in, genes), about(in, cells)};
    if (in.pick(10) == 0) shape.push_back(1);
    h5::writeDataset(g, "shape", shape.data(), static_cast<int64_t>(shape.size()));
    std::vector<int64_t> indptr{0};
    for (int64_t c = 0; c < about(in, cells); ++c) indptr.push_back(indptr.back() + in.integer(0, 3));
    if (in.pick(6) == 0) indptr[in.pick(static_cast<unsigned>(indptr.size()))] = in.integer(-2, 30);
    h5::writeDataset(g, "indptr", indptr.data(), static_cast<int64_t>(indptr.size()));
    const int64_t nnz = about(in, indptr.back());
    std::vector<int64_t> indices;
    for (int64_t k = 0; k < nnz; ++k) indices.push_back(in.pick(10) == 0 ? in.integer(-3, 40) : in.integer(0, genes));
    h5::writeDataset(g, "indices", indices.data(), static_cast<int64_t>(indices.size()));
    std::vector<int32_t> data;
    for (int64_t k = 0; k < about(in, nnz); ++k) data.push_back(static_cast<int32_t>(in.integer(-2, 20)));
    h5::writeDataset(g, "data", data.data(), static_cast<int64_t>(data.size()));
    if (in.pick(8) != 0) h5::writeStringDataset(g, "barcodes", labels(in, about(in, cells), "AAAC-"));
}

void buildFile(FuzzInput& in, const std::string& path) {
    h5::File f = h5::File::create(path);
    const int64_t genes = in.integer(0, 8), cells = in.integer(0, 8);
    if (in.flag()) {  // v3
        Handle m = h5::createGroup(f.id(), "matrix");
        writeMatrixArrays(in, m.id(), genes, cells);
        if (in.pick(8) != 0) {
            Handle feat = h5::createGroup(m.id(), "features");
            if (in.pick(8) != 0) h5::writeStringDataset(feat.id(), "id", labels(in, about(in, genes), "ENSG"));
            if (in.pick(8) != 0) h5::writeStringDataset(feat.id(), "name", labels(in, about(in, genes), "G"));
            if (in.pick(4) != 0) {
                std::vector<std::string> types;
                for (int64_t i = 0; i < about(in, genes); ++i)
                    types.push_back(in.pick(3) == 0 ? "Antibody Capture" : "Gene Expression");
                h5::writeStringDataset(feat.id(), "feature_type", types);
            }
            if (in.flag()) h5::writeStringDataset(feat.id(), "genome", labels(in, about(in, genes), "hg"));
        }
    } else {  // v2: one or two genome groups
        const int groups = 1 + static_cast<int>(in.pick(2));
        for (int k = 0; k < groups; ++k) {
            Handle g = h5::createGroup(f.id(), k == 0 ? "hg19" : "mm10");
            writeMatrixArrays(in, g.id(), genes, cells);
            if (in.pick(8) != 0) h5::writeStringDataset(g.id(), "genes", labels(in, about(in, genes), "ENSG"));
            if (in.pick(8) != 0) h5::writeStringDataset(g.id(), "gene_names", labels(in, about(in, genes), "G"));
        }
    }
}

}  // namespace

int tenxH5Structure(const uint8_t* data, size_t size) {
    FuzzInput in(data, size);
    const std::string path = scratchPath("fuzz.h5");
    TenxOptions options;
    options.allFeatures = in.flag();
    static const char* const kGenomes[] = {"", "hg19", "mm10", "other"};
    options.genome = kGenomes[in.pick(4)];
    try {
        buildFile(in, path);
    } catch (const Error&) {
        std::remove(path.c_str());
        return 0;
    }
    try {
        const Dataset ds = read10xH5(path, options);
        ds.validate();
    } catch (const Error&) {
    }
    std::remove(path.c_str());
    return 0;
}

}  // namespace dm::fuzz

#ifdef DM_LIBFUZZER
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) { return dm::fuzz::tenxH5Structure(data, size); }
#endif
