#include "data/isolated_reader.h"

#include "common/error.h"
#include "common/interrupt.h"
#include "data/dataset_stream.h"
#include "data/hdf5_file.h"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>

extern char** environ;

namespace dm::isolation {

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

constexpr int kResultFd = 3;
// Names read from a damaged file may not be valid UTF-8: replace, never throw.
std::string dumpJson(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

constexpr int kProgressFd = 4;

std::mutex gMutex;
bool gEnabled = false;
Settings gSettings;

// ---- where the reader is, and its limits --------------------------------------------

std::string selfDir() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string() : exe.parent_path().string();
}

std::string findReader() {
    if (const char* env = std::getenv("DM_READER"); env && *env) return env;
    const std::string dir = selfDir();
    std::vector<std::string> candidates;
    if (!dir.empty()) {
        candidates.push_back(dir + "/deepmapper-reader");
        candidates.push_back(dir + "/../libexec/deepmapper-studio/deepmapper-reader");
    }
#ifdef DM_READER_BUILD_PATH
    candidates.push_back(DM_READER_BUILD_PATH);
#endif
    for (const auto& c : candidates)
        if (::access(c.c_str(), X_OK) == 0) return fs::path(c).lexically_normal().string();
    return {};
}

int64_t defaultMemoryLimit() {
    const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
    if (pages <= 0 || page <= 0) return 0;
    return static_cast<int64_t>(pages) * page / 4 * 3;
}

int envInt(const char* name, int fallback) {
    const char* v = std::getenv(name);
    if (!v || !*v) return fallback;
    char* end = nullptr;
    const long n = std::strtol(v, &end, 10);
    return end && *end == '\0' && n > 0 && n < INT32_MAX ? static_cast<int>(n) : fallback;
}

std::string gb(int64_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f GB", static_cast<double>(bytes) / (1 << 30));
    return buf;
}

// ---- the caller's side ----------------------------------------------------------------

class Fd {
public:
    explicit Fd(int fd = -1) : fd_(fd) {}
    ~Fd() { reset(); }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }
    void reset() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

private:
    int fd_;
};

// Above the descriptors the child's dup2 targets, so dup2 never maps an fd onto itself
// (which would keep its close-on-exec flag).
int highCloexec(int fd) {
    const int high = fcntl(fd, F_DUPFD_CLOEXEC, 10);
    ::close(fd);
    return high;
}

[[noreturn]] void damaged(const std::string& path, const std::string& object, const std::string& what) {
    throw InputError(path + ": the file looks damaged: " + what +
                     (object.empty() ? std::string() : " while reading " + object) +
                     ". Re-export it from scanpy/anndata (adata.write_h5ad) or CellRanger, or download it again");
}

std::string signalName(int sig) {
    switch (sig) {
        case SIGSEGV: return "a segmentation fault";
        case SIGBUS: return "a bus error";
        case SIGABRT: return "an abort";
        case SIGFPE: return "an arithmetic fault";
        case SIGILL: return "an illegal instruction";
        case SIGKILL: return "SIGKILL (out of memory or killed)";
        default: return std::string("signal ") + std::to_string(sig);
    }
}

struct ChildReport {
    std::string object;  // last object the reader said it was reading
    std::string error;   // the reader's own error message, when it caught one
    std::string errorKind;
    bool done = false;
};

void parseLine(const std::string& line, ChildReport& r) {
    const size_t sp = line.find(' ');
    const std::string tag = line.substr(0, sp);
    const std::string rest = sp == std::string::npos ? "" : line.substr(sp + 1);
    if (tag == "reading") {
        r.object = rest;
    } else if (tag == "done") {
        r.done = true;
    } else if (tag == "error") {
        const size_t sp2 = rest.find(' ');
        r.errorKind = rest.substr(0, sp2);
        try {
            r.error = json::parse(rest.substr(sp2 + 1)).get<std::string>();
        } catch (const std::exception&) {
            r.error = rest.substr(sp2 + 1);
        }
    }
}

