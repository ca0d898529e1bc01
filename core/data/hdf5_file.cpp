#include "data/hdf5_file.h"

#include "common/error.h"
#include "common/interrupt.h"

#include <hdf5.h>
#include <lzf.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <type_traits>

namespace dm::h5 {

static_assert(std::is_same_v<hid_t, Id>, "dm::h5::Id must be hid_t");

namespace {

// The most specific message HDF5 left on its error stack, for the end of our messages.
herr_t collectError(unsigned n, const H5E_error2_t* err, void* data) {
    auto* out = static_cast<std::string*>(data);
    if (n == 0 && err && err->desc) *out = err->desc;
    return 0;
}

std::string hdf5Detail() {
    std::string detail;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, collectError, &detail);
    H5Eclear2(H5E_DEFAULT);
    return detail.empty() ? "" : " (HDF5: " + detail + ")";
}

ReadObserver gReadObserver = nullptr;

void noteRead(Id obj, const char* attr = nullptr) {
    if (!gReadObserver) return;
    std::string what = objectPath(obj);
    if (attr) what += std::string("@") + attr;
    gReadObserver(what);
}

void noteOpen(Id loc, const std::string& path) {
    if (!gReadObserver) return;
    std::string base = objectPath(loc);
    if (base == "/") base.clear();
    gReadObserver(path.empty() || path[0] == '/' ? path : base + "/" + path);
}

constexpr H5Z_filter_t kLzfFilter = 32000;  // h5py's registered LZF filter id

// HDF5 filter callback for LZF (h5py's compression="lzf", common in anndata 0.7-era
// files), decode only, decompressing with Debian's liblzf. Debian's packaged filter plugin
// (hdf5-plugin-lzf 3.7.0-8) is not used: libhdf5 fails to load it ("undefined symbol:
// lzf_decompress", the plugin does not link liblzf), see docs/reliability.md.
size_t lzfFilter(unsigned flags, size_t nValues, const unsigned values[], size_t nbytes, size_t* bufSize,
                 void** buf) {
    if (!(flags & H5Z_FLAG_REVERSE) || nbytes > UINT_MAX) return 0;
    // h5py stores the uncompressed chunk size as the third filter value; otherwise grow.
    size_t outSize = nValues >= 3 && values[2] != 0 ? values[2] : std::max<size_t>(*bufSize, 1) * 4;
    for (int attempt = 0; attempt < 8 && outSize <= UINT_MAX; ++attempt) {
        void* out = std::malloc(outSize);
        if (!out) return 0;
        errno = 0;
        const unsigned n = lzf_decompress(*buf, static_cast<unsigned>(nbytes), out, static_cast<unsigned>(outSize));
        if (n > 0) {
            std::free(*buf);
            *buf = out;
            *bufSize = outSize;
            return n;
        }
        std::free(out);
        if (errno != E2BIG) return 0;  // corrupt input
        outSize *= 2;
    }
    return 0;
}

// Once per process: HDF5 prints its error stack to stderr by default, but the readers
// report errors themselves; and the LZF filter is registered.
void initHdf5() {
    static const bool once = [] {
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
        static const H5Z_class2_t lzf = {H5Z_CLASS_T_VERS, kLzfFilter, 0, 1, "lzf", nullptr, nullptr, lzfFilter};
        if (H5Zfilter_avail(kLzfFilter) <= 0) H5Zregister(&lzf);
        H5Eclear2(H5E_DEFAULT);
        return true;
    }();
    (void)once;
}

// A dataset compressed with a filter this libhdf5 cannot load: the fix is a package, not
// a new file.
std::string missingFilterHint(Id obj) {
    if (H5Iget_type(obj) != H5I_DATASET) return "";
    Handle dcpl(H5Dget_create_plist(obj));
    if (!dcpl.valid()) return "";
    const int n = H5Pget_nfilters(dcpl.id());
    for (int i = 0; i < n; ++i) {
        unsigned flags = 0;
        size_t nValues = 0;
        char name[64] = {0};
        unsigned config = 0;
        const H5Z_filter_t id = H5Pget_filter2(dcpl.id(), static_cast<unsigned>(i), &flags, &nValues, nullptr,
                                               sizeof name, name, &config);
        if (id < 0 || H5Zfilter_avail(id) > 0) continue;
        H5Eclear2(H5E_DEFAULT);
        if (id == kLzfFilter)
            return "; it is compressed with LZF (h5py's compression=\"lzf\"), which could not be decoded";
        return "; it is compressed with HDF5 filter " + std::to_string(id) +
               ", which this HDF5 library does not have: re-export the file with gzip compression";
    }
    return "";
}

std::string fileName(Id obj) {
    const ssize_t n = H5Fget_name(obj, nullptr, 0);
    if (n <= 0) return "?";
    std::string s(static_cast<size_t>(n), '\0');
    H5Fget_name(obj, s.data(), s.size() + 1);
    return s;
}

// "file.h5ad: /obs/louvain": where a failure happened.
std::string where(Id obj) { return fileName(obj) + ": " + objectPath(obj); }

[[noreturn]] void fail(Id obj, const std::string& what) {
    const std::string detail = hdf5Detail();
    const std::string filter = missingFilterHint(obj);
    if (!filter.empty()) throw InputError(where(obj) + ": " + what + detail + filter);
    throw InputError(where(obj) + ": " + what + detail +
                     "; the file may be truncated or damaged: re-export or re-download it");
}

void check(herr_t status, Id obj, const char* what) {
    if (status < 0) fail(obj, what);
}

[[noreturn]] void failWrite(Id obj, const std::string& what) {
    throw Error(where(obj) + ": " + what + hdf5Detail() + "; check the disk has space and the folder is writable");
}

void checkWrite(herr_t status, Id obj, const char* what) {
    if (status < 0) failWrite(obj, what);
}

Handle typeOf(Id dataset) { return Handle(H5Dget_type(dataset)); }

std::string trimFixed(const char* p, size_t size) {
    size_t n = strnlen(p, size);
    while (n > 0 && p[n - 1] == ' ') --n;  // space-padded fixed strings
    return std::string(p, n);
}

// Reads `count` elements at `offset` of a 1-D dataset into `out` of memory type `mem`.
void readSlab(Id dataset, int64_t offset, int64_t count, hid_t mem, void* out) {
    if (count == 0) return;
    interruptionPoint();  // big matrices are read block by block: a reader can be stopped between blocks
    noteRead(dataset);
    Handle space(H5Dget_space(dataset));
    hsize_t start[1] = {static_cast<hsize_t>(offset)}, cnt[1] = {static_cast<hsize_t>(count)};
    check(H5Sselect_hyperslab(space.id(), H5S_SELECT_SET, start, nullptr, cnt, nullptr), dataset,
          "bad range");
    Handle memSpace(H5Screate_simple(1, cnt, nullptr));
    check(H5Dread(dataset, mem, memSpace.id(), space.id(), H5P_DEFAULT, out), dataset, "could not read values");
}

// Integer value of an enum/integer element of `size` bytes (h5py bools are int8 enums).
int64_t intFromBytes(const unsigned char* p, size_t size, bool isSigned) {
    switch (size) {
        case 1: { int8_t v; std::memcpy(&v, p, 1); return isSigned ? v : static_cast<uint8_t>(v); }
        case 2: { int16_t v; std::memcpy(&v, p, 2); return isSigned ? v : static_cast<uint16_t>(v); }
        case 4: { int32_t v; std::memcpy(&v, p, 4); return isSigned ? v : static_cast<uint32_t>(v); }
        default: { int64_t v; std::memcpy(&v, p, 8); return v; }
    }
}

// Enum datasets (bool) cannot be converted to numbers by HDF5: read raw, decode here.
std::vector<double> readEnumAsNumbers(Id dataset, Id fileType) {
    noteRead(dataset);
    Handle native(H5Tget_native_type(fileType, H5T_DIR_ASCEND));
    Handle base(H5Tget_super(native.id()));
    const size_t size = H5Tget_size(native.id());
    const bool isSigned = H5Tget_sign(base.id()) == H5T_SGN_2;
    const int64_t n = elementCount(dataset);
    std::vector<unsigned char> raw(static_cast<size_t>(n) * size);
    if (n > 0)
        check(H5Dread(dataset, native.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()), dataset,
              "could not read values");
    std::vector<double> out(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i)
        out[i] = static_cast<double>(intFromBytes(raw.data() + i * size, size, isSigned));
    return out;
}

Handle variableStringType() {
    Handle t(H5Tcopy(H5T_C_S1));
    H5Tset_size(t.id(), H5T_VARIABLE);
    H5Tset_cset(t.id(), H5T_CSET_UTF8);
    return t;
}

Handle createAttr(Id obj, const std::string& name, Id type, Id space) {
    if (H5Aexists(obj, name.c_str()) > 0) H5Adelete(obj, name.c_str());
    Handle a(H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT));
    if (!a.valid()) failWrite(obj, "could not create attribute " + name);
    return a;
}

