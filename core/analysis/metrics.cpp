#include "analysis/metrics.h"

#include "common/error.h"

#include <algorithm>
#include <map>
#include <utility>

namespace dm {

namespace {

double ratioOrZero(double num, double den) { return den > 0 ? num / den : 0.0; }

}  // namespace

void checkPredictions(const std::vector<int64_t>& yTrue, const std::vector<int64_t>& yPred, int64_t nClasses) {
    if (yTrue.size() != yPred.size())
        throw InputError("scoring needs one prediction per cell: " + std::to_string(yTrue.size()) +
                         " true labels but " + std::to_string(yPred.size()) + " predictions");
    if (nClasses < 1) throw InputError("scoring needs at least one class");
    for (const auto* v : {&yTrue, &yPred})
        for (int64_t c : *v)
            if (c < 0 || c >= nClasses)
                throw InputError("label " + std::to_string(c) + " outside the classes 0.." +
                                 std::to_string(nClasses - 1) + "; drop unlabelled cells before scoring");
}

ConfusionMatrix confusionMatrix(const std::vector<int64_t>& yTrue, const std::vector<int64_t>& yPred,
                                int64_t nClasses) {
    checkPredictions(yTrue, yPred, nClasses);
    const auto k = static_cast<size_t>(nClasses);
    ConfusionMatrix cm;
    cm.counts.assign(k, std::vector<int64_t>(k, 0));
    for (size_t i = 0; i < yTrue.size(); ++i) ++cm.counts[static_cast<size_t>(yTrue[i])][static_cast<size_t>(yPred[i])];
    cm.rowNormalized.assign(k, std::vector<double>(k, 0.0));
    for (size_t t = 0; t < k; ++t) {
        int64_t support = 0;
        for (int64_t c : cm.counts[t]) support += c;
        for (size_t p = 0; p < k; ++p)
            cm.rowNormalized[t][p] = ratioOrZero(static_cast<double>(cm.counts[t][p]), static_cast<double>(support));
    }
    return cm;
}

double accuracyScore(const std::vector<int64_t>& yTrue, const std::vector<int64_t>& yPred) {
    if (yTrue.size() != yPred.size())
        throw InputError("accuracy needs one prediction per cell: " + std::to_string(yTrue.size()) +
                         " true labels but " + std::to_string(yPred.size()) + " predictions");
    if (yTrue.empty()) return 0.0;
    int64_t correct = 0;
    for (size_t i = 0; i < yTrue.size(); ++i) correct += yTrue[i] == yPred[i] ? 1 : 0;
    return static_cast<double>(correct) / static_cast<double>(yTrue.size());
}

ClassificationReport classificationReport(const std::vector<int64_t>& yTrue, const std::vector<int64_t>& yPred,
                                          int64_t nClasses, const std::vector<std::string>& classNames) {
    if (!classNames.empty() && static_cast<int64_t>(classNames.size()) != nClasses)
        throw InputError(std::to_string(classNames.size()) + " class names for " + std::to_string(nClasses) +
                         " classes");
    ClassificationReport r;
    r.confusion = confusionMatrix(yTrue, yPred, nClasses);
    r.accuracy = accuracyScore(yTrue, yPred);
    const auto k = static_cast<size_t>(nClasses);
    const auto& cm = r.confusion.counts;
    int64_t total = 0;
    for (size_t c = 0; c < k; ++c) {
        ClassMetrics m;
        m.name = classNames.empty() ? std::to_string(c) : classNames[c];
        for (size_t o = 0; o < k; ++o) {
            m.support += cm[c][o];
            m.predicted += cm[o][c];
        }
        const auto tp = static_cast<double>(cm[c][c]);
        m.precision = ratioOrZero(tp, static_cast<double>(m.predicted));
        m.recall = ratioOrZero(tp, static_cast<double>(m.support));
        m.f1 = ratioOrZero(2.0 * m.precision * m.recall, m.precision + m.recall);
        if (m.support == 0) r.absentFromTruth.push_back(static_cast<int64_t>(c));
        if (m.predicted == 0) r.neverPredicted.push_back(static_cast<int64_t>(c));
        total += m.support;
        r.perClass.push_back(std::move(m));
    }
    for (const ClassMetrics& m : r.perClass) {
        const double w = ratioOrZero(static_cast<double>(m.support), static_cast<double>(total));
        r.macroPrecision += m.precision / static_cast<double>(k);
        r.macroRecall += m.recall / static_cast<double>(k);
        r.macroF1 += m.f1 / static_cast<double>(k);
        r.weightedPrecision += w * m.precision;
        r.weightedRecall += w * m.recall;
        r.weightedF1 += w * m.f1;
    }
    return r;
}

double adjustedRandIndex(const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
    if (a.size() != b.size())
        throw InputError("adjusted Rand index needs two labelings of the same cells: " + std::to_string(a.size()) +
                         " vs " + std::to_string(b.size()) + " labels");
    // Pair counts from the contingency table, in long double: n^4 overflows int64 past
    // ~55k cells. Same closed form as sklearn's pair-confusion implementation.
    std::map<std::pair<int64_t, int64_t>, int64_t> joint;
    std::map<int64_t, int64_t> rowsA, colsB;
    for (size_t i = 0; i < a.size(); ++i) {
        ++joint[{a[i], b[i]}];
        ++rowsA[a[i]];
        ++colsB[b[i]];
    }
    auto pairs = [](int64_t n) { return static_cast<long double>(n) * static_cast<long double>(n - 1) / 2; };
    long double together = 0, sameA = 0, sameB = 0;
    for (const auto& kv : joint) together += pairs(kv.second);
    for (const auto& kv : rowsA) sameA += pairs(kv.second);
    for (const auto& kv : colsB) sameB += pairs(kv.second);
    const long double all = pairs(static_cast<int64_t>(a.size()));
    const long double tp = together, fn = sameA - together, fp = sameB - together;
    const long double tn = all - sameA - sameB + together;
    if (fn == 0 && fp == 0) return 1.0;  // identical partitions (also both trivial)
    return static_cast<double>(2 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn)));
}

double rocAucScore(const std::vector<int64_t>& yTrue, const std::vector<double>& score) {
    if (yTrue.size() != score.size())
        throw InputError("ROC AUC: " + std::to_string(yTrue.size()) + " labels but " + std::to_string(score.size()) +
                         " scores");
    std::vector<size_t> order(score.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return score[a] < score[b]; });
    // Mann-Whitney: rank sum of the positives with mid-ranks for ties.
    double rankSum = 0, positives = 0;
    for (size_t i = 0; i < order.size();) {
        size_t j = i;
        while (j < order.size() && score[order[j]] == score[order[i]]) ++j;
        const double rank = static_cast<double>(i + 1 + j) / 2.0;
        for (size_t k = i; k < j; ++k)
            if (yTrue[order[k]] == 1) rankSum += rank, ++positives;
        i = j;
    }
    const double negatives = static_cast<double>(order.size()) - positives;
    if (positives == 0 || negatives == 0)
        throw InputError("ROC AUC needs cells of both sides; got " + std::to_string(static_cast<int64_t>(positives)) +
                         " positive and " + std::to_string(static_cast<int64_t>(negatives)) + " negative");
    return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
}

}  // namespace dm