// Runs the reader on `request`; returns the memfd holding its result.
// A stop request is the caller's InterruptScope (common/interrupt.h), polled every 100 ms.
bool interrupted() {
    try {
        interruptionPoint();
        return false;
    } catch (const Cancelled&) {
        return true;
    }
}

int runReader(const json& request, const std::string& path, const std::string& payload = {},
              const std::function<void(pid_t)>& cleanup = nullptr) {
    Settings s;
    {
        std::lock_guard<std::mutex> lock(gMutex);
        s = gSettings;
    }
    if (s.readerPath.empty() || ::access(s.readerPath.c_str(), X_OK) != 0)
        throw Error("cannot read " + path + ": the helper program deepmapper-reader was not found (looked beside the "
                    "application and in ../libexec/deepmapper-studio); reinstall DeepMapper Studio or set DM_READER");

    Fd result(memfd_create("deepmapper-reader-result", MFD_CLOEXEC));
    if (result.get() < 0) throw Error(std::string("cannot create the reader's result buffer: ") + std::strerror(errno));
    if (!payload.empty() && ::pwrite(result.get(), payload.data(), payload.size(), 0) != static_cast<ssize_t>(payload.size()))
        throw Error(std::string("cannot hand the request to the reader: ") + std::strerror(errno));
    Fd resultHigh(highCloexec(dup(result.get())));
    int pipeFds[2];
    if (pipe2(pipeFds, O_CLOEXEC) != 0) throw Error(std::string("cannot create a pipe: ") + std::strerror(errno));
    Fd progressRead(pipeFds[0]), progressWrite(highCloexec(pipeFds[1]));

    json req = request;
    req["parent"] = static_cast<int64_t>(getpid());
    req["memory_limit"] = s.memoryLimitBytes;
    const std::string reqText = dumpJson(req);
    std::vector<char*> argv = {const_cast<char*>(s.readerPath.c_str()), const_cast<char*>(reqText.c_str()), nullptr};

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, resultHigh.get(), kResultFd);
    posix_spawn_file_actions_adddup2(&actions, progressWrite.get(), kProgressFd);
    posix_spawn_file_actions_addclosefrom_np(&actions, kProgressFd + 1);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigfillset(&defaults);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, s.readerPath.c_str(), &actions, &attr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    progressWrite.reset();
    resultHigh.reset();
    if (rc != 0) throw Error("cannot start " + s.readerPath + ": " + std::strerror(rc));

    using Clock = std::chrono::steady_clock;
    ChildReport report;
    std::string pending;
    auto lastProgress = Clock::now();
    bool eof = false, stalled = false, stopped = false;
    int status = 0;
    bool exited = false;
    while (!exited) {
        if (!eof) {
            pollfd p{progressRead.get(), POLLIN, 0};
            const int n = poll(&p, 1, 100);
            if (n > 0) {
                char buf[4096];
                const ssize_t got = ::read(progressRead.get(), buf, sizeof buf);
                if (got > 0) {
                    pending.append(buf, static_cast<size_t>(got));
                    size_t nl;
                    while ((nl = pending.find('\n')) != std::string::npos) {
                        parseLine(pending.substr(0, nl), report);
                        pending.erase(0, nl + 1);
                    }
                    lastProgress = Clock::now();
                } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
                    eof = true;
                }
            }
        } else {
            usleep(10000);
        }
        const pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid) {
            exited = true;
            break;
        }
        if (interrupted()) stopped = true;
        else if (Clock::now() - lastProgress > std::chrono::seconds(s.stallSeconds)) stalled = true;
        if (stopped || stalled) {
            kill(pid, SIGKILL);
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
            exited = true;
        }
    }
    const bool succeeded = !stopped && !stalled && report.error.empty() && WIFEXITED(status) &&
                           WEXITSTATUS(status) == 0 && report.done;
    if (!succeeded && cleanup) cleanup(pid);  // e.g. the temporary file a killed writer left
    if (stopped) throw Cancelled();
    if (stalled)
        damaged(path, report.object,
                "the HDF5 library made no progress for " + std::to_string(s.stallSeconds) + " s (it hung)");
    if (!report.error.empty()) {
        if (report.errorKind == "input") throw InputError(report.error);
        if (report.errorKind == "memory")
            throw InputError(path + ": reading " + (report.object.empty() ? std::string("it") : report.object) +
                             " needs more than the " + gb(s.memoryLimitBytes) +
                             " memory limit: the file looks damaged (it claims an implausible size). Re-export or "
                             "download it again; if it really is this large, raise DM_READER_MEMORY_MB");
        throw Error(report.error);
    }
    if (WIFSIGNALED(status)) damaged(path, report.object, "the HDF5 library crashed with " + signalName(WTERMSIG(status)));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !report.done)
        damaged(path, report.object,
                "the reader stopped unexpectedly (exit code " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")");
    return ::dup(result.get());
}