// h5py's boolean: an int8 enum with FALSE = 0, TRUE = 1, which anndata reads as numpy bool.
Handle boolType() {
    Handle t(H5Tenum_create(H5T_NATIVE_INT8));
    int8_t f = 0, tr = 1;
    H5Tenum_insert(t.id(), "FALSE", &f);
    H5Tenum_insert(t.id(), "TRUE", &tr);
    return t;
}

template <typename T>
Handle writeNumeric(Id loc, const std::string& name, const T* data, int64_t n, hid_t type, int gzipLevel) {
    hsize_t d[1] = {static_cast<hsize_t>(n)};
    Handle space(H5Screate_simple(1, d, nullptr));
    Handle dcpl(H5Pcreate(H5P_DATASET_CREATE));
    if (gzipLevel > 0 && n > 0) {
        hsize_t chunk[1] = {std::min<hsize_t>(d[0], 1 << 16)};
        H5Pset_chunk(dcpl.id(), 1, chunk);
        H5Pset_deflate(dcpl.id(), static_cast<unsigned>(gzipLevel));
    }
    Handle ds(H5Dcreate2(loc, name.c_str(), type, space.id(), H5P_DEFAULT, dcpl.id(), H5P_DEFAULT));
    if (!ds.valid()) failWrite(loc, "could not create dataset " + name);
    if (n > 0) checkWrite(H5Dwrite(ds.id(), type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), ds.id(), "could not write");
    return ds;
}

}  // namespace

void setReadObserver(ReadObserver observer) { gReadObserver = observer; }

Handle& Handle::operator=(Handle&& o) noexcept {
    if (this != &o) {
        reset();
        id_ = o.id_;
        o.id_ = -1;
    }
    return *this;
}

void Handle::reset() {
    if (id_ < 0) return;
    switch (H5Iget_type(id_)) {
        case H5I_FILE: H5Fclose(id_); break;
        case H5I_GROUP: H5Gclose(id_); break;
        case H5I_DATASET: H5Dclose(id_); break;
        case H5I_ATTR: H5Aclose(id_); break;
        case H5I_DATATYPE: H5Tclose(id_); break;
        case H5I_DATASPACE: H5Sclose(id_); break;
        case H5I_GENPROP_LST: H5Pclose(id_); break;
        default: H5Oclose(id_); break;
    }
    id_ = -1;
}

