// Findings: gate + max_tries in seed order, accumulation, merge-order independence,
// ranking order, and the per-pass record JSON.
#include "common/error.h"
#include "engine/findings.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace dm;

namespace {
PassRecord record(int t, double accuracy, std::vector<float> importance) {
    PassRecord r;
    r.tryIndex = t;
    r.seed = 100 + static_cast<uint64_t>(t);
    r.accuracy = accuracy;
    r.geneImportance = std::move(importance);
    return r;
}

// Ten tries over 4 features; tries 2 and 5 fall below a 0.7 gate.
std::vector<PassRecord> tenTries() {
    std::vector<PassRecord> rs;
    for (int t = 0; t < 10; ++t) {
        const float a = static_cast<float>(t % 4), b = static_cast<float>((t * 7) % 5);
        rs.push_back(record(t, (t == 2 || t == 5) ? 0.6 : 0.9, {a, b, 1.5f, 2.0f - a}));
    }
    return rs;
}

const std::vector<std::string> kNames = {"CD3E", "MS4A1", "LYZ", "NKG7"};

std::vector<int> tryIndices(const Findings& f) {
    std::vector<int> out;
    for (const auto& r : f.passes) out.push_back(r.tryIndex);
    return out;
}
}  // namespace

class TestFindings : public QObject {
    Q_OBJECT
private slots:
    void mergeOrderDoesNotMatter() {
        const Findings inOrder = accumulateFindings(tenTries(), 5, 0.7, 0, 2, kNames);
        std::vector<PassRecord> shuffled = tenTries();
        std::reverse(shuffled.begin(), shuffled.end());
        std::swap(shuffled[1], shuffled[6]);
        const Findings merged = accumulateFindings(shuffled, 5, 0.7, 0, 2, kNames);
        QCOMPARE(merged.selectionFrequency, inOrder.selectionFrequency);
        QCOMPARE(merged.medianImportance, inOrder.medianImportance);
        QCOMPARE(merged.meanRank, inOrder.meanRank);
        QCOMPARE(merged.tries, inOrder.tries);
        QCOMPARE(merged.accepted, inOrder.accepted);
        QCOMPARE(tryIndices(merged), tryIndices(inOrder));
        // Five accepted passes need tries 0..6 (2 and 5 rejected); 7..9 are dropped.
        QCOMPARE(tryIndices(inOrder), (std::vector<int>{0, 1, 2, 3, 4, 5, 6}));
        QCOMPARE(inOrder.accepted, 5);
        QCOMPARE(inOrder.tries, 7);
        QVERIFY(!inOrder.partial);
    }

    void maxTriesCuts() {
        const Findings f = accumulateFindings(tenTries(), 5, 0.7, 4, 2, kNames);
        QCOMPARE(f.tries, 4);
        QCOMPARE(f.accepted, 3);  // tries 0, 1, 3
        QVERIFY(f.partial);
        QCOMPARE(tryIndices(f), (std::vector<int>{0, 1, 2, 3}));
        // maxTries <= 0 means 3 x passes: 3 passes -> at most 9 tries.
        const Findings g = accumulateFindings(tenTries(), 3, 0.95, 0, 2, kNames);
        QCOMPARE(g.tries, 9);
        QCOMPARE(g.accepted, 0);
        QVERIFY(g.partial);
    }

    void gateDecidedAtMerge() {
        std::vector<PassRecord> rs = {record(0, 0.69, {1, 0}), record(1, 0.7, {0, 1}), record(2, 0.9, {})};
        rs[0].accepted = true;  // a stale flag from the producing process is not trusted
        const Findings f = accumulateFindings(rs, 3, 0.7, 10, 1, {"a", "b"});
        QCOMPARE(f.passes.size(), size_t{3});
        QVERIFY(!f.passes[0].accepted);
        QVERIFY(f.passes[1].accepted);
        QVERIFY(!f.passes[2].accepted);  // no importances: rejected
        QCOMPARE(f.accepted, 1);
        QVERIFY(f.partial);
        QCOMPARE(f.selectionFrequency, (std::vector<double>{0, 1}));
    }

    void statisticsOfAcceptedPasses() {
        // Two accepted passes, top-1: tops {0} and {1}; ranks {1,2,3} and {3,1,2}.
        std::vector<PassRecord> rs = {record(0, 1, {3, 2, 1}), record(1, 0.1, {9, 9, 9}), record(2, 1, {1, 3, 2})};
        const Findings f = accumulateFindings(rs, 2, 0.5, 0, 1, {"x", "y", "z"}, {"X1", "Y1", "Z1"});
        QCOMPARE(f.accepted, 2);
        QCOMPARE(f.tries, 3);
        QCOMPARE(f.topK, 1);
        QVERIFY(!f.partial);
        QCOMPARE(f.selectionFrequency, (std::vector<double>{0.5, 0.5, 0}));
        QCOMPARE(f.meanRank, (std::vector<double>{2, 1.5, 2.5}));
        QCOMPARE(f.medianImportance, (std::vector<double>{2, 2.5, 1.5}));
        const auto top = f.ranking();
        QCOMPARE(top.size(), size_t{3});
        QCOMPARE(top[0].feature, int64_t{1});  // frequency ties with x; median 2.5 > 2
        QCOMPARE(top[0].name, std::string("y"));
        QCOMPARE(top[0].id, std::string("Y1"));
        QCOMPARE(top[0].meanRank, 1.5);
        QCOMPARE(top[1].feature, int64_t{0});
        QCOMPARE(top[2].feature, int64_t{2});
    }

