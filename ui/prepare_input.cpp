#include "prepare_input.h"

#include "common/error.h"

namespace dm::ui {

DataSelection dataSelection(const DataChoice& choice) {
    DataSelection s;
    s.labelColumn = choice.labelColumn;
    if (choice.oneVsRest.empty()) s.excludedClasses = choice.excludedClasses;
    s.oneVsRest = choice.oneVsRest;
    s.maxPerClass = choice.perClassCap;
    s.seed = choice.seed;
    s.normalize = choice.normalize ? "yes" : "no";
    s.targetSum = 1e4;
    return s;
}

PreparedInputPtr prepareInput(const DatasetPtr& dataset, const DataChoice& choice) {
    if (!dataset) throw InputError("no dataset is open; open one with File > Open");
    if (choice.labelColumn.empty())
        throw InputError("no label column chosen; pick the obs column that holds the cell states in the "
                         "dataset panel");
    PreparedData prepared = dm::prepareInput(*dataset, dataSelection(choice));
    auto out = std::make_shared<PreparedInput>();
    out->data = std::move(prepared.dataset);
    out->labelColumn = choice.labelColumn;
    out->classes = std::move(prepared.labels.classes);
    out->y = std::move(prepared.labels.y);
    out->normalized = prepared.normalized;
    out->summary = std::move(prepared.summary);
    out->input.X = &out->data.X;
    out->input.y = out->y;
    out->input.classes = out->classes;
    out->input.featureNames = out->data.geneNames;
    out->input.featureIds = out->data.geneIds;
    out->meanExpression = columnMeans(out->data.X);
    out->description = std::to_string(out->data.cells()) + " cells x " + std::to_string(out->data.genes()) +
                       " genes, " + std::to_string(out->classes.size()) + " classes from '" + choice.labelColumn + "'" +
                       (out->normalized ? ", normalized + log1p" : "");
    return out;
}

}  // namespace dm::ui
