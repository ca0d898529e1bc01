// Structure-aware fuzzing of the .h5ad reader: the input is a program of decisions that
// builds a well-formed HDF5 file (X dense/CSR/CSC with fuzzed shape attributes, indptr,
// indices and values; obs/var dataframes with categorical, numeric, boolean, string and
// nullable columns, fuzzed codes and lengths; raw and layers), written by libhdf5 itself.
// Our reader then reads it in process. Damage to HDF5's own structures (which can crash
// libhdf5, where the isolated reader contains it) is left to bench/mutate_inputs.py: this
// harness exercises our checks of what anndata stores, not the library's parser.
#include "common/error.h"
#include "data/h5ad_inspect.h"
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

std::vector<std::string> names(FuzzInput& in, int64_t n) {
    std::vector<std::string> v;
    for (int64_t i = 0; i < n; ++i) v.push_back(in.flag() ? in.text(6) : "c" + std::to_string(i));
    return v;
}

// Usually n, sometimes off by a little: lengths that disagree are what the checks are for.
int64_t aboutN(FuzzInput& in, int64_t n) {
    switch (in.pick(8)) {
        case 0: return std::max<int64_t>(0, n - 1);
        case 1: return n + 1;
        case 2: return in.integer(0, 12);
        default: return n;
    }
}

void writeSparse(FuzzInput& in, Id loc, const std::string& name, int64_t rows, int64_t cols, bool csc) {
    Handle g = h5::createGroup(loc, name);
    const int64_t outer = csc ? cols : rows, inner = csc ? rows : cols;
    switch (in.pick(4)) {
        case 0: h5::writeStringAttr(g.id(), "h5sparse_format", csc ? "csc" : "csr"); break;
        case 1: break;  // no format at all
        default: h5::writeStringAttr(g.id(), "encoding-type", csc ? "csc_matrix" : "csr_matrix");
    }
    std::vector<int64_t> shape = {rows, cols};
    if (in.pick(6) == 0) shape = {in.integer(-2, 12), in.integer(-2, 12)};
    if (in.pick(12) == 0) shape.pop_back();
    h5::writeInt64ArrayAttr(g.id(), in.flag() ? "shape" : "h5sparse_shape", shape);
    std::vector<int64_t> indptr{0};
    for (int64_t i = 0; i < aboutN(in, outer); ++i) indptr.push_back(indptr.back() + in.integer(0, 3));
    if (in.pick(6) == 0 && !indptr.empty()) indptr[in.pick(static_cast<unsigned>(indptr.size()))] = in.integer(-3, 40);
    const int64_t nnz = in.pick(8) == 0 ? in.integer(0, 30) : indptr.back();
    std::vector<int64_t> indices;
    for (int64_t k = 0; k < nnz; ++k) indices.push_back(in.pick(10) == 0 ? in.anyInt64() % 50 : in.integer(0, inner));
    std::vector<double> data;
    for (int64_t k = 0; k < aboutN(in, nnz); ++k) data.push_back(in.number());
    if (in.pick(10) != 0) h5::writeDataset(g.id(), "indptr", indptr.data(), static_cast<int64_t>(indptr.size()));
    if (in.flag()) {
        std::vector<int32_t> i32(indices.begin(), indices.end());
        h5::writeDataset(g.id(), "indices", i32.data(), static_cast<int64_t>(i32.size()));
    } else {
        h5::writeDataset(g.id(), "indices", indices.data(), static_cast<int64_t>(indices.size()));
    }
    if (in.flag()) {
        std::vector<float> f(data.begin(), data.end());
        h5::writeDataset(g.id(), "data", f.data(), static_cast<int64_t>(f.size()));
    } else {
        h5::writeDataset(g.id(), "data", data.data(), static_cast<int64_t>(data.size()));
    }
}

void writeMatrix(FuzzInput& in, Id loc, const std::string& name, int64_t rows, int64_t cols) {
    switch (in.pick(4)) {
        case 0: return;  // absent
        case 1: {
            const int64_t r = aboutN(in, rows), c = aboutN(in, cols);
            std::vector<float> v(static_cast<size_t>(r * c));
            for (float& x : v) x = static_cast<float>(in.number());
            h5::writeDataset2D(loc, name, v.data(), r, c);
            return;
        }
        case 2: return writeSparse(in, loc, name, rows, cols, false);
        default: return writeSparse(in, loc, name, rows, cols, true);
    }
}

