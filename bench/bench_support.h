#pragma once
// Small helpers shared by the benchmark programs: timing, machine load, memory, lists,
// command lines.
#include "common/build_info.h"
#include "data/csr_matrix.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace dm::bench {

inline double seconds(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// "1.05 0.98 0.77": printed beside every figure, since other work on the machine skews it.
inline std::string loadAverage() {
    std::ifstream in("/proc/loadavg");
    std::string a, b, c;
    in >> a >> b >> c;
    return a + " " + b + " " + c;
}

// A field of /proc/self/status in MB (VmRSS, VmHWM).
inline double procStatusMB(const std::string& field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(field + ":", 0) == 0) return std::atof(line.c_str() + field.size() + 1) / 1024.0;
    return 0;
}

// Resets VmHWM to the current RSS (Linux >= 4.0), so the peak that follows is the run's.
inline bool resetPeakRss() {
    std::ofstream out("/proc/self/clear_refs");
    out << "5";
    return bool(out.flush());
}

// The process's peak RSS so far (getrusage), in MB.
inline double maxRssMB() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;  // kB on Linux
}

// Random CSR straight into the arrays (xorshift, column steps of mean 1/density): fast
// at hundreds of millions of non-zeros, unlike a per-entry Bernoulli draw, and reserved
// up front so no vector doubles. Values are k * valueStep, k in 1..20.
inline dm::CsrMatrix randomCsr(int64_t rows, int64_t cols, double density, uint64_t seed, float valueStep) {
    uint64_t s = seed | 1;
    auto next = [&s] {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        return s;
    };
    const uint64_t maxStep = static_cast<uint64_t>(std::max(1.0, 2.0 / density - 1.0));  // mean (1 + maxStep) / 2
    dm::CsrMatrix m;
    m.rows = rows;
    m.cols = cols;
    const auto expected = static_cast<size_t>(static_cast<double>(rows) * static_cast<double>(cols) * density * 1.02);
    m.indices.reserve(expected);
    m.values.reserve(expected);
    m.indptr.reserve(static_cast<size_t>(rows + 1));  // indptr starts as {0}
    for (int64_t r = 0; r < rows; ++r) {
        for (int64_t c = static_cast<int64_t>(next() % maxStep); c < cols;
             c += 1 + static_cast<int64_t>(next() % maxStep)) {
            m.indices.push_back(static_cast<int32_t>(c));
            m.values.push_back(static_cast<float>(1 + next() % 20) * valueStep);
        }
        m.indptr.push_back(static_cast<int64_t>(m.values.size()));
    }
    return m;
}

// Walks a command line flag by flag: next() moves to the following flag, value() takes
// the flag's argument or throws "<flag> needs a value".
class ArgWalker {
public:
    ArgWalker(int argc, char** argv) : argc_(argc), argv_(argv) {}
    bool next() {
        if (++i_ >= argc_) return false;
        flag_ = argv_[i_];
        return true;
    }
    const std::string& flag() const { return flag_; }
    std::string value() {
        if (i_ + 1 >= argc_) throw std::runtime_error(flag_ + " needs a value");
        return argv_[++i_];
    }

private:
    int argc_;
    char** argv_;
    int i_ = 0;
    std::string flag_;
};

inline std::vector<std::string> splitList(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, ','))
        if (!item.empty()) out.push_back(item);
    return out;
}

// The shared reference folder: $DM_SHARED_DIR, else ../shared beside the checkout.
inline std::string sharedDir() {
    const char* env = std::getenv("DM_SHARED_DIR");
    return env && *env ? env : DM_SHARED_DIR_DEFAULT;
}

}  // namespace dm::bench