std::string readAllText(int fd) {
    std::string out;
    char buf[65536];
    ssize_t n;
    off_t off = 0;
    while ((n = ::pread(fd, buf, sizeof buf, off)) > 0) {
        out.append(buf, static_cast<size_t>(n));
        off += n;
    }
    return out;
}

json requestFor(const char* op, const std::string& path, const LoadOptions& options) {
    return {{"op", op},
            {"path", path},
            {"matrix", options.h5ad.matrix},
            {"genome", options.tenx.genome},
            {"all_features", options.tenx.allFeatures}};
}

// ---- the annotate request: blobs [u64 count]([u64 size][bytes])... ---------------------
// blob 0: JSON (paths, matrix, uns strings, table keys); blob 1: the genes and var columns
// as a Dataset (geneNames = genes, obs = columns, one row per gene); then one Dataset per
// uns table (cellNames = index, obs = columns). The dataset stream carries columns
// exactly (NaN included), which JSON would not.

void putBlob(std::string& out, const std::string& blob) {
    const uint64_t n = blob.size();
    out.append(reinterpret_cast<const char*>(&n), sizeof n);
    out += blob;
}

std::vector<std::string> blobs(const std::string& in) {
    std::vector<std::string> out;
    size_t pos = 0;
    auto u64 = [&]() {
        uint64_t v = 0;
        if (in.size() - pos < sizeof v) throw Error("annotate request cut short");
        std::memcpy(&v, in.data() + pos, sizeof v);
        pos += sizeof v;
        return v;
    };
    const uint64_t count = u64();
    for (uint64_t i = 0; i < count; ++i) {
        const uint64_t n = u64();
        if (n > in.size() - pos) throw Error("annotate request cut short");
        out.push_back(in.substr(pos, n));
        pos += n;
    }
    return out;
}

Dataset tableAsDataset(const std::vector<std::string>& rows, const std::vector<Column>& columns) {
    Dataset d;
    d.X.rows = static_cast<int64_t>(rows.size());
    d.X.indptr.assign(rows.size() + 1, 0);
    d.cellNames = rows;
    for (const auto& c : columns) d.obs.add(c);
    return d;
}

std::string packAnnotation(const std::string& input, const std::string& output, const H5adAnnotation& a) {
    json head = {{"input", input}, {"output", output}, {"matrix", a.matrix}, {"uns", a.unsStrings}};
    head["tables"] = json::array();
    for (const auto& t : a.unsTables) head["tables"].push_back(t.key);
    std::string out;
    const uint64_t count = 3 + a.unsTables.size();
    out.append(reinterpret_cast<const char*>(&count), sizeof count);
    putBlob(out, dumpJson(head));
    putBlob(out, datasetToBytes(tableAsDataset(a.genes, a.varColumns)));
    putBlob(out, datasetToBytes(tableAsDataset(a.cells, a.obsColumns)));
    for (const auto& t : a.unsTables) putBlob(out, datasetToBytes(tableAsDataset(t.index, t.columns)));
    return out;
}

