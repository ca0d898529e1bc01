#pragma once
// Small helpers shared by the benchmark programs: timing, machine load, memory, lists.
#include "common/build_info.h"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
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
