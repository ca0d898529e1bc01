#include "prepare_input.h"

#include "common/error.h"
#include "data/preprocess.h"

#include <algorithm>

namespace dm::ui {

namespace {

Labels chooseClasses(const Dataset& ds, const DataChoice& choice) {
    Labels labels = labelsFromColumn(ds, choice.labelColumn);
    if (!choice.oneVsRest.empty()) return oneVsRest(labels, choice.oneVsRest);
    if (choice.excludedClasses.empty()) return labels;
    std::vector<std::string> keep;
    for (const std::string& c : labels.classes)
        if (std::find(choice.excludedClasses.begin(), choice.excludedClasses.end(), c) == choice.excludedClasses.end())
            keep.push_back(c);
    if (keep.size() < 2)
        throw InputError("only " + std::to_string(keep.size()) + " class left in column '" + choice.labelColumn +
                         "' after the exclusions; tick at least two classes in the dataset panel");
    return keepClasses(labels, keep);
}

}  // namespace

PreparedInputPtr prepareInput(const DatasetPtr& dataset, const DataChoice& choice) {
    if (!dataset) throw InputError("no dataset is open; open one with File > Open");
    if (choice.labelColumn.empty())
        throw InputError("no label column chosen; pick the obs column that holds the cell states in the "
                         "dataset panel");
    const Labels labels = chooseClasses(*dataset, choice);
    const std::vector<int64_t> rows = subsamplePerClass(labels, choice.perClassCap, choice.seed);
    auto out = std::make_shared<PreparedInput>();
    out->data = dataset->selectCells(rows);
    out->labelColumn = choice.labelColumn;
    out->classes = labels.classes;
    out->y.reserve(rows.size());
    for (int64_t r : rows) out->y.push_back(labels.y[size_t(r)]);
    if (choice.normalize) {
        normalizeTotalLog1p(out->data.X);
        out->normalized = true;
    }
    checkFinite(out->data.X, "the selected matrix of " + dataset->source);
    out->input.X = &out->data.X;
    out->input.y = out->y;
    out->input.classes = out->classes;
    out->input.featureNames = out->data.geneNames;
    out->input.featureIds = out->data.geneIds;
    out->description = std::to_string(out->data.cells()) + " cells x " + std::to_string(out->data.genes()) +
                       " genes, " + std::to_string(out->classes.size()) + " classes from '" + choice.labelColumn + "'" +
                       (out->normalized ? ", normalized + log1p" : "");
    return out;
}

std::vector<std::string> describeChoice(const DataChoice& choice) {
    std::vector<std::string> steps;
    steps.push_back("labels from obs column '" + choice.labelColumn + "'");
    if (!choice.oneVsRest.empty()) steps.push_back("one vs rest: '" + choice.oneVsRest + "'");
    for (const std::string& c : choice.excludedClasses) steps.push_back("excluded class '" + c + "'");
    if (choice.perClassCap > 0)
        steps.push_back("at most " + std::to_string(choice.perClassCap) + " cells per class (seed " +
                        std::to_string(choice.seed) + ")");
    if (choice.normalize) steps.push_back("normalize_total(1e4) + log1p");
    return steps;
}

}  // namespace dm::ui