H5adAnnotation unpackAnnotation(const std::string& payload, std::string& input, std::string& output) {
    const std::vector<std::string> b = blobs(payload);
    if (b.size() < 3) throw Error("annotate request incomplete");
    const json head = json::parse(b[0]);
    input = head.at("input");
    output = head.at("output");
    H5adAnnotation a;
    a.matrix = head.at("matrix");
    a.unsStrings = head.at("uns").get<std::vector<std::pair<std::string, std::string>>>();
    Dataset genes = datasetFromBytes(b[1], "annotate request");
    a.genes = genes.cellNames;
    a.varColumns = genes.obs.columns();
    Dataset cells = datasetFromBytes(b[2], "annotate request");
    a.cells = cells.cellNames;
    a.obsColumns = cells.obs.columns();
    const auto keys = head.at("tables").get<std::vector<std::string>>();
    if (keys.size() + 3 != b.size()) throw Error("annotate request incomplete");
    for (size_t i = 0; i < keys.size(); ++i) {
        Dataset t = datasetFromBytes(b[3 + i], "annotate request");
        a.unsTables.push_back({keys[i], t.cellNames, t.obs.columns()});
    }
    return a;
}

// ---- InputSummary as JSON (the reader's answer to inspect) ---------------------------

json summaryToJson(const InputSummary& s) {
    json j = {{"path", s.path},   {"format", s.format}, {"cells", s.cells},         {"genes", s.genes},
              {"chosen", s.chosen}, {"nnz", s.nnz},     {"density", s.density},     {"min", s.minValue},
              {"max", s.maxValue}, {"counts", s.looksLikeCounts}, {"sampled", s.sampledValues},
              {"first_cells", s.firstCells}, {"first_genes", s.firstGenes}, {"var_columns", s.varColumns}};
    j["matrices"] = json::array();
    for (const auto& m : s.matrices)
        j["matrices"].push_back({{"name", m.name}, {"rows", m.rows}, {"cols", m.cols}, {"storage", m.storage},
                                 {"dtype", m.dtype}, {"stored", m.stored}});
    j["embeddings"] = json::array();
    for (const auto& e : s.embeddings) j["embeddings"].push_back({{"name", e.name}, {"rows", e.rows}, {"cols", e.cols}});
    j["obs"] = json::array();
    for (const auto& c : s.obs)
        j["obs"].push_back({{"name", c.name}, {"kind", c.kind}, {"categories", c.categories}, {"counts", c.counts},
                            {"missing", c.missing}, {"distinct", c.distinct}, {"looks_numeric", c.looksNumeric},
                            {"too_many_classes", c.tooManyClasses}});
    return j;
}

std::vector<H5adMatrixInfo> matricesFromJson(const json& a) {
    std::vector<H5adMatrixInfo> out;
    for (const auto& m : a) {
        H5adMatrixInfo i;
        i.name = m.at("name");
        i.rows = m.at("rows");
        i.cols = m.at("cols");
        i.storage = m.at("storage");
        i.dtype = m.at("dtype");
        i.stored = m.at("stored");
        out.push_back(i);
    }
    return out;
}

InputSummary summaryFromJson(const json& j) {
    InputSummary s;
    s.path = j.at("path");
    s.format = j.at("format");
    s.cells = j.at("cells");
    s.genes = j.at("genes");
    s.chosen = j.at("chosen");
    s.nnz = j.at("nnz");
    s.density = j.at("density");
    s.minValue = j.at("min");
    s.maxValue = j.at("max");
    s.looksLikeCounts = j.at("counts");
    s.sampledValues = j.at("sampled");
    s.firstCells = j.at("first_cells").get<std::vector<std::string>>();
    s.firstGenes = j.at("first_genes").get<std::vector<std::string>>();
    s.varColumns = j.at("var_columns").get<std::vector<std::string>>();
    s.matrices = matricesFromJson(j.at("matrices"));
    for (const auto& e : j.at("embeddings")) s.embeddings.push_back({e.at("name"), e.at("rows"), e.at("cols")});
    for (const auto& c : j.at("obs")) {
        ColumnSummary cs;
        cs.name = c.at("name");
        cs.kind = c.at("kind");
        cs.categories = c.at("categories").get<std::vector<std::string>>();
        cs.counts = c.at("counts").get<std::vector<int64_t>>();
        cs.missing = c.at("missing");
        cs.distinct = c.at("distinct");
        cs.looksNumeric = c.value("looks_numeric", false);
        cs.tooManyClasses = c.value("too_many_classes", std::string());
        s.obs.push_back(cs);
    }
    return s;
}

