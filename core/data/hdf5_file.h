#pragma once
// A small RAII layer over the HDF5 C API, shared by the .h5ad and 10x .h5 readers and the
// .h5ad writer. Everything that can fail throws dm::InputError naming the file and the
// object, so the readers above stay short. hid_t is an int64_t in HDF5 1.10+, so this
// header does not need <hdf5.h>.
#include "data/csr_matrix.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dm::h5 {

using Id = int64_t;  // hid_t

// Owns one HDF5 identifier (file, group, dataset, attribute, type, space, property list)
// and closes it with the matching H5?close.
class Handle {
public:
    Handle() = default;
    explicit Handle(Id id) : id_(id) {}
    ~Handle() { reset(); }
    Handle(Handle&& o) noexcept : id_(o.id_) { o.id_ = -1; }
    Handle& operator=(Handle&& o) noexcept;
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;

    Id id() const { return id_; }
    bool valid() const { return id_ >= 0; }
    void reset();

private:
    Id id_ = -1;
};

// An open HDF5 file plus its path, for messages.
class File {
public:
    // Read-only. Throws InputError "not an HDF5 file" / "truncated or damaged" / "not found".
    static File openRead(const std::string& path);
    // Creates (truncates) a file for writing.
    static File create(const std::string& path);

    Id id() const { return handle_.id(); }
    const std::string& path() const { return path_; }
    void close() { handle_.reset(); }

private:
    Handle handle_;
    std::string path_;
};

// Called before every read of data or an attribute with the object's path inside the file
// ("/obs/cell_type/categories", "/obs@column-order" for an attribute). The isolated reader
// process reports it to its parent, so a crash inside libhdf5 can name what was being read.
using ReadObserver = void (*)(const std::string& object);
void setReadObserver(ReadObserver observer);

enum class ObjectKind { Missing, Group, Dataset, Other };

// Kind of the object at `path` relative to `loc` (intermediate groups may be missing).
ObjectKind kindOf(Id loc, const std::string& path);
inline bool exists(Id loc, const std::string& path) { return kindOf(loc, path) != ObjectKind::Missing; }
Handle openGroup(Id loc, const std::string& path);
Handle openDataset(Id loc, const std::string& path);
// Names of the links in a group, in name order.
std::vector<std::string> children(Id group);
// "/obs/louvain": the object's own path inside its file, for messages.
std::string objectPath(Id obj);

// ---- datasets -------------------------------------------------------------------------
std::vector<int64_t> dims(Id dataset);
int64_t elementCount(Id dataset);
bool isStringType(Id dataset);
bool isCompoundType(Id dataset);
bool isFloatType(Id dataset);  // float or double on disk
// "float32", "int64", "uint8", "bool", "string", "compound", ...: for summaries.
std::string dtypeName(Id dataset);

// Whole 1-D (or any-rank, flattened) numeric dataset, converted by HDF5. Enum-backed
// booleans (h5py's bool) come out as 0/1.
std::vector<double> readDoubles(Id dataset);
std::vector<int64_t> readInt64(Id dataset);
// `count` elements starting at `offset` of a 1-D dataset, converted to the output type by
// HDF5 in its own small conversion buffer (no full-size temporary).
void readRange(Id dataset, int64_t offset, int64_t count, float* out);
void readRange(Id dataset, int64_t offset, int64_t count, int32_t* out);
void readRange(Id dataset, int64_t offset, int64_t count, int64_t* out);
// Rows [row0, row0 + nrows) of a 2-D dataset as float, row-major.
void readRows(Id dataset, int64_t row0, int64_t nrows, float* out);
// Variable-length UTF-8 or fixed-length byte strings (trailing NULs/spaces stripped).
std::vector<std::string> readStrings(Id dataset);

