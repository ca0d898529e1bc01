#pragma once
// Line-by-line reading of a text file that may be gzip-compressed (10x writes
// features.tsv.gz, barcodes.tsv.gz, matrix.mtx.gz). zlib reads plain files transparently,
// so one reader serves both. A damaged or truncated gzip stream is an InputError naming
// the file and the line, never a silently short read.
#include <cstdint>
#include <string>
#include <vector>

namespace dm {

class GzLineReader {
public:
    // Throws InputError if the file cannot be opened.
    explicit GzLineReader(const std::string& path);
    ~GzLineReader();
    GzLineReader(const GzLineReader&) = delete;
    GzLineReader& operator=(const GzLineReader&) = delete;

    // Reads the next line into `line` without its line ending ("\n" or "\r\n").
    // Returns false at the end of the file; throws InputError on a corrupt stream.
    bool next(std::string& line);
    // 1-based number of the line last returned by next(); 0 before the first.
    int64_t lineNumber() const { return line_; }
    const std::string& path() const { return path_; }

private:
    [[noreturn]] void fail(const std::string& zlibMessage) const;

    std::string path_;
    void* file_ = nullptr;  // gzFile, kept opaque so zlib.h stays out of this header
    int64_t line_ = 0;
};

// Convenience: every line of a (possibly gzipped) file.
std::vector<std::string> readAllLines(const std::string& path);

}  // namespace dm