File File::openRead(const std::string& path) {
    initHdf5();
    if (!std::ifstream(path, std::ios::binary).good())
        throw InputError(path + ": file not found or not readable; check the path");
    const htri_t isHdf5 = H5Fis_hdf5(path.c_str());
    H5Eclear2(H5E_DEFAULT);
    if (isHdf5 <= 0)
        throw InputError(path + ": not an HDF5 file (no HDF5 signature found); expected an .h5ad written by "
                                "anndata/scanpy or a CellRanger .h5 matrix");
    if (gReadObserver) gReadObserver("/ (the file header)");
    File f;
    f.path_ = path;
    f.handle_ = Handle(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
    if (!f.handle_.valid())
        throw InputError(path + ": HDF5 file is truncated or damaged and cannot be opened" + hdf5Detail() +
                         "; copy or download it again");
    return f;
}

File File::create(const std::string& path) {
    initHdf5();
    File f;
    f.path_ = path;
    f.handle_ = Handle(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT));
    if (!f.handle_.valid())
        throw Error(path + ": cannot create the HDF5 file" + hdf5Detail() + "; check the folder exists and is writable");
    return f;
}

ObjectKind kindOf(Id loc, const std::string& path) {
    // Check every prefix: H5Lexists fails (not false) when an intermediate group is missing.
    size_t pos = 0;
    while (true) {
        pos = path.find('/', pos + 1);
        const std::string prefix = path.substr(0, pos);
        if (!prefix.empty() && H5Lexists(loc, prefix.c_str(), H5P_DEFAULT) <= 0) {
            H5Eclear2(H5E_DEFAULT);
            return ObjectKind::Missing;
        }
        if (pos == std::string::npos) break;
    }
    H5O_info_t info;
    if (H5Oget_info_by_name(loc, path.c_str(), &info, H5P_DEFAULT) < 0) {
        H5Eclear2(H5E_DEFAULT);
        return ObjectKind::Missing;  // e.g. a dangling soft link
    }
    if (info.type == H5O_TYPE_GROUP) return ObjectKind::Group;
    if (info.type == H5O_TYPE_DATASET) return ObjectKind::Dataset;
    return ObjectKind::Other;
}

Handle openGroup(Id loc, const std::string& path) {
    noteOpen(loc, path);
    Handle g(H5Gopen2(loc, path.c_str(), H5P_DEFAULT));
    if (!g.valid()) fail(loc, "cannot open group " + path);
    return g;
}

Handle openDataset(Id loc, const std::string& path) {
    noteOpen(loc, path);
    Handle d(H5Dopen2(loc, path.c_str(), H5P_DEFAULT));
    if (!d.valid()) fail(loc, "cannot open dataset " + path);
    return d;
}

std::vector<std::string> children(Id group) {
    std::vector<std::string> names;
    auto collect = [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
        static_cast<std::vector<std::string>*>(data)->emplace_back(name);
        return 0;
    };
    hsize_t idx = 0;
    noteRead(group);
    if (H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, &idx, collect, &names) < 0) fail(group, "cannot list group");
    return names;
}

std::string objectPath(Id obj) {
    const ssize_t n = H5Iget_name(obj, nullptr, 0);
    if (n <= 0) return "?";
    std::string s(static_cast<size_t>(n), '\0');
    H5Iget_name(obj, s.data(), s.size() + 1);
    return s;
}

std::vector<int64_t> dims(Id dataset) {
    Handle space(H5Dget_space(dataset));
    const int rank = H5Sget_simple_extent_ndims(space.id());
    if (rank < 0) fail(dataset, "cannot read the shape");
    std::vector<hsize_t> d(static_cast<size_t>(rank));
    H5Sget_simple_extent_dims(space.id(), d.data(), nullptr);
    return std::vector<int64_t>(d.begin(), d.end());
}

int64_t elementCount(Id dataset) {
    // A damaged shape can claim more elements than any file holds: refuse it before a
    // vector of that size is attempted (the product must not overflow either).
    constexpr int64_t kMaxElements = int64_t(1) << 48;
    int64_t n = 1;
    for (int64_t d : dims(dataset)) {
        if (d < 0 || (d > 0 && n > kMaxElements / d)) fail(dataset, "implausible shape (more than 2^48 elements)");
        n *= d;
    }
    return n;
}

bool isStringType(Id dataset) { return H5Tget_class(typeOf(dataset).id()) == H5T_STRING; }
bool isCompoundType(Id dataset) { return H5Tget_class(typeOf(dataset).id()) == H5T_COMPOUND; }
bool isFloatType(Id dataset) { return H5Tget_class(typeOf(dataset).id()) == H5T_FLOAT; }

std::string dtypeName(Id dataset) {
    Handle t = typeOf(dataset);
    const size_t bits = H5Tget_size(t.id()) * 8;
    switch (H5Tget_class(t.id())) {
        case H5T_INTEGER:
            return std::string(H5Tget_sign(t.id()) == H5T_SGN_NONE ? "uint" : "int") + std::to_string(bits);
        case H5T_FLOAT: return "float" + std::to_string(bits);
        case H5T_ENUM: return "bool";
        case H5T_STRING: return "string";
        case H5T_COMPOUND: return "compound";
        default: return "other";
    }
}

std::vector<double> readDoubles(Id dataset) {
    noteRead(dataset);
    Handle t = typeOf(dataset);
    if (H5Tget_class(t.id()) == H5T_ENUM) return readEnumAsNumbers(dataset, t.id());
    if (H5Tget_class(t.id()) != H5T_INTEGER && H5Tget_class(t.id()) != H5T_FLOAT)
        fail(dataset, "expected numbers, found " + dtypeName(dataset));
    std::vector<double> out(static_cast<size_t>(elementCount(dataset)));
    if (!out.empty())
        check(H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), dataset,
              "could not read values");
    return out;
}

std::vector<int64_t> readInt64(Id dataset) {
    noteRead(dataset);
    Handle t = typeOf(dataset);
    if (H5Tget_class(t.id()) == H5T_ENUM) {
        std::vector<double> d = readEnumAsNumbers(dataset, t.id());
        return std::vector<int64_t>(d.begin(), d.end());
    }
    if (H5Tget_class(t.id()) != H5T_INTEGER) fail(dataset, "expected integers, found " + dtypeName(dataset));
    std::vector<int64_t> out(static_cast<size_t>(elementCount(dataset)));
    if (!out.empty())
        check(H5Dread(dataset, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), dataset,
              "could not read values");
    return out;
}

