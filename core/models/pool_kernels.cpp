#include "models/pool_kernels.h"

#include <algorithm>
#include <cstring>
#include <utility>

#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
#include <immintrin.h>  // masked loads of a row's last block (pool_kernels.inc)
#endif

// CMake compiles this file with -ffp-contract=fast so multiply-adds become FMAs.

namespace dm::pool_kernels {

namespace {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"  // Vec never crosses a call between targets
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
namespace avx512 {
#pragma GCC push_options
#pragma GCC target("arch=x86-64-v4")
#define DM_LANES 16
#include "models/pool_kernels.inc"
#undef DM_LANES
#pragma GCC pop_options
}  // namespace avx512
namespace avx2 {
#pragma GCC push_options
#pragma GCC target("arch=x86-64-v3")
#define DM_LANES 8
#include "models/pool_kernels.inc"
#undef DM_LANES
#pragma GCC pop_options
}  // namespace avx2
#endif
namespace baseline {
#define DM_LANES 4
#include "models/pool_kernels.inc"
#undef DM_LANES
}  // namespace baseline
#pragma GCC diagnostic pop

}  // namespace

#define DM_KERNELS(ns)                                                                                        \
    Kernels {                                                                                                 \
        ns::forwardRowNhwc, ns::weightGradRowNhwc, ns::inputGradRowNhwc, ns::poolRowNhwc, ns::unpoolRowNhwc, \
            ns::reluWindowSumNhwc, ns::addToWindowNhwc, ns::reluMask                                          \
    }
namespace {
// The sets this CPU can run, best first.
std::vector<std::pair<std::string, Kernels>> supportedSets() {
    std::vector<std::pair<std::string, Kernels>> sets;
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("x86-64-v4")) sets.emplace_back("avx512", DM_KERNELS(avx512));
    if (__builtin_cpu_supports("x86-64-v3")) sets.emplace_back("avx2", DM_KERNELS(avx2));
#endif
    sets.emplace_back("baseline", DM_KERNELS(baseline));
    return sets;
}
#undef DM_KERNELS

Kernels& current() {
    static Kernels chosen = supportedSets().front().second;
    return chosen;
}
}  // namespace

const Kernels& kernels() { return current(); }

std::vector<std::string> supportedKernelSets() {
    std::vector<std::string> names;
    for (const auto& set : supportedSets()) names.push_back(set.first);
    return names;
}

bool selectKernels(const std::string& name) {
    for (const auto& set : supportedSets())
        if (set.first == name) {
            current() = set.second;
            return true;
        }
    return false;
}

}  // namespace dm::pool_kernels