json parseResultJson(int fd, const std::string& path) {
    try {
        return json::parse(readAllText(fd));
    } catch (const std::exception& e) {
        throw Error(path + ": the reader's answer could not be understood (" + e.what() + "); try again");
    }
}

// ---- the reader's side ----------------------------------------------------------------

void writeLine(const std::string& line) {
    std::string s = line + "\n";
    const char* p = s.data();
    size_t n = s.size();
    while (n > 0) {
        const ssize_t w = ::write(kProgressFd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) _exit(3);  // the caller is gone
        p += w;
        n -= static_cast<size_t>(w);
    }
}

void reportReading(const std::string& object) { writeLine("reading " + object); }

void writeText(const std::string& text) {
    const char* p = text.data();
    size_t n = text.size();
    while (n > 0) {
        const ssize_t w = ::write(kResultFd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) throw Error(std::string("cannot hand the result to the application: ") + std::strerror(errno));
        p += w;
        n -= static_cast<size_t>(w);
    }
}

void limitSelf(const json& req) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (req.value("parent", int64_t(0)) != static_cast<int64_t>(getppid())) _exit(3);  // parent already gone
    rlimit core{0, 0};
    setrlimit(RLIMIT_CORE, &core);  // a crash on a damaged file is expected: no core dump
    const int64_t mem = req.value("memory_limit", int64_t(0));
#if defined(__SANITIZE_ADDRESS__)
    (void)mem;  // AddressSanitizer reserves terabytes of address space up front
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    (void)mem;
#else
    if (mem > 0) {
        rlimit as{static_cast<rlim_t>(mem), static_cast<rlim_t>(mem)};
        setrlimit(RLIMIT_AS, &as);
    }
#endif
#else
    if (mem > 0) {
        rlimit as{static_cast<rlim_t>(mem), static_cast<rlim_t>(mem)};
        setrlimit(RLIMIT_AS, &as);
    }
#endif
}

void serve(const json& req) {
    const std::string op = req.at("op");
    const std::string path = req.at("path");
    LoadOptions options;
    options.h5ad.matrix = req.value("matrix", std::string("auto"));
    options.tenx.genome = req.value("genome", std::string());
    options.tenx.allFeatures = req.value("all_features", false);
    if (op == "load") {
        writeDatasetStream(dm::loadDataset(path, options), kResultFd);
    } else if (op == "inspect") {
        writeText(dumpJson(summaryToJson(dm::inspectInput(path, options))));
    } else if (op == "matrices") {
        json a = json::array();
        for (const auto& m : dm::listH5adMatrices(path))
            a.push_back({{"name", m.name}, {"rows", m.rows}, {"cols", m.cols}, {"storage", m.storage},
                         {"dtype", m.dtype}, {"stored", m.stored}});
        writeText(dumpJson(a));
    } else if (op == "annotate") {
        std::string input, output;
        const H5adAnnotation a = unpackAnnotation(readAllText(kResultFd), input, output);
        const bool copied = dm::writeAnnotatedCopy(input, output, a);
        if (ftruncate(kResultFd, 0) != 0) throw Error("cannot reset the result buffer");
        lseek(kResultFd, 0, SEEK_SET);
        writeText(copied ? "true" : "false");
    } else {
        throw Error("unknown request '" + op + "'");
    }
}

}  // namespace