void readRange(Id dataset, int64_t offset, int64_t count, float* out) {
    readSlab(dataset, offset, count, H5T_NATIVE_FLOAT, out);
}
void readRange(Id dataset, int64_t offset, int64_t count, int32_t* out) {
    readSlab(dataset, offset, count, H5T_NATIVE_INT32, out);
}
void readRange(Id dataset, int64_t offset, int64_t count, int64_t* out) {
    readSlab(dataset, offset, count, H5T_NATIVE_INT64, out);
}

void readRows(Id dataset, int64_t row0, int64_t nrows, float* out) {
    const std::vector<int64_t> d = dims(dataset);
    if (d.size() != 2) fail(dataset, "expected a 2-D matrix");
    if (nrows == 0 || d[1] == 0) return;
    interruptionPoint();
    noteRead(dataset);
    Handle space(H5Dget_space(dataset));
    hsize_t start[2] = {static_cast<hsize_t>(row0), 0};
    hsize_t cnt[2] = {static_cast<hsize_t>(nrows), static_cast<hsize_t>(d[1])};
    check(H5Sselect_hyperslab(space.id(), H5S_SELECT_SET, start, nullptr, cnt, nullptr), dataset, "bad rows");
    Handle memSpace(H5Screate_simple(2, cnt, nullptr));
    check(H5Dread(dataset, H5T_NATIVE_FLOAT, memSpace.id(), space.id(), H5P_DEFAULT, out), dataset,
          "could not read matrix rows");
}

std::vector<std::string> readStrings(Id dataset) {
    noteRead(dataset);
    Handle t = typeOf(dataset);
    if (H5Tget_class(t.id()) != H5T_STRING) fail(dataset, "expected strings, found " + dtypeName(dataset));
    const int64_t n = elementCount(dataset);
    std::vector<std::string> out;
    out.reserve(static_cast<size_t>(n));
    if (n == 0) return out;
    if (H5Tis_variable_str(t.id()) > 0) {
        Handle mem(H5Tcopy(H5T_C_S1));
        H5Tset_size(mem.id(), H5T_VARIABLE);
        H5Tset_cset(mem.id(), H5Tget_cset(t.id()));
        std::vector<char*> ptrs(static_cast<size_t>(n), nullptr);
        check(H5Dread(dataset, mem.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()), dataset,
              "could not read strings");
        for (char* p : ptrs) out.emplace_back(p ? p : "");
        Handle space(H5Dget_space(dataset));
        H5Dvlen_reclaim(mem.id(), space.id(), H5P_DEFAULT, ptrs.data());
    } else {
        const size_t size = H5Tget_size(t.id());
        Handle mem(H5Tcopy(H5T_C_S1));
        H5Tset_size(mem.id(), size);
        H5Tset_strpad(mem.id(), H5T_STR_NULLPAD);
        std::vector<char> buf(static_cast<size_t>(n) * size);
        check(H5Dread(dataset, mem.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()), dataset,
              "could not read strings");
        for (int64_t i = 0; i < n; ++i) out.push_back(trimFixed(buf.data() + i * size, size));
    }
    return out;
}

std::vector<CompoundField> readCompound(Id dataset) {
    noteRead(dataset);
    Handle fileType = typeOf(dataset);
    if (H5Tget_class(fileType.id()) != H5T_COMPOUND) fail(dataset, "expected a record (compound) dataset");
    Handle native(H5Tget_native_type(fileType.id(), H5T_DIR_ASCEND));
    const size_t recSize = H5Tget_size(native.id());
    const int64_t n = elementCount(dataset);
    std::vector<unsigned char> raw(static_cast<size_t>(n) * recSize);
    if (n > 0)
        check(H5Dread(dataset, native.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()), dataset,
              "could not read records");
    std::vector<CompoundField> fields;
    bool hasVlen = false;
    const int members = H5Tget_nmembers(native.id());
    for (int m = 0; m < members; ++m) {
        CompoundField f;
        char* name = H5Tget_member_name(native.id(), static_cast<unsigned>(m));
        f.name = name ? name : "";
        H5free_memory(name);
        const size_t off = H5Tget_member_offset(native.id(), static_cast<unsigned>(m));
        Handle mt(H5Tget_member_type(native.id(), static_cast<unsigned>(m)));
        const size_t size = H5Tget_size(mt.id());
        const H5T_class_t cls = H5Tget_class(mt.id());
        auto at = [&](int64_t i) { return raw.data() + i * recSize + off; };
        if (cls == H5T_STRING) {
            f.kind = CompoundField::Kind::String;
            f.dtype = "string";
            const bool vlen = H5Tis_variable_str(mt.id()) > 0;
            hasVlen = hasVlen || vlen;
            for (int64_t i = 0; i < n; ++i) {
                if (vlen) {
                    char* p = nullptr;
                    std::memcpy(&p, at(i), sizeof(p));
                    f.strings.emplace_back(p ? p : "");
                } else {
                    f.strings.push_back(trimFixed(reinterpret_cast<const char*>(at(i)), size));
                }
            }
        } else if (cls == H5T_INTEGER || cls == H5T_ENUM) {
            Handle base(cls == H5T_ENUM ? H5Tget_super(mt.id()) : H5Tcopy(mt.id()));
            const bool isSigned = H5Tget_sign(base.id()) == H5T_SGN_2;
            f.kind = cls == H5T_ENUM ? CompoundField::Kind::Boolean : CompoundField::Kind::Number;
            f.dtype = cls == H5T_ENUM ? "bool" : std::string(isSigned ? "int" : "uint") + std::to_string(size * 8);
            for (int64_t i = 0; i < n; ++i)
                f.numbers.push_back(static_cast<double>(intFromBytes(at(i), size, isSigned)));
        } else if (cls == H5T_FLOAT) {
            f.dtype = "float" + std::to_string(size * 8);
            for (int64_t i = 0; i < n; ++i) {
                if (size == 4) {
                    float v;
                    std::memcpy(&v, at(i), 4);
                    f.numbers.push_back(v);
                } else {
                    double v;
                    std::memcpy(&v, at(i), 8);
                    f.numbers.push_back(v);
                }
            }
        } else {
            continue;  // arrays (obsm-style) and other types are not table columns
        }
        fields.push_back(std::move(f));
    }
    if (hasVlen && n > 0) {
        Handle space(H5Dget_space(dataset));
        H5Dvlen_reclaim(native.id(), space.id(), H5P_DEFAULT, raw.data());
    }
    return fields;
}

