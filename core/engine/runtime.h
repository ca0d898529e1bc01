#pragma once
// Process-wide settings of the numeric runtime, and what it reports about itself.
#include <string>

namespace dm {

struct RuntimeInfo {
    std::string appVersion;
    std::string torchVersion;
    std::string hdf5Version;
    std::string blas;      // the BLAS library LibTorch's matrix multiplies resolve to
    int threads = 1;       // LibTorch intra-op threads in use
    bool cudaAvailable = false;
};

// Threads for "one per core": the cores other work is not already using, at least one,
// measured from /proc/stat over 0.1 s (so the call takes that long). LibTorch's OpenMP
// threads spin while they wait for each other, so a thread whose core is taken by another
// process stalls every step: on 2 cores at load 4, cnn_small trained 6x slower with 2
// threads than with 1 (quiet: 1.45x faster).
int automaticThreads();

// The rule behind it: cores minus the busy ones (rounded), at least one.
int threadsForBusyCores(int cores, double busyCores);

// Sets LibTorch's intra-op threads (threads <= 0: automaticThreads()) and keeps large
// allocations inside the process: glibc otherwise returns every big block to the kernel
// and each training step pays page faults for fresh batch tensors (measured 4.5x slower).
// Idempotent; call once before training.
void configureRuntime(int threads = 0);

RuntimeInfo runtimeInfo();

// Multi-line human-readable version report (for --version and About).
std::string versionReport(const std::string& qtVersion = "");

}  // namespace dm
