// DeepMapper per class: per-pass class importances accumulate into per-class rankings
// with the pooled statistics and a direction; the run record keeps them and old records
// without them still open; the runner gets them from the attributions it already makes.
#include "analysis/accumulate.h"
#include "analysis/class_means.h"
#include "common/error.h"
#include "data/dataset.h"
#include "data/synthetic.h"
#include "engine/findings.h"
#include "engine/runner.h"
#include "report/class_tables.h"
#include "report/run_record.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

#include <cmath>
#include <fstream>
#include <sstream>

using namespace dm;

namespace {

PassRecord pass(int t, std::vector<float> pooled, std::vector<std::vector<float>> perClass, std::vector<int> cells) {
    PassRecord r;
    r.tryIndex = t;
    r.seed = static_cast<uint64_t>(t);
    r.accuracy = 0.9;
    r.accepted = true;
    r.geneImportance = std::move(pooled);
    r.classImportance = std::move(perClass);
    r.classCells = std::move(cells);
    return r;
}

std::string slurp(const QString& path) {
    std::ifstream in(path.toStdString());
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

class TestClassFindings : public QObject {
    Q_OBJECT
private slots:
    void accumulatesEachClassLikeThePooledRanking() {
        // Class 0 is attributed in both passes, class 1 only in the second.
        std::vector<PassRecord> records{
            pass(0, {1, 2, 3, 4}, {{4, 3, 2, 1}, {}}, {3, 0}),
            pass(1, {1, 2, 3, 4}, {{3, 4, 1, 2}, {0, 0, 5, 1}}, {2, 4}),
        };
        const Findings f = accumulateFindings(records, 2, 0.5, 0, 2, {"a", "b", "c", "d"});
        QCOMPARE(f.byClass.size(), size_t(2));
        const ClassFindings& c0 = f.byClass[0];
        QCOMPARE(c0.passes, 2);
        QCOMPARE(c0.cells, 5);
        QCOMPARE(c0.selectionFrequency, selectionFrequency({topKSet({4, 3, 2, 1}, 2), topKSet({3, 4, 1, 2}, 2)}, 4));
        QCOMPARE(c0.medianImportance, (std::vector<double>{3.5, 3.5, 1.5, 1.5}));
        QCOMPARE(c0.meanRank, (std::vector<double>{1.5, 1.5, 3.5, 3.5}));
        const ClassFindings& c1 = f.byClass[1];
        QCOMPARE(c1.passes, 1);
        QCOMPARE(c1.cells, 4);
        QCOMPARE(c1.selectionFrequency, (std::vector<double>{0, 0, 1, 1}));
        // The class ranking orders like the pooled one: frequency, then median importance.
        const auto r1 = f.classRanking(1);
        QCOMPARE(r1.front().name, std::string("c"));
        QCOMPARE(r1[1].name, std::string("d"));
        // The pooled ranking is untouched by the per-class data.
        QCOMPARE(f.ranking().front().name, std::string("d"));
    }

    void recordsWithoutClassImportanceGiveNoClassRankings() {
        std::vector<PassRecord> records{pass(0, {1, 2, 3}, {}, {})};
        const Findings f = accumulateFindings(records, 1, 0.5, 0, 2, {"a", "b", "c"});
        QVERIFY(!f.hasClassFindings());
        QVERIFY(f.classRanking(0).empty());
        QVERIFY_THROWS_EXCEPTION(Error, writeRankingByClassCsv(f, "/nonexistent/x.csv"));
    }

    void wrongLengthClassImportanceIsAnInputError() {
        std::vector<PassRecord> records{pass(0, {1, 2, 3}, {{1, 2}}, {1})};
        QVERIFY_THROWS_EXCEPTION(InputError, accumulateFindings(records, 1, 0.5, 0, 2, {"a", "b", "c"}));
    }

    void directionComparesTheClassWithTheRest() {
        Findings f;
        f.byClass.resize(2);
        // Gene 0 higher in class 0, gene 1 lower, gene 2 equal (zero everywhere).
        setClassDirections(f, {{2, 0, 0}, {1, 3, 0}}, {2, 6});
        QCOMPARE(f.byClass[0].meanIn, (std::vector<float>{2, 0, 0}));
        QCOMPARE(f.byClass[0].meanOut, (std::vector<float>{1, 3, 0}));
        QCOMPARE(f.byClass[0].direction(0), 1);
        QCOMPARE(f.byClass[0].direction(1), -1);
        QCOMPARE(f.byClass[0].direction(2), 0);
        QCOMPARE(f.byClass[1].direction(0), -1);
        QCOMPARE(f.byClass[1].direction(1), 1);
        QCOMPARE(f.byClass[1].direction(7), 0);  // unknown gene: no direction
        QCOMPARE(std::string(directionName(1)), std::string("up"));
        QCOMPARE(std::string(directionName(-1)), std::string("down"));
    }

    void classMeansCountExpressingCells() {
        CsrMatrix X;
        X.rows = 3;
        X.cols = 2;
        X.indptr = {0, 1, 2, 4};
        X.indices = {0, 1, 0, 1};
        X.values = {1.0f, 0.0f, 2.0f, 4.0f};  // a stored zero does not count as expressing
        const ClassMeans m = classMeans(X, {0, 0, 1}, {"A", "B"});
        QCOMPARE(m.fraction[0], (std::vector<float>{0.5f, 0.0f}));
        QCOMPARE(m.fraction[1], (std::vector<float>{1.0f, 1.0f}));
    }

    void passRecordJsonKeepsClassImportanceAndReadsOldRecords() {
        const PassRecord r = pass(3, {1, 2}, {{0.5f, 0.25f}, {}}, {2, 0});
        const PassRecord back = passRecordFromJson(toJson(r));
        QCOMPARE(back.classImportance, r.classImportance);
        QCOMPARE(back.classCells, r.classCells);
        nlohmann::json old = toJson(r);
        old.erase("class_importance");
        old.erase("class_cells");
        QVERIFY(passRecordFromJson(old).classImportance.empty());
        nlohmann::json bad = toJson(r);
        bad["class_importance"] = "x";
        QVERIFY_THROWS_EXCEPTION(InputError, passRecordFromJson(bad));
    }

    void runRecordRoundTripsByClassAndOpensVersionOne() {
        RunRecord rec;
        rec.dataset.classes = {"A", "B"};
        rec.dataset.classCounts = {2, 6};
        std::vector<PassRecord> records{pass(0, {1, 2, 3}, {{3, 2, 1}, {1, 2, 3}}, {1, 1})};
        rec.findings = accumulateFindings(records, 1, 0.5, 0, 1, {"a", "b", "c"});
        rec.findings.classNames = rec.dataset.classes;
        setClassDirections(rec.findings, {{2, 0, 1}, {1, 3, 1}}, {2, 6});
        const nlohmann::json j = toJson(rec);
        QCOMPARE(j.at("format_version").get<int>(), kRunRecordVersion);
        const RunRecord back = runRecordFromJson(j);
        QCOMPARE(back.findings.byClass.size(), size_t(2));
        QCOMPARE(back.findings.byClass[1].selectionFrequency, rec.findings.byClass[1].selectionFrequency);
        QCOMPARE(back.findings.byClass[0].meanOut, rec.findings.byClass[0].meanOut);
        QCOMPARE(back.findings.classRanking(1).front().name, std::string("c"));
        QCOMPARE(back.findings.classRanking(0).front().direction, 1);

        // A version-1 record (no by_class, passes without class importances) still opens.
        nlohmann::json v1 = j;
        v1["format_version"] = 1;
        v1.erase("by_class");
        for (auto& p : v1["passes"]) {
            p.erase("class_importance");
            p.erase("class_cells");
        }
        const RunRecord old = runRecordFromJson(v1);
        QVERIFY(!old.findings.hasClassFindings());
        QCOMPARE(old.findings.ranking().front().name, back.findings.ranking().front().name);

        // by_class with a wrong gene count is refused with a message naming it.
        nlohmann::json bad = j;
        bad["by_class"][0]["mean_rank"] = {1, 2};
        try {
            runRecordFromJson(bad);
            QFAIL("expected InputError");
        } catch (const InputError& e) {
            QVERIFY2(std::string(e.what()).find("by_class[0].mean_rank") != std::string::npos, e.what());
        }
    }

    void rankingByClassCsvListsEveryClassAndGene() {
        std::vector<PassRecord> records{pass(0, {1, 2, 3}, {{3, 2, 1}, {1, 2, 3}}, {1, 2})};
        Findings f = accumulateFindings(records, 1, 0.5, 0, 1, {"a", "b", "c"});
        f.classNames = {"T, cells", "B"};
        setClassDirections(f, {{2, 0, 1}, {1, 3, 1}}, {2, 6});
        QTemporaryDir dir;
        const QString path = dir.filePath("ranking_by_class.csv");
        writeRankingByClassCsv(f, path.toStdString());
        const std::string text = slurp(path);
        std::istringstream lines(text);
        std::string header, first;
        std::getline(lines, header);
        std::getline(lines, first);
        QCOMPARE(header, std::string("class,rank,gene,selection_frequency,median_importance,mean_rank,direction,"
                                     "mean_in,mean_out,class_passes,class_cells"));
        QCOMPARE(first, std::string("\"T, cells\",1,a,1,3,1,up,2,1,1,1"));
        QCOMPARE(std::count(text.begin(), text.end(), '\n'), 7L);  // header + 2 classes x 3 genes
    }

    // The runner's per-class maps come from the same per-cell attributions as the pooled
    // map: the pooled importance is their cell-weighted mean.
    void runnerClassMapsAverageToThePooledMap() {
        SyntheticSpec spec;
        spec.cells = 180;
        spec.genes = 64;
        spec.markersPerClass = 4;
        spec.chordPerClass = 2;
        spec.seed = 9;
        SyntheticData data = generateSynthetic(spec);
        for (float& v : data.dataset.X.values) v = std::log1p(v);
        const Labels labels = labelsFromColumn(data.dataset, kSyntheticLabelColumn);
        RunInput in;
        in.X = &data.dataset.X;
        in.y = labels.y;
        in.classes = labels.classes;
        in.featureNames = data.dataset.geneNames;
        RunConfig c;
        c.passes = 2;
        c.epochs = 2;
        c.batchSize = 32;
        c.earlyStop.minEpochs = 0;
        c.attribution.samples = 20;
        c.attribution.method = "saliency";
        c.minAccuracy = 0.0;
        c.topK = 5;
        c.threads = 1;
        // "class_abs" (the default): the pooled map is each gene's best class.
        const Findings best = runDeepMapper(in, c);
        for (const PassRecord& p : best.passes) {
            if (!p.accepted) continue;
            for (size_t g = 0; g < p.geneImportance.size(); ++g) {
                float top = 0.0f;
                for (const auto& k : p.classImportance)
                    if (!k.empty()) top = std::max(top, k[g]);
                QCOMPARE(p.geneImportance[g], top);
            }
        }
        // "abs": the pooled map is the cell-weighted mean of the class maps.
        c.attribution.aggregate = "abs";
        const Findings f = runDeepMapper(in, c);
        QCOMPARE(f.byClass.size(), in.classes.size());
        QCOMPARE(f.classNames, in.classes);
        for (const PassRecord& p : f.passes) {
            if (!p.accepted) continue;
            QCOMPARE(p.classImportance.size(), in.classes.size());
            int total = 0;
            for (int n : p.classCells) total += n;
            QCOMPARE(total, 20);
            for (size_t g = 0; g < p.geneImportance.size(); ++g) {
                double weighted = 0;
                for (size_t k = 0; k < p.classImportance.size(); ++k)
                    if (!p.classImportance[k].empty()) weighted += p.classCells[k] * double(p.classImportance[k][g]);
                QVERIFY2(std::abs(weighted / total - p.geneImportance[g]) <= 1e-5 * (1 + std::abs(p.geneImportance[g])),
                         qPrintable(QString("gene %1").arg(g)));
            }
        }
        // A planted marker of a class is up in that class.
        const ClassMeans means = classMeans(*in.X, in.y, in.classes);
        for (size_t k = 0; k < f.byClass.size(); ++k) QCOMPARE(f.byClass[k].meanIn, means.mean[k]);
        for (size_t g = 0; g < in.featureNames.size(); ++g)
            if (in.featureNames[g].rfind("MK_", 0) == 0) {
                int ups = 0;
                for (size_t k = 0; k < f.byClass.size(); ++k) ups += f.byClass[k].direction(g) > 0 ? 1 : 0;
                QVERIFY2(ups >= 1, in.featureNames[g].c_str());
            }
    }
};

QTEST_APPLESS_MAIN(TestClassFindings)
#include "test_class_findings.moc"