    void noAcceptedPass() {
        const Findings f = accumulateFindings({record(0, 0.1, {1, 2})}, 2, 0.5, 0, 1, {"a", "b"});
        QCOMPARE(f.accepted, 0);
        QVERIFY(f.partial);
        QCOMPARE(f.selectionFrequency, (std::vector<double>{0, 0}));
        QCOMPARE(f.ranking().size(), size_t{2});
    }

    void rankingTieOrder() {
        Findings f;
        f.featureNames = {"a", "b", "c", "d"};
        f.selectionFrequency = {1, 1, 1, 0.5};
        f.medianImportance = {1, 2, 2, 9};
        f.meanRank = {3, 1, 2, 4};
        const auto r = f.ranking();
        std::vector<int64_t> order;
        for (const auto& x : r) order.push_back(x.feature);
        QCOMPARE(order, (std::vector<int64_t>{1, 2, 0, 3}));  // frequency, median, then index
        QCOMPARE(r[1].name, std::string("c"));
        QVERIFY(r[1].id.empty());
        QCOMPARE(f.ranking(2).size(), size_t{2});
        f.featureNames.clear();  // index_features: report the column index
        QCOMPARE(f.ranking(1)[0].name, std::string("1"));
    }

    void refusesInconsistentRecords() {
        QVERIFY_THROWS_EXCEPTION(InputError,
                                 accumulateFindings({record(0, 1, {1}), record(0, 1, {1})}, 1, 0, 0, 1, {"a"}));
        QVERIFY_THROWS_EXCEPTION(InputError, accumulateFindings({record(0, 1, {1, 2})}, 1, 0, 0, 1, {"a"}));
    }

    void passRecordJsonRoundTrip() {
        PassRecord r = record(7, 0.875, {0.25f, -1.5f, 3.1f});
        r.seed = 4294967301ULL;
        r.accepted = true;
        r.stopEpoch = 55;
        r.bestEpoch = 41;
        r.seconds = 12.5;
        r.trainLoss = {1.0, 0.5};
        r.valLoss = {1.25, std::numeric_limits<double>::quiet_NaN()};  // a diverged epoch
        const auto j = toJson(r);
        for (const char* k : {"try_index", "seed", "accuracy", "accepted", "stop_epoch", "best_epoch", "seconds",
                              "train_loss", "val_loss", "gene_importance"})
            QVERIFY2(j.contains(k), k);
        QVERIFY(j["gene_importance"].is_array());
        const PassRecord back = passRecordFromJson(nlohmann::json::parse(j.dump()));
        QCOMPARE(back.tryIndex, 7);
        QCOMPARE(back.seed, uint64_t{4294967301ULL});
        QCOMPARE(back.accuracy, 0.875);
        QVERIFY(back.accepted);
        QCOMPARE(back.stopEpoch, 55);
        QCOMPARE(back.bestEpoch, 41);
        QCOMPARE(back.seconds, 12.5);
        QCOMPARE(back.trainLoss, r.trainLoss);
        QCOMPARE(back.valLoss.size(), size_t{2});
        QCOMPARE(back.valLoss[0], 1.25);
        QVERIFY(std::isnan(back.valLoss[1]));
        QCOMPARE(back.geneImportance, r.geneImportance);  // float values survive exactly
    }

    void passRecordJsonErrors() {
        QVERIFY_THROWS_EXCEPTION(InputError, passRecordFromJson(nlohmann::json{{"seed", 1}, {"accuracy", 0.5}}));
        QVERIFY_THROWS_EXCEPTION(InputError, passRecordFromJson(nlohmann::json{
                                                 {"try_index", 0}, {"seed", 1}, {"accuracy", 0.5}, {"acurracy", 1}}));
        QVERIFY_THROWS_EXCEPTION(InputError, passRecordFromJson(nlohmann::json{
                                                 {"try_index", "zero"}, {"seed", 1}, {"accuracy", 0.5}}));
        QVERIFY_THROWS_EXCEPTION(InputError, passRecordFromJson(nlohmann::json{
                                                 {"try_index", 0}, {"seed", 1}, {"accuracy", 0.5},
                                                 {"gene_importance", "none"}}));
        const PassRecord minimal =
            passRecordFromJson(nlohmann::json{{"try_index", 3}, {"seed", 8}, {"accuracy", 0.5}});
        QCOMPARE(minimal.bestEpoch, -1);
        QVERIFY(minimal.geneImportance.empty());
    }
};

QTEST_GUILESS_MAIN(TestFindings)
#include "test_findings.moc"
