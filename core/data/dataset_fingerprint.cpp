#include "data/dataset_fingerprint.h"

#include <cstdio>
#include <cstring>

namespace dm {

namespace {

// 64-bit multiply-xorshift over 8-byte words: fast enough for a 100,000 x 33,000 matrix
// (a few hundred million stored values) and not meant to resist an adversary.
class Hasher {
public:
    void bytes(const void* data, size_t n) {
        const auto* p = static_cast<const unsigned char*>(data);
        size_t i = 0;
        for (; i + 8 <= n; i += 8) {
            uint64_t w;
            std::memcpy(&w, p + i, 8);
            mix(w);
        }
        uint64_t tail = 0;
        std::memcpy(&tail, p + i, n - i);
        mix(tail ^ (static_cast<uint64_t>(n - i) << 56));
    }
    template <class T>
    void vector(const std::vector<T>& v) {
        size(v.size());
        if (!v.empty()) bytes(v.data(), v.size() * sizeof(T));
    }
    void strings(const std::vector<std::string>& v) {
        size(v.size());
        for (const std::string& s : v) {
            size(s.size());
            bytes(s.data(), s.size());
        }
    }
    void size(uint64_t n) { mix(n ^ 0x5151515151515151ull); }
    uint64_t digest() const {
        uint64_t h = h_;
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdull;
        h ^= h >> 33;
        return h;
    }

private:
    void mix(uint64_t w) {
        w *= 0x9E3779B97F4A7C15ull;
        w ^= w >> 29;
        h_ = (h_ ^ w) * 0xBF58476D1CE4E5B9ull;
        h_ ^= h_ >> 31;
    }
    uint64_t h_ = 0x6A09E667F3BCC908ull;
};

}  // namespace

std::string datasetFingerprint(const RunInput& input) {
    Hasher h;
    if (input.X) {
        h.size(static_cast<uint64_t>(input.X->rows));
        h.size(static_cast<uint64_t>(input.X->cols));
        h.vector(input.X->indptr);
        h.vector(input.X->indices);
        h.vector(input.X->values);
    }
    h.vector(input.y);
    h.strings(input.classes);
    h.strings(input.featureNames);
    h.strings(input.featureIds);
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h.digest()));
    return buf;
}

}  // namespace dm
