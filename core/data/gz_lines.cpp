#include "data/gz_lines.h"

#include "common/error.h"
#include "common/interrupt.h"

#include <zlib.h>

#include <cerrno>
#include <cstring>

namespace dm {

namespace {
gzFile asGz(void* f) { return static_cast<gzFile>(f); }
}  // namespace

GzLineReader::GzLineReader(const std::string& path) : path_(path) {
    file_ = gzopen(path.c_str(), "rb");
    if (!file_)
        throw InputError("cannot open '" + path + "': " + std::strerror(errno) +
                         "; check that the file exists and is readable");
    // A larger buffer makes a multi-gigabyte matrix.mtx.gz noticeably faster to read.
    gzbuffer(asGz(file_), 1 << 18);
}

GzLineReader::~GzLineReader() {
    if (file_) gzclose(asGz(file_));
}

void GzLineReader::fail(const std::string& zlibMessage) const {
    throw InputError("'" + path_ + "' is damaged near line " + std::to_string(line_ + 1) + " (" + zlibMessage +
                     "): the gzip stream is corrupt or the file was cut short; copy or download it again");
}

bool GzLineReader::next(std::string& line) {
    line.clear();
    if ((line_ & 0xFFFF) == 0) interruptionPoint();  // a reader can be stopped every 65,536 lines
    char buf[8192];
    bool gotAny = false;
    // gzgets stops at a newline or a full buffer; long lines take several calls.
    while (true) {
        char* r = gzgets(asGz(file_), buf, sizeof buf);
        if (!r) {
            int code = Z_OK;
            const char* msg = gzerror(asGz(file_), &code);
            if (code != Z_OK && code != Z_STREAM_END) fail(msg ? msg : "zlib error");
            break;
        }
        gotAny = true;
        const size_t n = std::strlen(buf);
        line.append(buf, n);
        if (n > 0 && buf[n - 1] == '\n') break;
    }
    if (!gotAny) {
        // gzgets reports a truncated stream only once it runs dry; check again at the end.
        int code = Z_OK;
        const char* msg = gzerror(asGz(file_), &code);
        if (code != Z_OK && code != Z_STREAM_END) fail(msg ? msg : "zlib error");
        return false;
    }
    if (line.empty() || line.back() != '\n') {
        // No line ending: the end of the data. A truncated stream must be reported before
        // its partial last line is handed to a parser that would misreport it.
        int code = Z_OK;
        const char* msg = gzerror(asGz(file_), &code);
        if (code != Z_OK && code != Z_STREAM_END) fail(msg ? msg : "zlib error");
    }
    if (!line.empty() && line.back() == '\n') line.pop_back();
    if (!line.empty() && line.back() == '\r') line.pop_back();
    ++line_;
    return true;
}

std::vector<std::string> readAllLines(const std::string& path) {
    GzLineReader reader(path);
    std::vector<std::string> lines;
    std::string line;
    while (reader.next(line)) lines.push_back(line);
    return lines;
}

}  // namespace dm
