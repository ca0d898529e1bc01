// One input preparation for the CLI and the GUI: labels, class choice, per-class cap,
// normalization, and the summary the run record keeps.
#include "data/data_selection.h"

#include "common/error.h"
#include "common/interrupt.h"
#include "data/dataset_fingerprint.h"
#include "data/label_columns.h"
#include "data/preprocess.h"

#include <algorithm>
#include <cstdio>

namespace dm {

namespace {

std::string joined(const std::vector<std::string>& items, const std::string& sep = ", ") {
    std::string s;
    for (const auto& item : items) s += (s.empty() ? "" : sep) + item;
    return s;
}

void say(const PreparationLog& log, const std::string& line) {
    if (log) log(line);
}

// Without a label column (embedding only) every cell takes part, all in one unnamed class.
Labels oneClassForAll(const Dataset& ds, const DataSelection& s) {
    if (!s.classes.empty() || !s.excludedClasses.empty() || !s.oneVsRest.empty() || s.maxPerClass > 0)
        throw InputError("choosing classes (kept or left out classes, one vs rest, a per-class cap) needs a label "
                         "column naming the classes");
    Labels labels;
    labels.y.assign(static_cast<size_t>(ds.cells()), 0);
    labels.classes = {""};
    return labels;
}

Labels chooseClasses(Labels labels, const DataSelection& s, std::vector<std::string>& steps) {
    if (!s.classes.empty()) {
        labels = keepClasses(labels, s.classes);
        steps.push_back("classes: " + joined(s.classes));
    }
    if (!s.excludedClasses.empty()) {
        std::vector<std::string> keep;
        for (const std::string& c : labels.classes)
            if (std::find(s.excludedClasses.begin(), s.excludedClasses.end(), c) == s.excludedClasses.end())
                keep.push_back(c);
        if (keep.size() < 2)
            throw InputError("only " + std::to_string(keep.size()) + " class of '" + labels.column +
                             "' is left after leaving out " + joined(s.excludedClasses) +
                             "; keep at least two classes");
        labels = keepClasses(labels, keep);
        steps.push_back("classes left out: " + joined(s.excludedClasses));
    }
    if (!s.oneVsRest.empty()) {
        if (std::find(labels.classes.begin(), labels.classes.end(), s.oneVsRest) == labels.classes.end())
            throw InputError("one-vs-rest class '" + s.oneVsRest + "' is not a class of '" + labels.column +
                             "'; classes: " + joined(labels.classes));
        labels = oneVsRest(labels, s.oneVsRest);
        steps.push_back("one vs rest: " + s.oneVsRest);
    }
    return labels;
}

// Only the classes that still have cells, in their original order (an unused category of
// a categorical column would otherwise become a class with nothing to learn from).
Labels dropEmptyClasses(const Labels& in, const PreparationLog& log) {
    const std::vector<int64_t> counts = in.counts();
    std::vector<int64_t> remap(in.classes.size(), -1);
    Labels out;
    out.column = in.column;
    std::vector<std::string> dropped;
    for (size_t k = 0; k < in.classes.size(); ++k) {
        if (counts[k] > 0) {
            remap[k] = static_cast<int64_t>(out.classes.size());
            out.classes.push_back(in.classes[k]);
        } else {
            dropped.push_back(in.classes[k]);
        }
    }
    if (!dropped.empty()) say(log, "classes without cells left out: " + joined(dropped));
    out.y.reserve(in.y.size());
    for (int64_t v : in.y) out.y.push_back(v < 0 ? -1 : remap[static_cast<size_t>(v)]);
    if (out.classes.size() < 2)
        throw InputError("only " + std::to_string(out.classes.size()) + " class of '" + in.column +
                         "' has cells; at least two are needed");
    return out;
}

// Applies normalize_total + log1p as asked; returns whether it did.
bool normalizeIfAsked(Dataset& ds, const DataSelection& s, std::vector<std::string>& steps, const PreparationLog& log) {
    if (s.normalize != "auto" && s.normalize != "yes" && s.normalize != "no")
        throw InputError("normalize '" + s.normalize + "' is not allowed: use auto, yes or no");
    if (s.normalize == "no") {
        say(log, "normalization: off (normalize: no)");
        return false;
    }
    const CountsCheck check = looksLikeCounts(ds.X);
    if (s.normalize == "auto" && !check.rawCounts) {
        say(log, "normalization: skipped, the matrix looks " + check.verdict + " (normalize: yes forces it)");
        return false;
    }
    if (!check.rawCounts)
        say(log, "warning: the matrix does not look like raw counts (" + check.verdict +
                     "); normalizing anyway as normalize: yes asks");
    char target[32];
    std::snprintf(target, sizeof target, "%g", s.targetSum);
    say(log, std::string("normalization: normalize_total(target_sum=") + target + ") + log1p");
    normalizeTotalLog1p(ds.X, s.targetSum);
    steps.push_back(std::string("normalize_total(target_sum=") + target + ") + log1p");
    return true;
}

PreparedData prepare(const Dataset& source, Dataset* owned, const DataSelection& s, const PreparationLog& log) {
    std::vector<std::string> steps;
    Labels labels;
    std::vector<int64_t> rows;
    if (s.labelColumn.empty()) {
        labels = oneClassForAll(source, s);
    } else {
        labels = chooseClasses(labelsFromColumn(source, s.labelColumn), s, steps);
        checkClassCount(source, labels);
        if (s.maxPerClass > 0) {
            rows = subsamplePerClass(labels, s.maxPerClass, s.seed);
            steps.push_back("at most " + std::to_string(s.maxPerClass) + " cells per class (seed " +
                            std::to_string(s.seed) + ")");
        } else {
            rows = labelledCells(labels);
        }
    }
    // A stop (common/interrupt.h) lands between the steps and inside the passes over the
    // matrix; the source dataset is never changed, only `ds` (a copy, or the caller's moved-in
    // dataset, dropped with it), so a stopped preparation leaves nothing half-done behind.
    interruptionPoint();
    const bool everyCell = s.labelColumn.empty() || static_cast<int64_t>(rows.size()) == source.cells();
    Dataset ds;
    if (everyCell) {
        ds = owned ? std::move(*owned) : source;
    } else {
        say(log, "using " + std::to_string(rows.size()) + " of " + std::to_string(source.cells()) + " cells");
        ds = source.selectCells(rows);
        std::vector<int64_t> y;
        y.reserve(rows.size());
        for (int64_t r : rows) y.push_back(labels.y[static_cast<size_t>(r)]);
        labels.y = std::move(y);
    }
    if (!s.labelColumn.empty()) labels = dropEmptyClasses(labels, log);

    interruptionPoint();
    PreparedData out;
    out.normalized = normalizeIfAsked(ds, s, steps, log);
    checkFinite(ds.X, "the matrix of " + ds.source);
    interruptionPoint();
    out.summary.source = ds.source;
    out.summary.matrix = ds.matrix;
    out.summary.cells = ds.cells();
    out.summary.genes = ds.genes();
    out.summary.labelColumn = s.labelColumn;
    if (!s.labelColumn.empty()) {
        out.summary.classes = labels.classes;
        out.summary.classCounts = labels.counts();
    }
    out.summary.preprocessing = steps;
    out.dataset = std::move(ds);
    out.labels = std::move(labels);
    out.summary.fingerprint = datasetFingerprint(out.runInput());
    return out;
}

}  // namespace

RunInput PreparedData::runInput() const {
    RunInput in;
    in.X = &dataset.X;
    in.y = labels.y;
    in.classes = labels.classes;
    in.featureNames = dataset.geneNames;
    in.featureIds = dataset.geneIds;
    return in;
}

PreparedData prepareInput(const Dataset& dataset, const DataSelection& selection, const PreparationLog& log) {
    return prepare(dataset, nullptr, selection, log);
}

PreparedData prepareInput(Dataset&& dataset, const DataSelection& selection, const PreparationLog& log) {
    return prepare(dataset, &dataset, selection, log);
}

}  // namespace dm
