#include "models/extra_options.h"

#include <cmath>

namespace dm {

ExtraOptions::ExtraOptions(const std::string& kind, const nlohmann::json& extra) : kind_(kind), extra_(extra) {
    if (!extra_.is_null() && !extra_.is_object())
        throw ConfigError("backbone.extra for '" + kind_ + "' must be a JSON object of options, e.g. {\"width\": 32}");
}

void ExtraOptions::fail(const std::string& key, const std::string& problem) const {
    throw ConfigError("backbone.extra." + key + " for backbone '" + kind_ + "': " + problem);
}

int64_t ExtraOptions::integer(const std::string& key, int64_t fallback, int64_t lo, int64_t hi) {
    read_.insert(key);
    if (!extra_.is_object() || !extra_.contains(key)) return fallback;
    const auto& v = extra_.at(key);
    if (!v.is_number_integer())
        fail(key, "expected a whole number, got " + v.dump());
    const int64_t x = v.get<int64_t>();
    if (x < lo || x > hi)
        fail(key, "value " + std::to_string(x) + " is outside the allowed range " + std::to_string(lo) + ".." +
                      std::to_string(hi));
    return x;
}

double ExtraOptions::number(const std::string& key, double fallback, double lo, double hi) {
    read_.insert(key);
    if (!extra_.is_object() || !extra_.contains(key)) return fallback;
    const auto& v = extra_.at(key);
    if (!v.is_number()) fail(key, "expected a number, got " + v.dump());
    const double x = v.get<double>();
    if (!std::isfinite(x) || x < lo || x > hi)
        fail(key, "value " + v.dump() + " is outside the allowed range " + std::to_string(lo) + ".." +
                      std::to_string(hi));
    return x;
}

std::vector<int64_t> ExtraOptions::integers(const std::string& key, std::vector<int64_t> fallback, int64_t lo,
                                            int64_t hi) {
    read_.insert(key);
    if (!extra_.is_object() || !extra_.contains(key)) return fallback;
    const auto& v = extra_.at(key);
    if (!v.is_array() || v.empty()) fail(key, "expected a non-empty list of whole numbers, got " + v.dump());
    std::vector<int64_t> out;
    for (const auto& e : v) {
        if (!e.is_number_integer()) fail(key, "expected whole numbers, got " + e.dump());
        const int64_t x = e.get<int64_t>();
        if (x < lo || x > hi)
            fail(key, "entry " + std::to_string(x) + " is outside the allowed range " + std::to_string(lo) + ".." +
                          std::to_string(hi));
        out.push_back(x);
    }
    return out;
}

void ExtraOptions::finish() const {
    if (!extra_.is_object()) return;
    for (const auto& item : extra_.items()) {
        if (read_.count(item.key())) continue;
        std::string known;
        for (const auto& k : read_) known += (known.empty() ? "" : ", ") + k;
        throw ConfigError("backbone.extra." + item.key() + " is not an option of backbone '" + kind_ +
                          "'; accepted options: " + (known.empty() ? "none" : known));
    }
}

}  // namespace dm
