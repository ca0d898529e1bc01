#pragma once
// Which obs columns can serve as class labels. A column with thousands of categories, or
// about one category per few cells (cell barcodes, counts stored as categories), trains a
// network on classes of one or two cells: the held-out accuracy means nothing and the
// ranking says nothing. One rule, used by the input preparation (CLI and GUI) and by
// `deepmapper inspect`.
#include "data/dataset.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dm {

constexpr int64_t kMaxLabelClasses = 1000;     // more classes than this are refused outright
constexpr int64_t kFewCellsClassFloor = 20;    // above this many classes, also require...
constexpr double kMinCellsPerClass = 5.0;      // ...at least this many cells per class on average

// Empty when `classes` classes over `cells` labelled cells can be learned; otherwise the
// reason ("1911 classes for 6276 cells (3.3 cells per class)").
std::string tooManyClasses(int64_t classes, int64_t cells);

// Whether every category is a number ("0", "17", "3.5e2"): cluster ids, or a measurement
// stored as categories.
bool looksNumeric(const std::vector<std::string>& categories);

// The categorical obs columns other than `except` that pass the rule, as
// "name (N classes)", fewest classes first.
std::vector<std::string> labelColumnSuggestions(const Dataset& ds, const std::string& except = "");

// Throws InputError naming the column and the reason and suggesting other columns when
// `labels` (the classes that have cells, and their cells) has too many classes.
void checkClassCount(const Dataset& ds, const Labels& labels);

}  // namespace dm
