#include "data/dataset_stream.h"

#include "common/error.h"
#include "common/interrupt.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>

namespace dm {

namespace {

constexpr char kMagic[8] = {'D', 'M', 'D', 'S', 'E', 'T', '0', '1'};
constexpr char kEnd[8] = {'D', 'M', 'D', 'S', 'E', 'N', 'D', '.'};
constexpr size_t kChunk = size_t(16) << 20;

// ---- writing ------------------------------------------------------------------------

class Sink {
public:
    explicit Sink(std::function<void(const char*, size_t)> put) : put_(std::move(put)) {}
    void bytes(const void* p, size_t n) {
        const char* c = static_cast<const char*>(p);
        while (n > 0) {
            const size_t k = std::min(n, kChunk);
            put_(c, k);
            c += k;
            n -= k;
        }
    }
    void u64(uint64_t v) { bytes(&v, sizeof v); }
    template <typename T>
    void array(std::vector<T>& v, bool release) {
        u64(v.size());
        bytes(v.data(), v.size() * sizeof(T));
        if (release) std::vector<T>().swap(v);
    }
    void string(const std::string& s) {
        u64(s.size());
        bytes(s.data(), s.size());
    }
    void strings(std::vector<std::string>& v, bool release) {
        u64(v.size());
        for (const auto& s : v) string(s);
        if (release) std::vector<std::string>().swap(v);
    }

private:
    std::function<void(const char*, size_t)> put_;
};

void writeAll(Sink& out, Dataset& ds, bool release) {
    out.bytes(kMagic, sizeof kMagic);
    out.u64(static_cast<uint64_t>(ds.X.rows));
    out.u64(static_cast<uint64_t>(ds.X.cols));
    out.array(ds.X.indptr, release);
    out.array(ds.X.indices, release);
    out.array(ds.X.values, release);
    out.strings(ds.geneNames, release);
    out.strings(ds.geneIds, release);
    out.strings(ds.cellNames, release);
    out.u64(ds.obs.columns().size());
    for (const Column& c0 : ds.obs.columns()) {
        Column c = c0;  // columns are small next to the matrix
        out.string(c.name);
        const uint8_t kind = static_cast<uint8_t>(c.kind), ordered = c.ordered ? 1 : 0;
        out.bytes(&kind, 1);
        out.bytes(&ordered, 1);
        out.strings(c.categories, false);
        out.array(c.codes, false);
        out.array(c.numbers, false);
        out.strings(c.strings, false);
    }
    out.u64(ds.embeddings.size());
    for (Embedding& e : ds.embeddings) {
        out.string(e.name);
        out.string(e.origin);
        out.u64(static_cast<uint64_t>(e.rows));
        out.u64(static_cast<uint64_t>(e.cols));
        out.array(e.values, release);
        out.strings(e.componentNames, release);
    }
    out.string(ds.source);
    out.string(ds.matrix);
    out.bytes(kEnd, sizeof kEnd);
}

// ---- reading ------------------------------------------------------------------------

[[noreturn]] void cut(const std::string& what, const std::string& detail) {
    throw Error(what + ": the reader's result is incomplete or inconsistent (" + detail +
                "); this is a bug or the reader process was interrupted: try again");
}

class Source {
public:
    Source(std::function<void(char*, size_t, uint64_t)> get, uint64_t size, std::string what)
        : get_(std::move(get)), size_(size), what_(std::move(what)) {}
    std::function<void(uint64_t)> consumed;  // called with the offset read up to