std::vector<CompoundArrayField> readCompoundArrays(Id dataset) {
    Handle fileType = typeOf(dataset);
    if (H5Tget_class(fileType.id()) != H5T_COMPOUND) fail(dataset, "expected a record (compound) dataset");
    const int64_t n = elementCount(dataset);
    std::vector<CompoundArrayField> out;
    const int members = H5Tget_nmembers(fileType.id());
    for (int m = 0; m < members; ++m) {
        Handle mt(H5Tget_member_type(fileType.id(), static_cast<unsigned>(m)));
        if (H5Tget_class(mt.id()) != H5T_ARRAY || H5Tget_array_ndims(mt.id()) != 1) continue;
        Handle base(H5Tget_super(mt.id()));
        const H5T_class_t baseClass = H5Tget_class(base.id());
        if (baseClass != H5T_FLOAT && baseClass != H5T_INTEGER) continue;
        hsize_t width = 0;
        H5Tget_array_dims2(mt.id(), &width);
        char* name = H5Tget_member_name(fileType.id(), static_cast<unsigned>(m));
        CompoundArrayField f;
        f.name = name ? name : "";
        H5free_memory(name);
        f.width = static_cast<int64_t>(width);
        // A one-member memory type: HDF5 picks the field by name and converts to float.
        Handle arr(H5Tarray_create2(H5T_NATIVE_FLOAT, 1, &width));
        Handle mem(H5Tcreate(H5T_COMPOUND, width * sizeof(float)));
        check(H5Tinsert(mem.id(), f.name.c_str(), 0, arr.id()), dataset, ("could not describe field " + f.name).c_str());
        f.values.resize(static_cast<size_t>(n) * width);
        if (n > 0 && width > 0)
            check(H5Dread(dataset, mem.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, f.values.data()), dataset,
                  ("could not read field " + f.name).c_str());
        out.push_back(std::move(f));
    }
    return out;
}

bool hasAttr(Id obj, const std::string& name) {
    const htri_t r = H5Aexists(obj, name.c_str());
    if (r < 0) H5Eclear2(H5E_DEFAULT);
    return r > 0;
}

std::string readStringAttr(Id obj, const std::string& name, const std::string& fallback) {
    if (!hasAttr(obj, name)) return fallback;
    const std::vector<std::string> v = readStringArrayAttr(obj, name);
    return v.empty() ? fallback : v.front();
}

std::vector<std::string> readStringArrayAttr(Id obj, const std::string& name) {
    if (!hasAttr(obj, name)) return {};
    noteRead(obj, name.c_str());
    Handle a(H5Aopen(obj, name.c_str(), H5P_DEFAULT));
    Handle t(H5Aget_type(a.id()));
    Handle space(H5Aget_space(a.id()));
    const hssize_t n = H5Sget_simple_extent_npoints(space.id());
    std::vector<std::string> out;
    if (n <= 0) return out;
    if (H5Tget_class(t.id()) != H5T_STRING) {
        fail(obj, "attribute " + name + " should hold text");
    }
    if (H5Tis_variable_str(t.id()) > 0) {
        Handle mem(H5Tcopy(H5T_C_S1));
        H5Tset_size(mem.id(), H5T_VARIABLE);
        H5Tset_cset(mem.id(), H5Tget_cset(t.id()));
        std::vector<char*> ptrs(static_cast<size_t>(n), nullptr);
        check(H5Aread(a.id(), mem.id(), ptrs.data()), obj, ("cannot read attribute " + name).c_str());
        for (char* p : ptrs) out.emplace_back(p ? p : "");
        H5Dvlen_reclaim(mem.id(), space.id(), H5P_DEFAULT, ptrs.data());
    } else {
        const size_t size = H5Tget_size(t.id());
        std::vector<char> buf(static_cast<size_t>(n) * size);
        check(H5Aread(a.id(), t.id(), buf.data()), obj, ("cannot read attribute " + name).c_str());
        for (hssize_t i = 0; i < n; ++i) out.push_back(trimFixed(buf.data() + i * size, size));
    }
    return out;
}

std::vector<int64_t> readIntArrayAttr(Id obj, const std::string& name) {
    if (!hasAttr(obj, name)) return {};
    noteRead(obj, name.c_str());
    Handle a(H5Aopen(obj, name.c_str(), H5P_DEFAULT));
    Handle space(H5Aget_space(a.id()));
    const hssize_t n = H5Sget_simple_extent_npoints(space.id());
    std::vector<int64_t> out(static_cast<size_t>(std::max<hssize_t>(n, 0)));
    if (!out.empty()) check(H5Aread(a.id(), H5T_NATIVE_INT64, out.data()), obj, ("cannot read attribute " + name).c_str());
    return out;
}