void enable() {
    Settings s;
    s.readerPath = findReader();
    s.stallSeconds = envInt("DM_READER_STALL_SECONDS", s.stallSeconds);
    const int mb = envInt("DM_READER_MEMORY_MB", 0);
    s.memoryLimitBytes = mb > 0 ? int64_t(mb) << 20 : defaultMemoryLimit();
    enable(s);
}

void enable(const Settings& settings) {
    std::lock_guard<std::mutex> lock(gMutex);
    gSettings = settings;
    gEnabled = true;
}

void disable() {
    std::lock_guard<std::mutex> lock(gMutex);
    gEnabled = false;
}

bool enabled() {
    std::lock_guard<std::mutex> lock(gMutex);
    return gEnabled;
}

const Settings& settings() { return gSettings; }

bool isHdf5Input(const std::string& path) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return false;
    std::string ext = fs::path(path).extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext == ".h5ad" || ext == ".h5";
}

Dataset loadDataset(const std::string& path, const LoadOptions& options) {
    Fd result(runReader(requestFor("load", path, options), path));
    return readDatasetStream(result.get(), path, true);
}

InputSummary inspectInput(const std::string& path, const LoadOptions& options) {
    Fd result(runReader(requestFor("inspect", path, options), path));
    try {
        return summaryFromJson(parseResultJson(result.get(), path));
    } catch (const json::exception& e) {
        throw Error(path + ": the reader's summary is incomplete (" + e.what() + "); try again");
    }
}

std::vector<H5adMatrixInfo> listH5adMatrices(const std::string& path) {
    Fd result(runReader(requestFor("matrices", path, LoadOptions{}), path));
    try {
        return matricesFromJson(parseResultJson(result.get(), path));
    } catch (const json::exception& e) {
        throw Error(path + ": the reader's list of matrices is incomplete (" + e.what() + "); try again");
    }
}

bool writeAnnotatedCopy(const std::string& inputPath, const std::string& outputPath, const H5adAnnotation& annotation) {
    const json request = {{"op", "annotate"}, {"path", inputPath}};
    // A reader killed mid-copy never reaches its AtomicPath destructor: remove its
    // temporary sibling (named output.tmp-<pid>-N by AtomicPath) here.
    auto removeTemp = [&outputPath](pid_t pid) {
        const fs::path out(outputPath);
        const std::string prefix = out.filename().string() + ".tmp-" + std::to_string(pid) + "-";
        std::error_code ec;
        const fs::path dir = out.has_parent_path() ? out.parent_path() : fs::path(".");
        for (const auto& e : fs::directory_iterator(dir, ec))
            if (e.path().filename().string().rfind(prefix, 0) == 0) fs::remove(e.path(), ec);
    };
    Fd result(runReader(request, inputPath, packAnnotation(inputPath, outputPath, annotation), removeTemp));
    return readAllText(result.get()) == "true";
}

int readerMain(int argc, char** argv) {
    if (argc != 2 || fcntl(kResultFd, F_GETFD) < 0 || fcntl(kProgressFd, F_GETFD) < 0) {
        const char msg[] = "deepmapper-reader is started by deepmapper and deepmapper-studio, not by hand\n";
        (void)!::write(2, msg, sizeof msg - 1);
        return 64;
    }
    try {
        const json req = json::parse(argv[1]);
        limitSelf(req);
        h5::setReadObserver(reportReading);
        serve(req);
        writeLine("done");
        return 0;
    } catch (const std::bad_alloc&) {
        writeLine("error memory \"out of memory\"");
    } catch (const std::length_error&) {  // a vector longer than the address space: a damaged size
        writeLine("error memory \"out of memory\"");
    } catch (const InputError& e) {
        writeLine(std::string("error input ") + dumpJson(json(e.what())));
    } catch (const std::exception& e) {
        writeLine(std::string("error other ") + dumpJson(json(e.what())));
    }
    return 2;
}

}  // namespace dm::isolation
