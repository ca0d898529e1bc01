#pragma once
// Reading a backbone's spec.extra options: typed, range-checked, and unknown keys refused
// so a typo never silently falls back to a default.
#include "common/error.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace dm {

class ExtraOptions {
public:
    ExtraOptions(const std::string& kind, const nlohmann::json& extra);

    int64_t integer(const std::string& key, int64_t fallback, int64_t lo, int64_t hi);
    double number(const std::string& key, double fallback, double lo, double hi);
    // A list of positive integers (e.g. layer widths), each within [lo, hi].
    std::vector<int64_t> integers(const std::string& key, std::vector<int64_t> fallback, int64_t lo, int64_t hi);
    // Throws ConfigError for any key not read so far, naming the accepted ones.
    void finish() const;

private:
    [[noreturn]] void fail(const std::string& key, const std::string& problem) const;

    std::string kind_;
    nlohmann::json extra_;
    std::set<std::string> read_;
};

}  // namespace dm
