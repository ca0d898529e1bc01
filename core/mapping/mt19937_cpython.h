#pragma once
// The Mersenne Twister exactly as CPython's `random` module drives it, so a seeded
// arrangement here is the same permutation the Python DeepMapper draws. Pure, no LibTorch.
// std::mt19937 cannot stand in: CPython seeds with init_by_array over the seed's 32-bit
// words (not init_genrand), and its getrandbits/_randbelow consume words in its own way.
#include <cstdint>

namespace dm {

class CpythonMt19937 {
public:
    // random.Random(seed): init_by_array(key) with key = |seed| as little-endian 32-bit
    // words (key = [0] for seed 0).
    explicit CpythonMt19937(uint64_t seed);

    uint32_t genrandUint32();
    // random.getrandbits(k) for 0 <= k <= 64: words filled little-endian, the last
    // (most significant) one keeping only its top bits.
    uint64_t getrandbits(int k);
    // random._randbelow(n) for n >= 1: rejection sampling on getrandbits(bit_length(n)).
    uint64_t randbelow(uint64_t n);

private:
    void initGenrand(uint32_t s);
    void initByArray(const uint32_t* key, int keyLength);
    void twist();

    static constexpr int N = 624;
    uint32_t mt_[N];
    int mti_ = N + 1;
};

}  // namespace dm
