#pragma once
// DM_VECTOR_CLONES before a function with hot loops: GCC builds it for AVX-512, AVX2+FMA
// and baseline x86-64, and the loader picks the best the CPU has (function
// multi-versioning), so the hand-written kernels vectorise at full width without
// building the whole program for one CPU. Elsewhere it is empty.
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
#define DM_VECTOR_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define DM_VECTOR_CLONES
#endif