bool readBoolAttr(Id obj, const std::string& name, bool fallback) {
    if (!hasAttr(obj, name)) return fallback;
    noteRead(obj, name.c_str());
    Handle a(H5Aopen(obj, name.c_str(), H5P_DEFAULT));
    Handle t(H5Aget_type(a.id()));
    Handle native(H5Tget_native_type(t.id(), H5T_DIR_ASCEND));
    const size_t size = H5Tget_size(native.id());
    if (size > 8 || (H5Tget_class(t.id()) != H5T_ENUM && H5Tget_class(t.id()) != H5T_INTEGER)) return fallback;
    unsigned char buf[8] = {0};
    check(H5Aread(a.id(), native.id(), buf), obj, ("cannot read attribute " + name).c_str());
    return intFromBytes(buf, size, true) != 0;
}

bool isReferenceAttr(Id obj, const std::string& name) {
    if (!hasAttr(obj, name)) return false;
    Handle a(H5Aopen(obj, name.c_str(), H5P_DEFAULT));
    Handle t(H5Aget_type(a.id()));
    return H5Tget_class(t.id()) == H5T_REFERENCE;
}

Handle dereferenceAttr(Id obj, const std::string& name) {
    noteRead(obj, name.c_str());
    Handle a(H5Aopen(obj, name.c_str(), H5P_DEFAULT));
    if (!a.valid()) fail(obj, "missing attribute " + name);
    hobj_ref_t ref{};
    check(H5Aread(a.id(), H5T_STD_REF_OBJ, &ref), obj, ("cannot read reference " + name).c_str());
    Handle target(H5Rdereference2(obj, H5P_DEFAULT, H5R_OBJECT, &ref));
    if (!target.valid()) fail(obj, "attribute " + name + " points at an object that does not exist");
    return target;
}

void copyObject(Id from, const std::string& name, Id to) {
    noteOpen(from, name);
    // Object references (anndata 0.7's categories attributes point into obs/__categories)
    // are remapped to the copied objects; without this flag they would be nulled.
    Handle ocpy(H5Pcreate(H5P_OBJECT_COPY));
    H5Pset_copy_object(ocpy.id(), H5O_COPY_EXPAND_REFERENCE_FLAG);
    checkWrite(H5Ocopy(from, name.c_str(), to, name.c_str(), ocpy.id(), H5P_DEFAULT), to,
               ("could not copy " + name + " from " + fileName(from)).c_str());
}

void removeLink(Id loc, const std::string& name) {
    if (H5Lexists(loc, name.c_str(), H5P_DEFAULT) > 0) checkWrite(H5Ldelete(loc, name.c_str(), H5P_DEFAULT), loc, "could not replace");
    H5Eclear2(H5E_DEFAULT);
}

