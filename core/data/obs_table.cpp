#include "data/obs_table.h"

#include <algorithm>

namespace dm {

int64_t Column::size() const {
    switch (kind) {
        case Kind::Categorical: return static_cast<int64_t>(codes.size());
        case Kind::Numeric:
        case Kind::Boolean: return static_cast<int64_t>(numbers.size());
        case Kind::String: return static_cast<int64_t>(strings.size());
    }
    return 0;
}

const char* Column::kindName() const {
    switch (kind) {
        case Kind::Categorical: return ordered ? "categorical (ordered)" : "categorical";
        case Kind::Numeric: return "numeric";
        case Kind::Boolean: return "boolean";
        case Kind::String: return "string";
    }
    return "?";
}

std::vector<int64_t> Column::categoryCounts() const {
    std::vector<int64_t> counts(categories.size(), 0);
    for (int32_t c : codes)
        if (c >= 0 && static_cast<size_t>(c) < counts.size()) ++counts[c];
    return counts;
}

Column Column::categorical(std::string name, std::vector<std::string> categories, std::vector<int32_t> codes,
                           bool ordered) {
    Column c;
    c.name = std::move(name);
    c.kind = Kind::Categorical;
    c.categories = std::move(categories);
    c.codes = std::move(codes);
    c.ordered = ordered;
    return c;
}

Column Column::numeric(std::string name, std::vector<double> values) {
    Column c;
    c.name = std::move(name);
    c.kind = Kind::Numeric;
    c.numbers = std::move(values);
    return c;
}

Column Column::boolean(std::string name, std::vector<double> values) {
    Column c = numeric(std::move(name), std::move(values));
    c.kind = Kind::Boolean;
    return c;
}

Column Column::text(std::string name, std::vector<std::string> values) {
    Column c;
    c.name = std::move(name);
    c.kind = Kind::String;
    c.strings = std::move(values);
    return c;
}

void ObsTable::add(Column c) {
    for (auto& existing : columns_)
        if (existing.name == c.name) {
            existing = std::move(c);
            return;
        }
    columns_.push_back(std::move(c));
}

const Column* ObsTable::find(const std::string& name) const {
    for (const auto& c : columns_)
        if (c.name == name) return &c;
    return nullptr;
}

std::vector<std::string> ObsTable::names() const {
    std::vector<std::string> out;
    for (const auto& c : columns_) out.push_back(c.name);
    return out;
}

ObsTable ObsTable::selectRows(const std::vector<int64_t>& rows) const {
    ObsTable out;
    for (const auto& c : columns_) {
        Column s = c;
        auto pick = [&rows](auto& v) {
            std::remove_reference_t<decltype(v)> p;
            p.reserve(rows.size());
            for (int64_t r : rows) p.push_back(v[static_cast<size_t>(r)]);
            v = std::move(p);
        };
        if (!s.codes.empty()) pick(s.codes);
        if (!s.numbers.empty()) pick(s.numbers);
        if (!s.strings.empty()) pick(s.strings);
        out.columns_.push_back(std::move(s));
    }
    return out;
}

}  // namespace dm
