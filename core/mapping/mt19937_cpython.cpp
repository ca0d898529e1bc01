#include "mapping/mt19937_cpython.h"

namespace dm {

namespace {
constexpr int M = 397;
constexpr uint32_t kMatrixA = 0x9908b0dfU;
constexpr uint32_t kUpperMask = 0x80000000U;
constexpr uint32_t kLowerMask = 0x7fffffffU;

int bitLength(uint64_t n) {
    int k = 0;
    while (n) {
        ++k;
        n >>= 1;
    }
    return k;
}
}  // namespace

CpythonMt19937::CpythonMt19937(uint64_t seed) {
    // CPython: n = abs(seed); key = its 32-bit words, least significant first; [0] for 0.
    uint32_t key[2] = {static_cast<uint32_t>(seed & 0xffffffffU), static_cast<uint32_t>(seed >> 32)};
    initByArray(key, key[1] != 0 ? 2 : 1);
}

void CpythonMt19937::initGenrand(uint32_t s) {
    mt_[0] = s;
    for (int i = 1; i < N; ++i) mt_[i] = 1812433253U * (mt_[i - 1] ^ (mt_[i - 1] >> 30)) + static_cast<uint32_t>(i);
    mti_ = N;
}

// Matsumoto & Nishimura's init_by_array, as in CPython's _randommodule.c.
void CpythonMt19937::initByArray(const uint32_t* key, int keyLength) {
    initGenrand(19650218U);
    int i = 1, j = 0;
    for (int k = N > keyLength ? N : keyLength; k; --k) {
        mt_[i] = (mt_[i] ^ ((mt_[i - 1] ^ (mt_[i - 1] >> 30)) * 1664525U)) + key[j] + static_cast<uint32_t>(j);
        ++i;
        ++j;
        if (i >= N) {
            mt_[0] = mt_[N - 1];
            i = 1;
        }
        if (j >= keyLength) j = 0;
    }
    for (int k = N - 1; k; --k) {
        mt_[i] = (mt_[i] ^ ((mt_[i - 1] ^ (mt_[i - 1] >> 30)) * 1566083941U)) - static_cast<uint32_t>(i);
        ++i;
        if (i >= N) {
            mt_[0] = mt_[N - 1];
            i = 1;
        }
    }
    mt_[0] = 0x80000000U;  // MSB is 1, assuring a non-zero initial array
}

void CpythonMt19937::twist() {
    int kk = 0;
    uint32_t y;
    for (; kk < N - M; ++kk) {
        y = (mt_[kk] & kUpperMask) | (mt_[kk + 1] & kLowerMask);
        mt_[kk] = mt_[kk + M] ^ (y >> 1) ^ ((y & 1U) ? kMatrixA : 0U);
    }
    for (; kk < N - 1; ++kk) {
        y = (mt_[kk] & kUpperMask) | (mt_[kk + 1] & kLowerMask);
        mt_[kk] = mt_[kk + (M - N)] ^ (y >> 1) ^ ((y & 1U) ? kMatrixA : 0U);
    }
    y = (mt_[N - 1] & kUpperMask) | (mt_[0] & kLowerMask);
    mt_[N - 1] = mt_[M - 1] ^ (y >> 1) ^ ((y & 1U) ? kMatrixA : 0U);
    mti_ = 0;
}

uint32_t CpythonMt19937::genrandUint32() {
    if (mti_ >= N) twist();
    uint32_t y = mt_[mti_++];
    y ^= (y >> 11);
    y ^= (y << 7) & 0x9d2c5680U;
    y ^= (y << 15) & 0xefc60000U;
    y ^= (y >> 18);
    return y;
}

uint64_t CpythonMt19937::getrandbits(int k) {
    if (k <= 0) return 0;
    if (k <= 32) return genrandUint32() >> (32 - k);
    // Wider: 32-bit words little-endian; only the final word is shifted down.
    uint64_t result = 0;
    for (int shift = 0; k > 0; shift += 32, k -= 32) {
        uint32_t r = genrandUint32();
        if (k < 32) r >>= (32 - k);
        result |= static_cast<uint64_t>(r) << shift;
    }
    return result;
}

uint64_t CpythonMt19937::randbelow(uint64_t n) {
    const int k = bitLength(n);
    uint64_t r = getrandbits(k);
    while (r >= n) r = getrandbits(k);
    return r;
}

}  // namespace dm