Handle createGroup(Id loc, const std::string& name) {
    Handle g(H5Gcreate2(loc, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    if (!g.valid()) failWrite(loc, "cannot create group " + name);
    return g;
}

void writeStringAttr(Id obj, const std::string& name, const std::string& value) {
    Handle t = variableStringType();
    Handle space(H5Screate(H5S_SCALAR));
    Handle a = createAttr(obj, name, t.id(), space.id());
    const char* p = value.c_str();
    checkWrite(H5Awrite(a.id(), t.id(), &p), obj, "cannot write attribute");
}

void writeStringArrayAttr(Id obj, const std::string& name, const std::vector<std::string>& values) {
    Handle t = variableStringType();
    hsize_t d[1] = {values.size()};
    Handle space(H5Screate_simple(1, d, nullptr));
    Handle a = createAttr(obj, name, t.id(), space.id());
    std::vector<const char*> ptrs;
    for (const auto& v : values) ptrs.push_back(v.c_str());
    if (!ptrs.empty()) checkWrite(H5Awrite(a.id(), t.id(), ptrs.data()), obj, "cannot write attribute");
}

void writeInt64ArrayAttr(Id obj, const std::string& name, const std::vector<int64_t>& values) {
    hsize_t d[1] = {values.size()};
    Handle space(H5Screate_simple(1, d, nullptr));
    Handle a = createAttr(obj, name, H5T_STD_I64LE, space.id());
    if (!values.empty()) checkWrite(H5Awrite(a.id(), H5T_NATIVE_INT64, values.data()), obj, "cannot write attribute");
}

void writeEmptyFloatArrayAttr(Id obj, const std::string& name) {
    hsize_t d[1] = {0};
    Handle space(H5Screate_simple(1, d, nullptr));
    createAttr(obj, name, H5T_IEEE_F64LE, space.id());
}

void writeBoolAttr(Id obj, const std::string& name, bool value) {
    Handle t = boolType();
    Handle space(H5Screate(H5S_SCALAR));
    Handle a = createAttr(obj, name, t.id(), space.id());
    const int8_t v = value ? 1 : 0;
    checkWrite(H5Awrite(a.id(), t.id(), &v), obj, "cannot write attribute");
}

Handle writeDataset(Id loc, const std::string& name, const float* data, int64_t n, int gzipLevel) {
    return writeNumeric(loc, name, data, n, H5T_NATIVE_FLOAT, gzipLevel);
}
Handle writeDataset(Id loc, const std::string& name, const double* data, int64_t n, int gzipLevel) {
    return writeNumeric(loc, name, data, n, H5T_NATIVE_DOUBLE, gzipLevel);
}
Handle writeDataset(Id loc, const std::string& name, const int32_t* data, int64_t n, int gzipLevel) {
    return writeNumeric(loc, name, data, n, H5T_NATIVE_INT32, gzipLevel);
}
Handle writeDataset(Id loc, const std::string& name, const int64_t* data, int64_t n, int gzipLevel) {
    return writeNumeric(loc, name, data, n, H5T_NATIVE_INT64, gzipLevel);
}
Handle writeDataset(Id loc, const std::string& name, const int8_t* data, int64_t n, int gzipLevel) {
    return writeNumeric(loc, name, data, n, H5T_NATIVE_INT8, gzipLevel);
}

namespace {
Handle write2D(Id loc, const std::string& name, const void* data, int64_t rows, int64_t cols, hid_t fileType,
               hid_t memType) {
    hsize_t d[2] = {static_cast<hsize_t>(rows), static_cast<hsize_t>(cols)};
    Handle space(H5Screate_simple(2, d, nullptr));
    Handle ds(H5Dcreate2(loc, name.c_str(), fileType, space.id(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    if (!ds.valid()) failWrite(loc, "could not create dataset " + name);
    if (rows * cols > 0) checkWrite(H5Dwrite(ds.id(), memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), ds.id(), "could not write");
    return ds;
}
}  // namespace

Handle writeDataset2D(Id loc, const std::string& name, const float* data, int64_t rows, int64_t cols) {
    return write2D(loc, name, data, rows, cols, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT);
}
Handle writeDataset2D(Id loc, const std::string& name, const int64_t* data, int64_t rows, int64_t cols) {
    return write2D(loc, name, data, rows, cols, H5T_STD_I64LE, H5T_NATIVE_INT64);
}

Handle writeBoolDataset(Id loc, const std::string& name, const std::vector<bool>& values) {
    std::vector<int8_t> raw(values.begin(), values.end());
    Handle t = boolType();
    return writeNumeric(loc, name, raw.data(), static_cast<int64_t>(raw.size()), t.id(), 0);
}

Handle writeStringDataset(Id loc, const std::string& name, const std::vector<std::string>& values) {
    Handle t = variableStringType();
    hsize_t d[1] = {values.size()};
    Handle space(H5Screate_simple(1, d, nullptr));
    Handle ds(H5Dcreate2(loc, name.c_str(), t.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    if (!ds.valid()) failWrite(loc, "could not create dataset " + name);
    std::vector<const char*> ptrs;
    ptrs.reserve(values.size());
    for (const auto& v : values) ptrs.push_back(v.c_str());
    if (!ptrs.empty()) checkWrite(H5Dwrite(ds.id(), t.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()), ds.id(), "could not write");
    return ds;
}

Handle writeScalarString(Id loc, const std::string& name, const std::string& value) {
    Handle t = variableStringType();
    Handle space(H5Screate(H5S_SCALAR));
    Handle ds(H5Dcreate2(loc, name.c_str(), t.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    if (!ds.valid()) failWrite(loc, "could not create dataset " + name);
    const char* p = value.c_str();
    checkWrite(H5Dwrite(ds.id(), t.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &p), ds.id(), "could not write");
    return ds;
}

// ---- matrices ---------------------------------------------------------------------------

namespace {

// Elements per read: big enough for throughput, small enough that the read buffers of
// the CSC transpose and the dense scan stay a few MB.
constexpr int64_t kBlock = int64_t(1) << 20;

Handle openArray(Id group, const char* name, const std::string& label) {
    if (kindOf(group, name) != ObjectKind::Dataset)
        throw InputError(label + ": the sparse matrix has no '" + name +
                         "' array; the file is incomplete: re-export it with anndata/scanpy");
    return openDataset(group, name);
}

// indptr of `outer` rows (or columns), checked to start at 0, never decrease and end at nnz.
std::vector<int64_t> readIndptr(Id group, int64_t outer, int64_t nnz, const char* outerName,
                                const std::string& label) {
    Handle ds = openArray(group, "indptr", label);
    if (elementCount(ds.id()) != outer + 1)
        throw InputError(label + ": indptr has " + std::to_string(elementCount(ds.id())) + " entries but the shape has " +
                         std::to_string(outer) + " " + outerName + " (expected " + std::to_string(outer + 1) +
                         "); the shape attribute and the arrays disagree");
    std::vector<int64_t> p = readInt64(ds.id());
    if (p.front() != 0)
        throw InputError(label + ": indptr starts at " + std::to_string(p.front()) + " instead of 0; the sparse "
                         "structure is corrupt");
    for (int64_t i = 0; i < outer; ++i)
        if (p[i + 1] < p[i])
            throw InputError(label + ": indptr is not monotone (it decreases after entry " + std::to_string(i) +
                             "); the sparse structure is corrupt");
    if (p.back() != nnz)
        throw InputError(label + ": indptr ends at " + std::to_string(p.back()) + " but there are " +
                         std::to_string(nnz) + " stored values; the sparse structure is corrupt");
    return p;
}

// Stored values and their indices must agree in length; returns that length.
int64_t storedCount(Id data, Id indices, const std::string& label) {
    const int64_t nData = elementCount(data), nIdx = elementCount(indices);
    if (nData != nIdx)
        throw InputError(label + ": " + std::to_string(nData) + " values but " + std::to_string(nIdx) +
                         " indices; the sparse structure is corrupt");
    return nData;
}

[[noreturn]] void notFinite(const std::string& label, int64_t row, int64_t col, float v) {
    throw InputError(label + " holds " + (std::isnan(v) ? "NaN" : "infinite") + " values (first at cell " +
                     std::to_string(row) + ", gene " + std::to_string(col) +
                     "); DeepMapper needs finite expression values: replace them (e.g. with 0) or choose "
                     "another matrix with --matrix");
}

void checkShape(int64_t rows, int64_t cols, const std::string& label) {
    if (rows < 0 || cols < 0 || cols > INT32_MAX)
        throw InputError(label + ": unsupported shape " + std::to_string(rows) + " x " + std::to_string(cols));
}

// In place: refuses NaN/Inf, drops stored zeros, sorts rows whose columns are unsorted,
// then checks the structure.
void finishCsr(CsrMatrix& m, const std::string& label) {
    int64_t out = 0, oldBegin = 0;
    std::vector<std::pair<int32_t, float>> row;
    for (int64_t r = 0; r < m.rows; ++r) {
        const int64_t oldEnd = m.indptr[r + 1], newBegin = out;
        bool sorted = true;
        for (int64_t k = oldBegin; k < oldEnd; ++k) {
            const float v = m.values[k];
            if (!std::isfinite(v)) notFinite(label, r, m.indices[k], v);
            if (v == 0.0f) continue;
            if (out > newBegin && m.indices[k] <= m.indices[out - 1]) sorted = false;
            m.indices[out] = m.indices[k];
            m.values[out] = v;
            ++out;
        }
        if (!sorted) {
            // scipy allows unsorted indices (has_sorted_indices = False); CsrMatrix does not.
            row.clear();
            for (int64_t k = newBegin; k < out; ++k) row.emplace_back(m.indices[k], m.values[k]);
            std::sort(row.begin(), row.end());
            for (size_t i = 0; i < row.size(); ++i) {
                m.indices[newBegin + static_cast<int64_t>(i)] = row[i].first;
                m.values[newBegin + static_cast<int64_t>(i)] = row[i].second;
            }
        }
        m.indptr[r + 1] = out;
        oldBegin = oldEnd;
    }
    m.indices.resize(static_cast<size_t>(out));
    m.values.resize(static_cast<size_t>(out));
    m.validate(label.c_str());
}

}  // namespace

CsrMatrix readCsrGroup(Id group, int64_t rows, int64_t cols, const std::string& label) {
    checkShape(rows, cols, label);
    Handle data = openArray(group, "data", label), indices = openArray(group, "indices", label);
    const int64_t nnz = storedCount(data.id(), indices.id(), label);
    CsrMatrix m;
    m.rows = rows;
    m.cols = cols;
    m.indptr = readIndptr(group, rows, nnz, "rows", label);
    // Exact-size arrays filled by HDF5, which converts int64/float64 on disk in its own
    // small buffer: no full-size temporary of the on-disk types.
    m.indices.resize(static_cast<size_t>(nnz));
    m.values.resize(static_cast<size_t>(nnz));
    for (int64_t off = 0; off < nnz; off += kBlock) {
        const int64_t n = std::min(kBlock, nnz - off);
        readRange(indices.id(), off, n, m.indices.data() + off);
        readRange(data.id(), off, n, m.values.data() + off);
    }
    finishCsr(m, label);
    return m;
}

CsrMatrix readCscGroupAsCsr(Id group, int64_t rows, int64_t cols, const std::string& label) {
    checkShape(rows, cols, label);
    Handle data = openArray(group, "data", label), indices = openArray(group, "indices", label);
    const int64_t nnz = storedCount(data.id(), indices.id(), label);
    const std::vector<int64_t> colptr = readIndptr(group, cols, nnz, "columns", label);
    CsrMatrix m;
    m.rows = rows;
    m.cols = cols;
    m.indptr.assign(static_cast<size_t>(rows + 1), 0);
    std::vector<int32_t> idx(static_cast<size_t>(std::min(kBlock, nnz)));
    std::vector<float> val(idx.size());
    // Pass 1: entries per row.
    for (int64_t off = 0; off < nnz; off += kBlock) {
        const int64_t n = std::min(kBlock, nnz - off);
        readRange(indices.id(), off, n, idx.data());
        for (int64_t i = 0; i < n; ++i) {
            if (idx[i] < 0 || idx[i] >= rows)
                throw InputError(label + ": row index " + std::to_string(idx[i]) + " is outside 0.." +
                                 std::to_string(rows - 1) + "; the sparse structure is corrupt");
            ++m.indptr[idx[i] + 1];
        }
    }
    for (int64_t r = 0; r < rows; ++r) m.indptr[r + 1] += m.indptr[r];
    // Pass 2: scatter; columns arrive in increasing order, so rows come out sorted.
    m.indices.resize(static_cast<size_t>(nnz));
    m.values.resize(static_cast<size_t>(nnz));
    std::vector<int64_t> next(m.indptr.begin(), m.indptr.end() - 1);
    int64_t col = 0;
    for (int64_t off = 0; off < nnz; off += kBlock) {
        const int64_t n = std::min(kBlock, nnz - off);
        readRange(indices.id(), off, n, idx.data());
        readRange(data.id(), off, n, val.data());
        for (int64_t i = 0; i < n; ++i) {
            while (colptr[col + 1] <= off + i) ++col;
            const int64_t dst = next[idx[i]]++;
            m.indices[dst] = static_cast<int32_t>(col);
            m.values[dst] = val[i];
        }
    }
    finishCsr(m, label);
    return m;
}

CsrMatrix readDenseAsCsr(Id dataset, const std::string& label) {
    const std::vector<int64_t> d = dims(dataset);
    if (d.size() != 2)
        throw InputError(label + ": expected a 2-D cells x genes matrix, found " + std::to_string(d.size()) +
                         " dimensions");
    const int64_t rows = d[0], cols = d[1];
    checkShape(rows, cols, label);
    const int64_t blockRows = std::clamp<int64_t>(kBlock / std::max<int64_t>(cols, 1), 1, 1024);
    std::vector<float> buf(static_cast<size_t>(std::min(blockRows, std::max<int64_t>(rows, 1)) * cols));
    CsrMatrix m;
    m.rows = rows;
    m.cols = cols;
    m.indptr.reserve(static_cast<size_t>(rows + 1));
    for (int64_t r0 = 0; r0 < rows; r0 += blockRows) {
        const int64_t n = std::min(blockRows, rows - r0);
        readRows(dataset, r0, n, buf.data());
        for (int64_t i = 0; i < n; ++i) {
            const float* p = buf.data() + i * cols;
            for (int64_t c = 0; c < cols; ++c) {
                if (!std::isfinite(p[c])) notFinite(label, r0 + i, c, p[c]);
                if (p[c] != 0.0f) {
                    m.indices.push_back(static_cast<int32_t>(c));
                    m.values.push_back(p[c]);
                }
            }
            m.indptr.push_back(static_cast<int64_t>(m.values.size()));
        }
    }
    // Growth may have left up to 2x capacity; give it back when it matters.
    if (m.values.capacity() > m.values.size() + m.values.size() / 4) {
        m.values.shrink_to_fit();
        m.indices.shrink_to_fit();
    }
    return m;
}

}  // namespace dm::h5
