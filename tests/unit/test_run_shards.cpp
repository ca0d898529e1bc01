// A run spread over processes: shards of tries accumulate to exactly the Findings of one
// process; a resumed run reads finished tries back instead of retraining them; the try
// store on disk round-trips and refuses records of another run; coverage names missing
// tries; the dataset fingerprint tells inputs apart.
#include "common/error.h"
#include "data/dataset.h"
#include "data/synthetic.h"
#include "data/dataset_fingerprint.h"
#include "engine/run_accumulation.h"
#include "engine/runner.h"
#include "report/try_store.h"

#include <QTemporaryDir>
#include "tiny_input.h"

#include <QTest>

#include <cmath>

using namespace dm;

namespace {

using Tiny = test::TinyInput;

Tiny tinyData() {
    SyntheticSpec spec;
    spec.cells = 240;
    spec.genes = 120;
    spec.markersPerClass = 4;
    spec.chordPerClass = 2;
    spec.seed = 9;
    return test::tinyInput(spec);
}

RunConfig tinyConfig() {
    RunConfig c;
    c.passes = 3;
    c.epochs = 2;
    c.batchSize = 32;
    c.lr = 3e-3;
    c.earlyStop.minEpochs = 0;
    c.earlyStop.patience = 1;
    c.attribution.samples = 12;
    c.attribution.igSteps = 4;
    c.attribution.internalBatch = 4;
    c.topK = 8;
    c.threads = 1;
    c.seed = 40;
    return c;
}

struct StartCounter : RunObserver {
    int started = 0, finished = 0;
    void passStarted(int, uint64_t) override { ++started; }
    void passFinished(const PassEvent&) override { ++finished; }
};

PassRecord record(int t, double accuracy, std::vector<float> importance) {
    PassRecord r;
    r.tryIndex = t;
    r.seed = static_cast<uint64_t>(t);
    r.accuracy = accuracy;
    r.geneImportance = std::move(importance);
    return r;
}

void compareFindings(const Findings& a, const Findings& b) {
    QCOMPARE(a.selectionFrequency, b.selectionFrequency);
    QCOMPARE(a.medianImportance, b.medianImportance);
    QCOMPARE(a.meanRank, b.meanRank);
    QCOMPARE(a.accepted, b.accepted);
    QCOMPARE(a.tries, b.tries);
    QCOMPARE(a.partial, b.partial);
    QCOMPARE(a.featureNames, b.featureNames);
}

ShardHeader headerFor(const Tiny& t, const RunConfig& c) {
    ShardHeader h;
    h.config = c;
    h.dataset.source = "tiny";
    h.dataset.cells = t.input.X->rows;
    h.dataset.genes = t.input.X->cols;
    h.dataset.fingerprint = datasetFingerprint(t.input);
    h.featureNames = t.input.featureNames;
    h.input = nlohmann::json::array({"tiny.h5ad", "--label", "cell_type"});
    return h;
}

}  // namespace

class TestRunShards : public QObject {
    Q_OBJECT

    Tiny tiny_ = tinyData();
    Findings whole_;

private slots:
    void initTestCase() { whole_ = runDeepMapper(tiny_.input, tinyConfig()); }

    void shardsMergeToTheSingleProcessFindings() {
        QCOMPARE(whole_.accepted, 3);
        // Two shards out of order, the second running past what one process needed.
        std::vector<PassRecord> records = runTries(tiny_.input, tinyConfig(), 2, 5);
        QCOMPARE(records.size(), size_t(3));
        QCOMPARE(records.front().tryIndex, 2);
        for (PassRecord& r : runTries(tiny_.input, tinyConfig(), 0, 2)) records.push_back(std::move(r));
        const Findings merged = accumulateRun(records, tinyConfig(), tiny_.input.featureNames);
        compareFindings(merged, whole_);
        for (size_t i = 0; i < merged.passes.size(); ++i)
            QCOMPARE(merged.passes[i].geneImportance, whole_.passes[i].geneImportance);
        QVERIFY(tryCoverage({2, 3, 4, 0, 1}, merged, tinyConfig()).complete);
    }

    void resumeReadsFinishedTriesBack() {
        std::vector<PassRecord> finished(whole_.passes.begin(), whole_.passes.begin() + 2);
        StartCounter counter;
        const Findings resumed = runDeepMapper(tiny_.input, tinyConfig(), &counter, nullptr, finished);
        QCOMPARE(counter.started, 1);   // only try 2 trained
        QCOMPARE(counter.finished, 3);  // all three reported
        compareFindings(resumed, whole_);
        // A record of another run (its seed is not seed + t) is refused.
        finished[0].seed += 1;
        QVERIFY_THROWS_EXCEPTION(InputError, runDeepMapper(tiny_.input, tinyConfig(), nullptr, nullptr, finished));
    }

    void indexFeaturesAppliesToMergeToo() {
        RunConfig c = tinyConfig();
        c.indexFeatures = true;
        const Findings f = accumulateRun(whole_.passes, c, tiny_.input.featureNames);
        QCOMPARE(f.featureNames[7], std::string("7"));
    }

