#include "engine/runtime.h"

#include "common/build_info.h"
#include "common/hdf5_info.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <malloc.h>
#include <thread>

namespace dm {

namespace {
std::string resolveBlas() {
    // Debian's LibTorch calls whatever libblas.so.3 the alternatives system selects.
    namespace fs = std::filesystem;
    for (const char* link : {"/etc/alternatives/libblas.so.3-x86_64-linux-gnu",
                             "/etc/alternatives/libblas.so.3-aarch64-linux-gnu"}) {
        std::error_code ec;
        fs::path target = fs::read_symlink(link, ec);
        if (ec) continue;
        const std::string t = target.string();
        if (t.find("openblas-openmp") != std::string::npos) return "OpenBLAS (OpenMP) " + t;
        if (t.find("openblas-pthread") != std::string::npos) return "OpenBLAS (pthreads) " + t;
        if (t.find("openblas") != std::string::npos) return "OpenBLAS " + t;
        if (t.find("blis") != std::string::npos) return "BLIS " + t;
        if (t.find("mkl") != std::string::npos) return "MKL " + t;
        return "reference BLAS (slow; install libopenblas0-openmp) " + t;
    }
    return "unknown (no libblas.so.3 alternative found)";
}
}  // namespace

void configureRuntime(int threads) {
    torch::set_num_threads(threads > 0 ? threads : automaticThreads());
    static bool mallocTuned = false;
    if (!mallocTuned) {
        mallopt(M_MMAP_THRESHOLD, 1 << 30);  // serve big blocks from the heap, not fresh mmaps
        mallopt(M_TRIM_THRESHOLD, 1 << 30);  // and do not hand freed heap back at once
        mallocTuned = true;
    }
}

RuntimeInfo runtimeInfo() {
    RuntimeInfo info;
    info.appVersion = DM_VERSION;
    info.torchVersion = TORCH_VERSION;
    info.hdf5Version = hdf5Version();
    info.blas = resolveBlas();
    info.threads = torch::get_num_threads();
    info.cudaAvailable = torch::cuda::is_available();
    return info;
}

std::string versionReport(const std::string& qtVersion) {
    const RuntimeInfo i = runtimeInfo();
    std::string s = i.appVersion + " (DeepMapper Studio)\n";
    s += "LibTorch " + i.torchVersion + (i.cudaAvailable ? " (CUDA available)" : " (CPU)") + "\n";
    if (!qtVersion.empty()) s += "Qt " + qtVersion + "\n";
    s += "HDF5 " + i.hdf5Version + "\n";
    s += "BLAS " + i.blas + "\n";
    s += "threads " + std::to_string(i.threads) + "\n";
    return s;
}

}  // namespace dm
