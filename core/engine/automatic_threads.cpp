// automaticThreads (engine/runtime.h) on its own, without LibTorch: the commands that never
// train (`deepmapper markers`) pick their thread count with it and must not link LibTorch
// (loading it and its ~280 libraries costs more than the whole markers computation).
#include "engine/runtime.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <string>
#include <thread>

namespace dm {

namespace {
// Jiffies the CPUs spent busy and in all, from /proc/stat's summary line; {0, 0} when it
// cannot be read. Waiting for I/O counts as idle; time stolen by a hypervisor as busy.
struct CpuTimes {
    unsigned long long busy = 0, total = 0;
};
CpuTimes readCpuTimes() {
    std::ifstream in("/proc/stat");
    std::string label;
    unsigned long long user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
    if (!(in >> label >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal) || label != "cpu")
        return {};
    const unsigned long long busy = user + nice + system + irq + softirq + steal;
    return {busy, busy + idle + iowait};
}
}  // namespace

int threadsForBusyCores(int cores, double busyCores) {
    return std::clamp(cores - static_cast<int>(std::lround(busyCores)), 1, std::max(1, cores));
}

int automaticThreads() {
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    // How busy the CPUs are right now, over a tenth of a second. Not the load average:
    // that still counts work which ended a minute ago (a previous run of ours), and a
    // second run started right after the first then took one thread on an idle machine.
    const CpuTimes before = readCpuTimes();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const CpuTimes after = readCpuTimes();
    if (after.total <= before.total) return cores;  // no /proc/stat: assume the cores are ours
    const double busyShare = double(after.busy - before.busy) / double(after.total - before.total);
    return threadsForBusyCores(cores, busyShare * cores);
}

}  // namespace dm