    void coverageNamesMissingTries() {
        RunConfig c;
        c.passes = 3;
        c.minAccuracy = 0.5;
        const std::vector<PassRecord> records = {record(0, 0.9, {1, 2}), record(1, 0.9, {2, 1}), record(3, 0.9, {1, 1}),
                                                 record(4, 0.9, {1, 1}), record(6, 0.9, {1, 1})};
        const std::vector<int> present = {0, 1, 3, 4, 6};
        // The walk stops at the gap: tries 3.. are not used, the result is partial.
        const Findings f = accumulateRun(records, c, {"a", "b"});
        QCOMPARE(f.tries, 2);
        QCOMPARE(f.accepted, 2);
        QVERIFY(f.partial);
        const TryCoverage cov = tryCoverage(present, f, c);
        QVERIFY(!cov.complete);
        QCOMPARE(cov.usedTries, 2);
        QCOMPARE(cov.missing, (std::vector<std::pair<int, int>>{{2, 3}, {5, 6}}));
        const std::string text = cov.describe(c);
        QVERIFY2(text.find("try 2") != std::string::npos && text.find("--tries 2:3") != std::string::npos, text.c_str());
        // Enough accepted before the gap: complete, the gap does not matter.
        c.passes = 2;
        QVERIFY(tryCoverage(present, accumulateRun(records, c, {"a", "b"}), c).complete);
        // Every present try used, still short: more tries are asked for.
        c.passes = 3;
        const std::vector<PassRecord> shortRun = {record(0, 0.9, {1, 2}), record(1, 0.1, {})};
        const TryCoverage tail = tryCoverage({0, 1}, accumulateRun(shortRun, c, {"a", "b"}), c);
        QVERIFY(!tail.complete);
        QVERIFY(tail.missing.empty());
        QVERIFY2(tail.describe(c).find("--tries 2:") != std::string::npos, tail.describe(c).c_str());
    }

    void storeRoundTripsAndRefusesAnotherRun() {
        QTemporaryDir dir;
        const TryStore store(dir.path().toStdString());
        QVERIFY(!store.exists());
        const ShardHeader header = headerFor(tiny_, tinyConfig());
        store.open(header);
        QVERIFY(store.exists());
        for (const PassRecord& r : whole_.passes) store.add(r);
        const std::vector<PassRecord> back = store.records();
        QCOMPARE(back.size(), whole_.passes.size());
        for (size_t i = 0; i < back.size(); ++i) {
            QCOMPARE(back[i].tryIndex, whole_.passes[i].tryIndex);
            QCOMPARE(back[i].accuracy, whole_.passes[i].accuracy);
            QCOMPARE(back[i].geneImportance, whole_.passes[i].geneImportance);  // floats round-trip exactly
        }
        const Shard shard = readShard(dir.path().toStdString() + "/tries");
        QCOMPARE(shard.records.size(), back.size());
        QCOMPARE(shard.header.featureNames, tiny_.input.featureNames);
        QVERIFY(shard.header.input == header.input);

        // Same run with other threads: fine. Other epochs: refused, naming the setting.
        RunConfig otherThreads = tinyConfig();
        otherThreads.threads = 2;
        store.open(headerFor(tiny_, otherThreads));
        RunConfig otherEpochs = tinyConfig();
        otherEpochs.epochs = 7;
        try {
            store.open(headerFor(tiny_, otherEpochs));
            QFAIL("a store of another configuration was opened");
        } catch (const InputError& e) {
            QVERIFY2(std::string(e.what()).find("epochs: 2 vs 7") != std::string::npos, e.what());
        }
        ShardHeader otherData = header;
        otherData.dataset.fingerprint = "0000000000000000";
        QVERIFY(headerDifference(header, otherData).find("fingerprint") != std::string::npos);
        QVERIFY(headerDifference(header, header).empty());
        // create() starts afresh.
        store.create(header);
        QVERIFY(store.records().empty());
        store.remove();
        QVERIFY(!store.exists());
        QVERIFY_THROWS_EXCEPTION(InputError, readShard(dir.path().toStdString()));
    }

    void fingerprintTellsInputsApart() {
        Tiny t = tinyData();
        const std::string a = datasetFingerprint(t.input);
        QCOMPARE(a.size(), size_t(16));
        QCOMPARE(datasetFingerprint(tinyData().input), a);
        t.data.dataset.X.values[5] += 1.0f;
        QVERIFY(datasetFingerprint(t.input) != a);
        Tiny u = tinyData();
        std::swap(u.input.y[0], u.input.y[200]);
        if (u.input.y[0] != u.input.y[200]) QVERIFY(datasetFingerprint(u.input) != a);
        Tiny v = tinyData();
        v.input.featureNames[3] = "renamed";
        QVERIFY(datasetFingerprint(v.input) != a);
    }
};

QTEST_GUILESS_MAIN(TestRunShards)
#include "test_run_shards.moc"
