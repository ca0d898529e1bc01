#pragma once
// Classification and clustering metrics with scikit-learn semantics, so numbers compare
// one to one with a Python notebook. Pure (no LibTorch); the GUI and the CLI include it.
#include <cstdint>
#include <string>
#include <vector>

namespace dm {

// counts[t][p]: cells of true class t predicted as p. rowNormalized[t][p] =
// counts[t][p] / support(t); a row with no support stays all 0 (nothing to divide).
struct ConfusionMatrix {
    std::vector<std::vector<int64_t>> counts;
    std::vector<std::vector<double>> rowNormalized;
};

// Throws InputError unless there is one prediction per label and both lie in 0..nClasses-1:
// the one check every score over predicted labels starts with.
void checkPredictions(const std::vector<int64_t>& yTrue, const std::vector<int64_t>& yPred, int64_t nClasses);

// Throws InputError when the vectors differ in length or a label lies outside 0..nClasses-1.
ConfusionMatrix confusionMatrix(const std::vector<int64_t>& yTrue, const std::vector<int64_t>& yPred,
                                int64_t nClasses);

struct ClassMetrics {
    std::string name;
    double precision = 0, recall = 0, f1 = 0;
    int64_t support = 0;    // cells of this class in y_true
    int64_t predicted = 0;  // cells predicted as this class
};

// sklearn.metrics.classification_report(y_true, y_pred, labels=range(nClasses),
// zero_division=0): every class takes part in the averages, also one absent from the
// test split. Where sklearn would warn about an ill-defined value it is 0 here and the
// class is listed: precision of a class never predicted, recall of a class with no
// support; F1 is 0 when precision + recall is 0.
struct ClassificationReport {
    std::vector<ClassMetrics> perClass;
    double accuracy = 0;
    double macroPrecision = 0, macroRecall = 0, macroF1 = 0;        // unweighted mean over all classes
    double weightedPrecision = 0, weightedRecall = 0, weightedF1 = 0;  // weighted by support
    std::vector<int64_t> absentFromTruth;  // classes with no cell in y_true (recall ill-defined)
    std::vector<int64_t> neverPredicted;   // classes never predicted (precision ill-defined)
    ConfusionMatrix confusion;
};

// classNames may be empty (classes are then named by index).
ClassificationReport classificationReport(const std::vector<int64_t>& yTrue, const std::vector<int64_t>& yPred,
                                          int64_t nClasses, const std::vector<std::string>& classNames = {});

// Area under the ROC curve of `score` for the cells with yTrue == 1 against those with
// yTrue == 0 (sklearn.metrics.roc_auc_score): the share of (positive, negative) pairs the
// score orders correctly, ties counting one half. Throws InputError when the lengths
// differ or either side has no cell.
double rocAucScore(const std::vector<int64_t>& yTrue, const std::vector<double>& score);

double accuracyScore(const std::vector<int64_t>& yTrue, const std::vector<int64_t>& yPred);

// Adjusted Rand index (Hubert & Arabie 1985), as sklearn.metrics.adjusted_rand_score:
// 1 for identical partitions (up to renaming), about 0 for random ones, can be negative.
// Labels are arbitrary integers (cluster ids need not be contiguous). Throws InputError
// when the lengths differ.
double adjustedRandIndex(const std::vector<int64_t>& a, const std::vector<int64_t>& b);

}  // namespace dm
