#include "report/markers_table.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "report/ranking_table.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <ostream>

namespace dm {

namespace {

std::string number(double v) { return std::isnan(v) ? "NA" : formatNumber(v); }

void check(lxw_error status, const std::string& path) {
    if (status != LXW_NO_ERROR) throw Error("writing '" + path + "' failed: " + lxw_strerror(status));
}

void writeNumber(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, double v) {
    if (std::isnan(v))
        worksheet_write_string(sheet, row, col, "NA", nullptr);
    else if (std::isinf(v))
        worksheet_write_string(sheet, row, col, v > 0 ? "Inf" : "-Inf", nullptr);
    else
        worksheet_write_number(sheet, row, col, v, nullptr);
}

void writeSheet(lxw_worksheet* sheet, const DeResult& r, const DeComparison& c, lxw_format* bold,
                const std::string& path) {
    const auto columns = markersColumns();
    for (size_t k = 0; k < columns.size(); ++k)
        check(worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(k), columns[k].c_str(), bold), path);
    for (size_t i = 0; i < c.genes.size(); ++i) {
        const GeneDe& g = c.genes[i];
        const auto row = static_cast<lxw_row_t>(i + 1);
        writeNumber(sheet, row, 0, g.pValue);
        writeNumber(sheet, row, 1, g.avgLog2FC);
        writeNumber(sheet, row, 2, g.pct1);
        writeNumber(sheet, row, 3, g.pct2);
        writeNumber(sheet, row, 4, g.pAdjBonferroni);
        worksheet_write_string(sheet, row, 5, c.group.c_str(), nullptr);
        worksheet_write_string(sheet, row, 6, r.geneNames[static_cast<size_t>(g.gene)].c_str(), nullptr);
        writeNumber(sheet, row, 7, g.pAdjBH);
        writeNumber(sheet, row, 8, g.statistic);
        writeNumber(sheet, row, 9, g.log10P);
    }
    worksheet_freeze_panes(sheet, 1, 0);
}

}  // namespace

std::vector<std::string> markersColumns() {
    return {"p_val", "avg_log2FC", "pct.1", "pct.2", "p_val_adj", "cluster", "gene", "p_val_bh", "statistic",
            "log10_p_val"};
}

void writeMarkersCsv(const DeResult& r, const std::string& path) {
    writeFileAtomically(path, [&](std::ostream& os) {
        const auto columns = markersColumns();
        for (size_t k = 0; k < columns.size(); ++k) os << (k ? "," : "") << columns[k];
        os << "\n";
        for (const DeComparison& c : r.comparisons) {
            const std::string cluster = delimitedField(c.group, ',');
            for (const GeneDe& g : c.genes)
                os << number(g.pValue) << ',' << number(g.avgLog2FC) << ',' << number(g.pct1) << ','
                   << number(g.pct2) << ',' << number(g.pAdjBonferroni) << ',' << cluster << ','
                   << delimitedField(r.geneNames[static_cast<size_t>(g.gene)], ',') << ',' << number(g.pAdjBH) << ','
                   << number(g.statistic) << ',' << number(g.log10P) << '\n';
        }
    });
}

std::string xlsxSheetName(const std::string& name, std::vector<std::string>& used) {
    std::string base;
    for (char ch : name) base += std::string("[]:*?/\\").find(ch) == std::string::npos ? ch : '_';
    if (base.empty()) base = "sheet";
    if (base.front() == '\'') base.front() = '_';  // Excel refuses a leading or trailing apostrophe
    if (base.back() == '\'') base.back() = '_';
    auto taken = [&](const std::string& s) {
        auto lower = [](std::string x) {
            std::transform(x.begin(), x.end(), x.begin(), [](unsigned char ch) { return std::tolower(ch); });
            return x;
        };
        return std::any_of(used.begin(), used.end(), [&](const std::string& u) { return lower(u) == lower(s); });
    };
    std::string candidate = base.substr(0, 31);
    for (int n = 2; taken(candidate); ++n) {
        const std::string suffix = "_" + std::to_string(n);
        candidate = base.substr(0, 31 - suffix.size()) + suffix;
    }
    used.push_back(candidate);
    return candidate;
}

void writeMarkersXlsx(const DeResult& r, const std::string& path) {
    AtomicPath out(path);
    {
        lxw_workbook_options options{};
        options.constant_memory = LXW_TRUE;  // rows stream to disk: 33k genes x classes stay cheap
        lxw_workbook* book = workbook_new_opt(out.temp().c_str(), &options);
        if (!book) throw Error("cannot create '" + path + "': check that the folder is writable");
        try {
            lxw_format* bold = workbook_add_format(book);
            format_set_bold(bold);
            std::vector<std::string> used;
            for (const DeComparison& c : r.comparisons) {
                const std::string name = xlsxSheetName(c.group, used);
                lxw_worksheet* sheet = workbook_add_worksheet(book, name.c_str());
                if (!sheet) throw Error("cannot create the sheet '" + name + "' of '" + path + "'");
                writeSheet(sheet, r, c, bold, path);
            }
        } catch (...) {
            workbook_close(book);
            throw;
        }
        check(workbook_close(book), path);
    }
    out.commit();
}

}  // namespace dm
