#include "data/cell_groups.h"

#include "common/atomic_file.h"
#include "common/error.h"

#include <algorithm>
#include <ostream>

namespace dm {

namespace {

// RFC 4180: quote fields holding a comma, quote or line break.
std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

}  // namespace

void CellGroups::checkName(const std::string& name, int except) const {
    if (name.empty()) throw InputError("a group needs a name");
    for (size_t k = 0; k < names_.size(); ++k)
        if (static_cast<int>(k) != except && names_[k] == name)
            throw InputError("there is already a group called '" + name + "'; choose another name");
}

int CellGroups::add(const std::string& name, const std::vector<int64_t>& cells) {
    checkName(name, -1);
    if (cells.empty()) throw InputError("group '" + name + "' would hold no cells; draw around some cells first");
    const auto code = static_cast<int32_t>(names_.size());
    for (int64_t c : cells) {
        if (c < 0 || c >= this->cells()) throw InputError("cell index " + std::to_string(c) + " is out of range");
        codes_[static_cast<size_t>(c)] = code;
    }
    names_.push_back(name);
    return code;
}

void CellGroups::remove(int group) {
    if (group < 0 || group >= static_cast<int>(names_.size())) return;
    names_.erase(names_.begin() + group);
    for (int32_t& c : codes_) {
        if (c == group) c = -1;
        else if (c > group) --c;
    }
}

void CellGroups::rename(int group, const std::string& name) {
    if (group < 0 || group >= static_cast<int>(names_.size())) return;
    checkName(name, group);
    names_[static_cast<size_t>(group)] = name;
}

std::vector<int64_t> CellGroups::members(int group) const {
    std::vector<int64_t> out;
    for (size_t i = 0; i < codes_.size(); ++i)
        if (codes_[i] == group) out.push_back(static_cast<int64_t>(i));
    return out;
}

int64_t CellGroups::count(int group) const { return std::count(codes_.begin(), codes_.end(), group); }

std::vector<int64_t> CellGroups::rest() const { return members(-1); }

Column CellGroups::toColumn(const std::string& column, const ObsTable& obs) const {
    if (column.empty()) throw InputError("the new obs column needs a name");
    if (obs.find(column))
        throw InputError("obs already has a column called '" + column + "'; choose a new name for the groups");
    if (names_.empty()) throw InputError("there are no groups to keep; draw a group on the cells first");
    return Column::categorical(column, names_, codes_);
}

void CellGroups::writeCsv(const std::string& path, const std::vector<std::string>& cellNames) const {
    if (cellNames.size() != codes_.size())
        throw InputError("the groups cover " + std::to_string(codes_.size()) + " cells but the dataset has " +
                         std::to_string(cellNames.size()));
    writeFileAtomically(path, [&](std::ostream& os) {
        os << "cell,group\n";
        for (size_t i = 0; i < codes_.size(); ++i)
            if (codes_[i] >= 0) os << csvField(cellNames[i]) << "," << csvField(names_[static_cast<size_t>(codes_[i])]) << "\n";
    });
}

}  // namespace dm
