#pragma once
// Per-cell (obs) or per-gene (var) annotation table, as AnnData keeps it: named columns
// that are categorical (categories + codes, -1 = missing), numeric, boolean or string.
#include <cstdint>
#include <string>
#include <vector>

namespace dm {

struct Column {
    enum class Kind { Categorical, Numeric, Boolean, String };

    std::string name;
    Kind kind = Kind::String;
    // Categorical
    std::vector<std::string> categories;
    std::vector<int32_t> codes;  // -1 = missing
    bool ordered = false;
    // Numeric (NaN = missing) and Boolean (0/1, NaN = missing)
    std::vector<double> numbers;
    // String
    std::vector<std::string> strings;

    int64_t size() const;
    const char* kindName() const;
    // Categorical: cells per category (missing not counted).
    std::vector<int64_t> categoryCounts() const;

    static Column categorical(std::string name, std::vector<std::string> categories, std::vector<int32_t> codes,
                              bool ordered = false);
    static Column numeric(std::string name, std::vector<double> values);
    static Column boolean(std::string name, std::vector<double> values);
    static Column text(std::string name, std::vector<std::string> values);
};

class ObsTable {
public:
    const std::vector<Column>& columns() const { return columns_; }
    void add(Column c);  // replaces a column of the same name
    const Column* find(const std::string& name) const;
    std::vector<std::string> names() const;
    // The same table restricted to the given rows, in that order.
    ObsTable selectRows(const std::vector<int64_t>& rows) const;

private:
    std::vector<Column> columns_;
};

}  // namespace dm
