#pragma once
// Groups of cells drawn by hand (lasso, rectangle) in the Cells view: several named
// groups, each cell in at most one (a later selection moves cells into the new group).
// They become a categorical obs column (for the next run's label, the exported .h5ad) or
// a CSV of cell names.
#include "data/obs_table.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dm {

class CellGroups {
public:
    explicit CellGroups(int64_t cells = 0) : codes_(static_cast<size_t>(cells), -1) {}

    int64_t cells() const { return static_cast<int64_t>(codes_.size()); }
    const std::vector<std::string>& names() const { return names_; }
    const std::vector<int32_t>& codes() const { return codes_; }
    // Adds a group of these cells (moved out of any earlier group); returns its index.
    // Throws InputError for an empty or taken name, or no cells.
    int add(const std::string& name, const std::vector<int64_t>& cells);
    void remove(int group);
    void rename(int group, const std::string& name);
    std::vector<int64_t> members(int group) const;
    int64_t count(int group) const;
    // Cells in no group.
    std::vector<int64_t> rest() const;

    // A categorical column (cells in no group: missing). The column name must be new to
    // `obs` (InputError naming the clash otherwise) and not empty.
    Column toColumn(const std::string& column, const ObsTable& obs) const;
    // "cell,group" rows for every grouped cell, written atomically.
    void writeCsv(const std::string& path, const std::vector<std::string>& cellNames) const;

private:
    void checkName(const std::string& name, int except) const;
    std::vector<std::string> names_;
    std::vector<int32_t> codes_;
};

}  // namespace dm