    uint64_t remaining() const { return size_ - pos_; }
    void bytes(void* p, uint64_t n) {
        if (n > remaining()) cut(what_, "needs " + std::to_string(n) + " bytes, " + std::to_string(remaining()) + " left");
        char* c = static_cast<char*>(p);
        while (n > 0) {
            const size_t k = static_cast<size_t>(std::min<uint64_t>(n, kChunk));
            get_(c, k, pos_);
            pos_ += k;
            c += k;
            n -= k;
            if (consumed) consumed(pos_);
        }
    }
    uint64_t u64() {
        uint64_t v = 0;
        bytes(&v, sizeof v);
        return v;
    }
    // A count of items each at least `minBytes` long, checked against what remains.
    size_t count(uint64_t minBytes, const char* field) {
        const uint64_t n = u64();
        if (minBytes > 0 && n > remaining() / minBytes)
            cut(what_, std::string(field) + " claims " + std::to_string(n) + " items");
        return static_cast<size_t>(n);
    }
    template <typename T>
    void array(std::vector<T>& v, const char* field) {
        v.resize(count(sizeof(T), field));
        bytes(v.data(), v.size() * sizeof(T));
    }
    std::string string(const char* field) {
        std::string s(count(1, field), '\0');
        bytes(s.data(), s.size());
        return s;
    }
    void strings(std::vector<std::string>& v, const char* field) {
        v.resize(count(sizeof(uint64_t), field));
        for (auto& s : v) s = string(field);
    }
    const std::string& what() const { return what_; }

private:
    std::function<void(char*, size_t, uint64_t)> get_;
    uint64_t size_ = 0, pos_ = 0;
    std::string what_;
};

Dataset readAll(Source& in) {
    char magic[8];
    in.bytes(magic, sizeof magic);
    if (std::memcmp(magic, kMagic, sizeof magic) != 0) cut(in.what(), "no dataset header");
    Dataset ds;
    ds.X.rows = static_cast<int64_t>(in.u64());
    ds.X.cols = static_cast<int64_t>(in.u64());
    in.array(ds.X.indptr, "indptr");
    in.array(ds.X.indices, "indices");
    in.array(ds.X.values, "values");
    in.strings(ds.geneNames, "gene names");
    in.strings(ds.geneIds, "gene ids");
    in.strings(ds.cellNames, "cell names");
    const size_t columns = in.count(16, "obs columns");
    for (size_t i = 0; i < columns; ++i) {
        Column c;
        c.name = in.string("column name");
        uint8_t kind = 0, ordered = 0;
        in.bytes(&kind, 1);
        in.bytes(&ordered, 1);
        if (kind > static_cast<uint8_t>(Column::Kind::String)) cut(in.what(), "unknown column kind");
        c.kind = static_cast<Column::Kind>(kind);
        c.ordered = ordered != 0;
        in.strings(c.categories, "categories");
        in.array(c.codes, "codes");
        in.array(c.numbers, "numbers");
        in.strings(c.strings, "strings");
        for (int32_t code : c.codes)
            if (code < -1 || code >= static_cast<int64_t>(c.categories.size())) cut(in.what(), "category code out of range");
        ds.obs.add(std::move(c));
    }
    const size_t embeddings = in.count(32, "embeddings");
    for (size_t i = 0; i < embeddings; ++i) {
        Embedding e;
        e.name = in.string("embedding name");
        e.origin = in.string("embedding origin");
        e.rows = static_cast<int64_t>(in.u64());
        e.cols = static_cast<int64_t>(in.u64());
        in.array(e.values, "embedding values");
        in.strings(e.componentNames, "component names");
        if (e.rows < 0 || e.cols < 0 || e.rows != ds.X.rows ||
            static_cast<uint64_t>(e.values.size()) != static_cast<uint64_t>(e.rows) * static_cast<uint64_t>(e.cols))
            cut(in.what(), "embedding " + e.name + " does not match its shape");
        ds.embeddings.push_back(std::move(e));
    }
    ds.source = in.string("source");
    ds.matrix = in.string("matrix");
    in.bytes(magic, sizeof magic);
    if (std::memcmp(magic, kEnd, sizeof magic) != 0 || in.remaining() != 0) cut(in.what(), "no end marker");
    if (ds.X.rows < 0 || ds.X.cols < 0 || ds.X.indptr.size() != static_cast<size_t>(ds.X.rows) + 1)
        cut(in.what(), "shape and indptr disagree");
    ds.validate();  // the matrix structure (indptr monotone, indices in range) and every length
    return ds;
}

}  // namespace

void writeDatasetStream(Dataset&& ds, int fd) {
    Sink out([fd](const char* p, size_t n) {
        while (n > 0) {
            const ssize_t w = ::write(fd, p, n);
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) throw Error(std::string("cannot hand the dataset to the application: ") + std::strerror(errno));
            p += w;
            n -= static_cast<size_t>(w);
        }
    });
    writeAll(out, ds, true);
}

Dataset readDatasetStream(int fd, const std::string& what, bool punchHoles) {
    struct stat st {};
    if (fstat(fd, &st) != 0) throw Error(what + ": cannot read the reader's result: " + std::strerror(errno));
    Source in(
        [fd, &what](char* p, size_t n, uint64_t off) {
            while (n > 0) {
                const ssize_t r = ::pread(fd, p, n, static_cast<off_t>(off));
                if (r < 0 && errno == EINTR) continue;
                if (r <= 0) cut(what, "short read");
                p += r;
                off += static_cast<uint64_t>(r);
                n -= static_cast<size_t>(r);
            }
        },
        static_cast<uint64_t>(st.st_size), what);
    uint64_t released = 0;
    in.consumed = [fd, &released, punchHoles](uint64_t pos) {
        interruptionPoint();
        if (!punchHoles) return;
        const uint64_t upTo = pos & ~uint64_t(4095);  // whole pages only
        if (upTo <= released) return;
        // Best effort: a file system without hole punching just keeps the bytes.
        (void)fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, static_cast<off_t>(released),
                        static_cast<off_t>(upTo - released));
        released = upTo;
    };
    return readAll(in);
}

std::string datasetToBytes(const Dataset& ds) {
    std::string out;
    Sink sink([&out](const char* p, size_t n) { out.append(p, n); });
    Dataset copy = ds;
    writeAll(sink, copy, false);
    return out;
}

Dataset datasetFromBytes(const std::string& bytes, const std::string& what) {
    Source in([&bytes](char* p, size_t n, uint64_t off) { std::memcpy(p, bytes.data() + off, n); }, bytes.size(),
              what);
    return readAll(in);
}

}  // namespace dm
