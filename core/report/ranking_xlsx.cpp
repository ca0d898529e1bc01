#include "report/ranking_xlsx.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "report/class_tables.h"
#include "report/ranking_table.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <cctype>
#include <utility>
#include <vector>

namespace dm {

namespace {
using nlohmann::json;

// Flattens nested JSON into ("early_stop.patience", "20") rows.
void flatten(const json& j, const std::string& prefix, std::vector<std::pair<std::string, std::string>>& rows) {
    if (j.is_object() && !j.empty()) {
        for (auto it = j.begin(); it != j.end(); ++it)
            flatten(it.value(), prefix.empty() ? it.key() : prefix + "." + it.key(), rows);
    } else if (j.is_string()) {
        rows.emplace_back(prefix, j.get<std::string>());
    } else {
        rows.emplace_back(prefix, j.dump());
    }
}

void check(lxw_error status, const std::string& path) {
    if (status != LXW_NO_ERROR)
        throw Error("writing '" + path + "' failed: " + lxw_strerror(status));
}

class Workbook {
public:
    explicit Workbook(const std::string& file) {
        lxw_workbook_options options{};
        options.constant_memory = LXW_TRUE;  // rows stream to disk: 60k genes stay cheap
        book_ = workbook_new_opt(file.c_str(), &options);
    }
    ~Workbook() {
        if (book_) workbook_close(book_);  // only on error paths; close() clears book_
    }
    lxw_workbook* get() const { return book_; }
    lxw_error close() {
        lxw_error status = workbook_close(book_);
        book_ = nullptr;
        return status;
    }

private:
    lxw_workbook* book_ = nullptr;
};

void writeRankingSheet(lxw_worksheet* sheet, const RunRecord& r, lxw_format* bold, const std::string& path) {
    const Findings& f = r.findings;
    RankingExtras extras{r.linearImportance};
    const auto columns = rankingColumns(f, extras);
    const bool ids = std::find(columns.begin(), columns.end(), "gene_id") != columns.end();
    for (size_t c = 0; c < columns.size(); ++c)
        check(worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), columns[c].c_str(), bold), path);
    const auto ranking = f.ranking();
    for (size_t i = 0; i < ranking.size(); ++i) {
        const RankedFeature& g = ranking[i];
        const auto row = static_cast<lxw_row_t>(i + 1);
        lxw_col_t c = 0;
        worksheet_write_number(sheet, row, c++, static_cast<double>(i + 1), nullptr);
        worksheet_write_string(sheet, row, c++, g.name.c_str(), nullptr);
        if (ids) worksheet_write_string(sheet, row, c++, g.id.c_str(), nullptr);
        worksheet_write_number(sheet, row, c++, g.selectionFrequency, nullptr);
        worksheet_write_number(sheet, row, c++, g.medianImportance, nullptr);
        worksheet_write_number(sheet, row, c++, g.meanRank, nullptr);
        if (!r.linearImportance.empty())
            worksheet_write_number(sheet, row, c++, r.linearImportance[static_cast<size_t>(g.feature)], nullptr);
    }
    worksheet_freeze_panes(sheet, 1, 0);
}

// Excel sheet names: at most 31 characters, none of []:*?/\, unique ignoring case.
std::string sheetName(const std::string& className, std::vector<std::string>& used) {
    std::string base;
    for (char ch : className) base += std::string("[]:*?/\\").find(ch) == std::string::npos ? ch : '_';
    if (base.empty()) base = "class";
    if (base.front() == '\'') base.front() = '_';  // Excel rejects a leading or trailing apostrophe
    if (base.back() == '\'') base.back() = '_';
    auto lower = [](std::string t) {
        for (char& ch : t) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        return t;
    };
    auto taken = [&](const std::string& name) {
        for (const auto& u : used)
            if (lower(u) == lower(name)) return true;
        return false;
    };
    std::string name = base.substr(0, 31);
    for (int n = 2; taken(name); ++n) {
        const std::string suffix = " (" + std::to_string(n) + ")";
        name = base.substr(0, 31 - suffix.size()) + suffix;
    }
    used.push_back(name);
    return name;
}