void writeColumn(FuzzInput& in, Id frame, const std::string& name, int64_t n) {
    switch (in.pick(6)) {
        case 0: {
            Handle g = h5::createGroup(frame, name);
            h5::writeStringAttr(g.id(), "encoding-type", "categorical");
            if (in.flag()) h5::writeBoolAttr(g.id(), "ordered", in.flag());
            const int64_t k = in.integer(0, 5);
            if (in.pick(10) != 0) h5::writeStringDataset(g.id(), "categories", names(in, k));
            std::vector<int32_t> codes;
            for (int64_t i = 0; i < aboutN(in, n); ++i) codes.push_back(static_cast<int32_t>(in.integer(-2, k)));
            if (in.flag()) {
                std::vector<int8_t> c8(codes.begin(), codes.end());
                h5::writeDataset(g.id(), "codes", c8.data(), static_cast<int64_t>(c8.size()));
            } else {
                h5::writeDataset(g.id(), "codes", codes.data(), static_cast<int64_t>(codes.size()));
            }
            return;
        }
        case 1: {
            std::vector<double> v;
            for (int64_t i = 0; i < aboutN(in, n); ++i) v.push_back(in.number());
            h5::writeDataset(frame, name, v.data(), static_cast<int64_t>(v.size()));
            return;
        }
        case 2: {
            std::vector<bool> v;
            for (int64_t i = 0; i < aboutN(in, n); ++i) v.push_back(in.flag());
            h5::writeBoolDataset(frame, name, v);
            return;
        }
        case 3: h5::writeStringDataset(frame, name, names(in, aboutN(in, n))); return;
        case 4: {
            Handle g = h5::createGroup(frame, name);
            h5::writeStringAttr(g.id(), "encoding-type", in.flag() ? "nullable-integer" : "nullable-boolean");
            std::vector<int64_t> v;
            std::vector<bool> mask;
            for (int64_t i = 0; i < aboutN(in, n); ++i) v.push_back(in.integer(-5, 5));
            for (int64_t i = 0; i < aboutN(in, n); ++i) mask.push_back(in.flag());
            if (in.pick(8) != 0) h5::writeDataset(g.id(), "values", v.data(), static_cast<int64_t>(v.size()));
            h5::writeBoolDataset(g.id(), "mask", mask);
            return;
        }
        default: {
            const int64_t r = aboutN(in, n);
            std::vector<int64_t> v(static_cast<size_t>(r * 2), 1);
            h5::writeDataset2D(frame, name, v.data(), r, 2);  // a 2-D "column": skipped
        }
    }
}

void writeFrame(FuzzInput& in, Id file, const std::string& path, int64_t n) {
    if (in.pick(10) == 0) return;  // missing
    Handle g = h5::createGroup(file, path);
    h5::writeStringAttr(g.id(), "encoding-type", "dataframe");
    const std::string index = in.pick(4) == 0 ? "index" : "_index";
    h5::writeStringAttr(g.id(), "_index", index);
    if (in.pick(10) != 0) h5::writeStringDataset(g.id(), index, names(in, aboutN(in, n)));
    std::vector<std::string> order;
    static const char* const kNames[] = {"cell_type", "score", "flag", "batch", "label"};
    const int columns = static_cast<int>(in.pick(5));
    for (int c = 0; c < columns; ++c) {
        const std::string name = kNames[c];
        writeColumn(in, g.id(), name, n);
        order.push_back(name);
    }
    if (in.pick(6) == 0) order.push_back("not_there");
    if (in.pick(6) != 0) h5::writeStringArrayAttr(g.id(), "column-order", order);
}

void buildFile(FuzzInput& in, const std::string& path) {
    h5::File f = h5::File::create(path);
    const int64_t rows = in.integer(0, 8), cols = in.integer(0, 8);
    h5::writeStringAttr(f.id(), "encoding-type", "anndata");
    writeMatrix(in, f.id(), "X", rows, cols);
    writeFrame(in, f.id(), "obs", rows);
    writeFrame(in, f.id(), "var", cols);
    if (in.flag()) {
        Handle raw = h5::createGroup(f.id(), "raw");
        const int64_t rawCols = in.integer(0, 10);
        writeMatrix(in, raw.id(), "X", rows, rawCols);
        writeFrame(in, raw.id(), "var", rawCols);
    }
    if (in.flag()) {
        Handle layers = h5::createGroup(f.id(), "layers");
        writeMatrix(in, layers.id(), "counts", rows, cols);
    }
}

}  // namespace

int h5adStructure(const uint8_t* data, size_t size) {
    FuzzInput in(data, size);
    const std::string path = scratchPath("fuzz.h5ad");
    static const char* const kMatrices[] = {"auto", "X", "raw", "layer:counts", "layer:none"};
    const char* matrix = kMatrices[in.pick(5)];
    try {
        buildFile(in, path);
    } catch (const Error&) {
        std::remove(path.c_str());
        return 0;  // the decisions made a file libhdf5 would not write
    }
    try {
        LoadOptions options;
        options.h5ad.matrix = matrix;
        const InputSummary s = inspectInput(path, options);
        (void)formatSummary(s);
    } catch (const Error&) {
    }
    try {
        (void)readH5adVarTable(path, "raw");
    } catch (const Error&) {
    }
    std::remove(path.c_str());
    return 0;
}

}  // namespace dm::fuzz

#ifdef DM_LIBFUZZER
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) { return dm::fuzz::h5adStructure(data, size); }
#endif
