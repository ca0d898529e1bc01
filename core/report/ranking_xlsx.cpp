#include "report/ranking_xlsx.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "report/ranking_table.h"

#include <xlsxwriter.h>

#include <algorithm>
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
        lxw_worksheet* configuration = workbook_add_worksheet(book.get(), "configuration");
        if (!ranking || !configuration) throw Error("cannot create the worksheets of '" + path + "'");
        writeRankingSheet(ranking, record, bold, path);
        writeConfigurationSheet(configuration, record, bold, path);
        check(book.close(), path);
    }
    out.commit();
}

}  // namespace dm
