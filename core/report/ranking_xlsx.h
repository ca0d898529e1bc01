#pragma once
// The ranking as an Excel workbook (libxlsxwriter): sheet "ranking" (the CSV's columns)
// and sheet "configuration" (every configuration field, the dataset and the versions).
#include "report/run_record.h"

#include <string>

namespace dm {

void writeRankingXlsx(const RunRecord& record, const std::string& path);  // atomic

}  // namespace dm