void writeClassSheet(lxw_worksheet* sheet, const Findings& f, size_t c, lxw_format* bold, const std::string& path) {
    const auto columns = rankingByClassColumns(f);
    const bool ids = std::find(columns.begin(), columns.end(), "gene_id") != columns.end();
    for (size_t i = 0; i < columns.size(); ++i)
        check(worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(i), columns[i].c_str(), bold), path);
    const ClassFindings& k = f.byClass[c];
    const std::string name = c < f.classNames.size() ? f.classNames[c] : std::to_string(c);
    const auto ranking = f.classRanking(c);
    for (size_t i = 0; i < ranking.size(); ++i) {
        const RankedFeature& g = ranking[i];
        const auto gene = static_cast<size_t>(g.feature);
        const auto row = static_cast<lxw_row_t>(i + 1);
        lxw_col_t col = 0;
        worksheet_write_string(sheet, row, col++, name.c_str(), nullptr);
        worksheet_write_number(sheet, row, col++, static_cast<double>(i + 1), nullptr);
        worksheet_write_string(sheet, row, col++, g.name.c_str(), nullptr);
        if (ids) worksheet_write_string(sheet, row, col++, g.id.c_str(), nullptr);
        worksheet_write_number(sheet, row, col++, g.selectionFrequency, nullptr);
        worksheet_write_number(sheet, row, col++, g.medianImportance, nullptr);
        worksheet_write_number(sheet, row, col++, g.meanRank, nullptr);
        worksheet_write_string(sheet, row, col++, directionName(g.direction), nullptr);
        if (gene < k.meanIn.size()) worksheet_write_number(sheet, row, col, k.meanIn[gene], nullptr);
        ++col;
        if (gene < k.meanOut.size()) worksheet_write_number(sheet, row, col, k.meanOut[gene], nullptr);
        ++col;
        worksheet_write_number(sheet, row, col++, k.passes, nullptr);
        worksheet_write_number(sheet, row, col++, k.cells, nullptr);
    }
    worksheet_freeze_panes(sheet, 1, 0);
}

void writeConfigurationSheet(lxw_worksheet* sheet, const RunRecord& r, lxw_format* bold, const std::string& path) {
    std::vector<std::pair<std::string, std::string>> rows;
    flatten(toJson(r.config), "", rows);
    const json record = toJson(r, false);
    flatten(record.at("dataset"), "dataset", rows);
    flatten(record.at("versions"), "versions", rows);
    rows.emplace_back("partial", r.findings.partial ? "true" : "false");
    rows.emplace_back("accepted_passes", std::to_string(r.findings.accepted));
    rows.emplace_back("tries", std::to_string(r.findings.tries));
    rows.emplace_back("started_at", r.startedAt);
    rows.emplace_back("finished_at", r.finishedAt);
    if (!r.command.empty()) rows.emplace_back("command", r.command);
    check(worksheet_write_string(sheet, 0, 0, "setting", bold), path);
    check(worksheet_write_string(sheet, 0, 1, "value", bold), path);
    for (size_t i = 0; i < rows.size(); ++i) {
        worksheet_write_string(sheet, static_cast<lxw_row_t>(i + 1), 0, rows[i].first.c_str(), nullptr);
        worksheet_write_string(sheet, static_cast<lxw_row_t>(i + 1), 1, rows[i].second.c_str(), nullptr);
    }
    worksheet_set_column(sheet, 0, 0, 32, nullptr);
    worksheet_set_column(sheet, 1, 1, 48, nullptr);
}
}  // namespace

void writeRankingXlsx(const RunRecord& record, const std::string& path) {
    AtomicPath out(path);
    {
        Workbook book(out.temp());
        if (!book.get()) throw Error("cannot create '" + path + "': check that the folder is writable");
        lxw_format* bold = workbook_add_format(book.get());
        format_set_bold(bold);
        lxw_worksheet* ranking = workbook_add_worksheet(book.get(), "ranking");
        // Per-class sheets follow the pooled ranking (constant-memory mode writes sheets in order).
        std::vector<std::string> used{"ranking", "configuration"};
        std::vector<lxw_worksheet*> classSheets;
        const Findings& f = record.findings;
        for (size_t c = 0; c < f.byClass.size(); ++c) {
            const std::string name = sheetName(c < f.classNames.size() ? f.classNames[c] : std::to_string(c), used);
            classSheets.push_back(workbook_add_worksheet(book.get(), name.c_str()));
            if (!classSheets.back()) throw Error("cannot create the worksheet '" + name + "' of '" + path + "'");
        }
        lxw_worksheet* configuration = workbook_add_worksheet(book.get(), "configuration");
        if (!ranking || !configuration) throw Error("cannot create the worksheets of '" + path + "'");
        writeRankingSheet(ranking, record, bold, path);
        for (size_t c = 0; c < classSheets.size(); ++c) writeClassSheet(classSheets[c], f, c, bold, path);
        writeConfigurationSheet(configuration, record, bold, path);
        check(book.close(), path);
    }
    out.commit();
}

}  // namespace dm