// One field of a 1-D compound (record) dataset, as anndata 0.5 wrote obs/var.
struct CompoundField {
    std::string name;
    enum class Kind { Number, Boolean, String } kind = Kind::Number;
    std::string dtype;  // "int8", "float32", "bool", "string"
    std::vector<double> numbers;
    std::vector<std::string> strings;
};
std::vector<CompoundField> readCompound(Id dataset);
// The numeric fixed-size array fields of a compound dataset (anndata 0.5 stored obsm as
// records with one array field per embedding, e.g. X_umap as float64[2]).
struct CompoundArrayField {
    std::string name;
    int64_t width = 0;          // elements per record
    std::vector<float> values;  // records x width, row-major
};
std::vector<CompoundArrayField> readCompoundArrays(Id dataset);

// ---- attributes -----------------------------------------------------------------------
bool hasAttr(Id obj, const std::string& name);
// Scalar string attribute (variable or fixed length); `fallback` when absent.
std::string readStringAttr(Id obj, const std::string& name, const std::string& fallback = "");
// String-array attribute; an empty numeric array (h5py's empty column-order) reads as {}.
std::vector<std::string> readStringArrayAttr(Id obj, const std::string& name);
std::vector<int64_t> readIntArrayAttr(Id obj, const std::string& name);
bool readBoolAttr(Id obj, const std::string& name, bool fallback = false);
// Opens the object an object-reference attribute points at (0.7-era categories).
Handle dereferenceAttr(Id obj, const std::string& name);
bool isReferenceAttr(Id obj, const std::string& name);

// ---- writing --------------------------------------------------------------------------
// Copies the object `name` of `from` (with everything below it and its attributes) to the
// same name in `to`, as stored (H5Ocopy).
void copyObject(Id from, const std::string& name, Id to);
// Deletes the link `name` in `loc` when there is one.
void removeLink(Id loc, const std::string& name);
Handle createGroup(Id loc, const std::string& name);
void writeStringAttr(Id obj, const std::string& name, const std::string& value);
void writeStringArrayAttr(Id obj, const std::string& name, const std::vector<std::string>& values);
void writeInt64ArrayAttr(Id obj, const std::string& name, const std::vector<int64_t>& values);
void writeEmptyFloatArrayAttr(Id obj, const std::string& name);
void writeBoolAttr(Id obj, const std::string& name, bool value);
// 1-D datasets. gzipLevel > 0 compresses in chunks.
Handle writeDataset(Id loc, const std::string& name, const float* data, int64_t n, int gzipLevel = 0);
Handle writeDataset(Id loc, const std::string& name, const double* data, int64_t n, int gzipLevel = 0);
Handle writeDataset(Id loc, const std::string& name, const int32_t* data, int64_t n, int gzipLevel = 0);
Handle writeDataset(Id loc, const std::string& name, const int64_t* data, int64_t n, int gzipLevel = 0);
Handle writeDataset(Id loc, const std::string& name, const int8_t* data, int64_t n, int gzipLevel = 0);
// Row-major 2-D datasets (dense matrices, e.g. for tests and obsm-style arrays).
Handle writeDataset2D(Id loc, const std::string& name, const float* data, int64_t rows, int64_t cols);
Handle writeDataset2D(Id loc, const std::string& name, const int64_t* data, int64_t rows, int64_t cols);
Handle writeBoolDataset(Id loc, const std::string& name, const std::vector<bool>& values);
Handle writeStringDataset(Id loc, const std::string& name, const std::vector<std::string>& values);
Handle writeScalarString(Id loc, const std::string& name, const std::string& value);

// ---- matrices (cells x genes, straight into CSR) ---------------------------------------
// `label` ("pbmc.h5ad: matrix raw.X") starts every message. All three check the structure
// (indptr monotone and ending at nnz, indices in range), sort unsorted rows, drop stored
// zeros and refuse NaN/Inf, reading values in blocks converted to float by HDF5.
// A group with data/indices/indptr whose indptr runs over the `rows` rows.
CsrMatrix readCsrGroup(Id group, int64_t rows, int64_t cols, const std::string& label);
// The same arrays with indptr over columns (scipy csc_matrix): transposed by counting,
// never densified.
CsrMatrix readCscGroupAsCsr(Id group, int64_t rows, int64_t cols, const std::string& label);
// A 2-D dataset, read in row blocks; zeros dropped.
CsrMatrix readDenseAsCsr(Id dataset, const std::string& label);

}  // namespace dm::h5
