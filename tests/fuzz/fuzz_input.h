#pragma once
// The fuzzer's bytes as a stream of small decisions (sizes, choices, numbers, strings) for
// the structure-aware harnesses; reading past the end yields zeros, so every input is a
// valid program of decisions. (libFuzzer's FuzzedDataProvider does the same but ships
// with clang only; the replay test builds with the project's compiler.)
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace dm::fuzz {

class FuzzInput {
public:
    FuzzInput(const uint8_t* data, size_t size) : p_(data), end_(data + size) {}

    bool empty() const { return p_ >= end_; }
    uint8_t byte() { return p_ < end_ ? *p_++ : 0; }
    bool flag() { return byte() & 1; }
    // 0..n-1
    unsigned pick(unsigned n) { return n ? byte() % n : 0; }
    int64_t integer(int64_t lo, int64_t hi) {  // lo..hi, small ranges
        uint32_t v = 0;
        for (int i = 0; i < 4; ++i) v = (v << 8) | byte();
        return lo + static_cast<int64_t>(v % static_cast<uint64_t>(hi - lo + 1));
    }
    int64_t anyInt64() {
        uint64_t v = 0;
        for (int i = 0; i < 8; ++i) v = (v << 8) | byte();
        return static_cast<int64_t>(v);
    }
    double number() {
        switch (pick(8)) {
            case 0: return 0.0;
            case 1: return static_cast<double>(integer(0, 20));
            case 2: {
                double d;
                uint64_t v = static_cast<uint64_t>(anyInt64());
                std::memcpy(&d, &v, sizeof d);
                return d;  // anything, NaN and infinities included
            }
            default: return static_cast<double>(integer(-1000, 1000)) / 8.0;
        }
    }
    std::string text(size_t maxLen) {
        const size_t n = static_cast<size_t>(integer(0, static_cast<int64_t>(maxLen)));
        std::string s;
        for (size_t i = 0; i < n; ++i) {
            const uint8_t b = byte();
            s.push_back(b % 5 == 0 ? static_cast<char>(b) : static_cast<char>('a' + b % 26));
        }
        return s;
    }
    // The rest of the input as bytes.
    std::string rest() {
        std::string s(reinterpret_cast<const char*>(p_), static_cast<size_t>(end_ - p_));
        p_ = end_;
        return s;
    }

private:
    const uint8_t* p_;
    const uint8_t* end_;
};

// A scratch file path unique to this process (tmpfs when there is one).
std::string scratchPath(const std::string& name);

}  // namespace dm::fuzz
