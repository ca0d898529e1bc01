// The pure parts of the de-novo hybrid pipeline: id namespacing, the sc table, Salmon
// quant.sf reading and FASTA handling. No external tools needed.
#include "common/error.h"
#include "data/readers.h"
#include "denovo/denovo_ids.h"
#include "denovo/fasta.h"
#include "denovo/sc_table.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <sstream>

using namespace dm;

namespace {
std::string writeText(const QTemporaryDir& dir, const char* name, const std::string& text) {
    const std::string path = dir.filePath(name).toStdString();
    std::ofstream(path) << text;
    return path;
}

std::string readText(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

const char* kQuantHeader = "Name\tLength\tEffectiveLength\tTPM\tNumReads\n";
}  // namespace

class TestDenovoPure : public QObject {
    Q_OBJECT
private slots:
    void isDenovoLooksAtThePrefixOnly() {
        QVERIFY(isDenovo("DENOVO_NODE_1"));
        QVERIFY(!isDenovo("ENST0001"));
        QVERIFY(!isDenovo("denovo_x"));      // case matters: the tag is ours, exact
        QVERIFY(!isDenovo("X_DENOVO_1"));    // prefix, not substring
        QVERIFY(!isDenovo(""));
    }
    void tagDenovoIsIdempotent() {
        QCOMPARE(tagDenovo("NODE_1"), std::string("DENOVO_NODE_1"));
        QCOMPARE(tagDenovo(tagDenovo("NODE_1")), std::string("DENOVO_NODE_1"));
        QCOMPARE(tagDenovo("DENOVO_x"), std::string("DENOVO_x"));
    }
    void mergeKeepsReferenceAndTagsDenovo() {
        const auto merged = mergeReferenceAndDenovo({"ENST1", "ENST2"}, {"NODE_1", "DENOVO_NODE_2"});
        QCOMPARE(merged, (std::vector<std::string>{"ENST1", "ENST2", "DENOVO_NODE_1", "DENOVO_NODE_2"}));
        // A de-novo id equal to a reference id no longer collides once tagged.
        const auto same = mergeReferenceAndDenovo({"T1"}, {"T1"});
        QCOMPARE(same, (std::vector<std::string>{"T1", "DENOVO_T1"}));
    }
    void mergeThrowsOnCollision() {
        // Tagged and untagged spellings of the same de-novo id.
        QVERIFY_THROWS_EXCEPTION(InputError, mergeReferenceAndDenovo({"ENST1"}, {"N1", "DENOVO_N1"}));
        // A reference id squatting on the reserved prefix.
        QVERIFY_THROWS_EXCEPTION(InputError, mergeReferenceAndDenovo({"DENOVO_N1"}, {"N2"}));
        QVERIFY_THROWS_EXCEPTION(InputError, mergeReferenceAndDenovo({"A", "A"}, {}));
    }
    void denovoFractionCounts() {
        QCOMPARE(denovoFraction({}), 0.0);
        QCOMPARE(denovoFraction({"A", "DENOVO_B", "C", "DENOVO_D"}), 0.5);
        QCOMPARE(denovoFraction({"DENOVO_B"}), 1.0);
    }
    void buildScTableFillsMissingWithZero() {
        const SampleCounts per = {{"s2", {{"T1", 5}, {"T2", 1.5}}}, {"s1", {{"T3", 7}, {"T1", 2}}}};
        const ScTable t = buildScTable(per);
        QCOMPARE(t.samples, (std::vector<std::string>{"s2", "s1"}));  // insertion order, not sorted
        QCOMPARE(t.transcripts, (std::vector<std::string>{"T1", "T2", "T3"}));
        QCOMPARE(t.at(0, 0), 5.0);
        QCOMPARE(t.at(0, 1), 2.0);
        QCOMPARE(t.at(1, 1), 0.0);  // T2 missing in s1
        QCOMPARE(t.at(2, 0), 0.0);  // T3 missing in s2
        QCOMPARE(t.at(2, 1), 7.0);
        QCOMPARE(t.find("T3"), int64_t(2));
        QCOMPARE(t.find("nope"), int64_t(-1));
    }
    void buildScTableRejectsDuplicates() {
        QVERIFY_THROWS_EXCEPTION(InputError, buildScTable({{"s", {{"T", 1}}}, {"s", {{"T", 2}}}}));
        QVERIFY_THROWS_EXCEPTION(InputError, buildScTable({{"s", {{"T", 1}, {"T", 2}}}}));
    }
    void denovoFlagsFollowIds() {
        const ScTable t = buildScTable({{"s", {{"ENST1", 1}, {"DENOVO_N1", 2}}}});
        QCOMPARE(t.denovoFlags(), (std::vector<bool>{false, true}));
    }
    void readQuantReadsNumReads() {
        QTemporaryDir dir;
        const std::string path = writeText(dir, "quant.sf",
                                           std::string(kQuantHeader) +
                                               "ENST1\t1000\t850.0\t12.5\t40.25\n"
                                               "DENOVO_NODE_1\t600\t450.0\t0\t0\n");
        const TranscriptCounts c = readQuant(path);
        QCOMPARE(c.size(), size_t(2));
        QCOMPARE(c[0].first, std::string("ENST1"));
        QCOMPARE(c[0].second, 40.25);
        QCOMPARE(c[1].first, std::string("DENOVO_NODE_1"));
        QCOMPARE(c[1].second, 0.0);
    }
    void readQuantNamesFileAndLine() {
        QTemporaryDir dir;
        const std::string bad = writeText(dir, "bad.sf", std::string(kQuantHeader) +
                                                             "ENST1\t1000\t850\t1\t3\n"
                                                             "ENST2\t1000\t850\t1\tlots\n");
        try {
            readQuant(bad);
            QFAIL("no error for a non-numeric NumReads");
        } catch (const InputError& e) {
            const std::string msg = e.what();
            QVERIFY2(msg.find(bad) != std::string::npos, e.what());
            QVERIFY2(msg.find("line 3") != std::string::npos, e.what());
        }
        const std::string shortRow = writeText(dir, "short.sf", std::string(kQuantHeader) + "ENST1\t1000\n");
        QVERIFY_THROWS_EXCEPTION(InputError, readQuant(shortRow));
        const std::string noHeader = writeText(dir, "nohdr.sf", "ENST1\t1000\t850\t1\t3\n");
        QVERIFY_THROWS_EXCEPTION(InputError, readQuant(noHeader));
        const std::string negative = writeText(dir, "neg.sf", std::string(kQuantHeader) + "ENST1\t1\t1\t1\t-2\n");
        QVERIFY_THROWS_EXCEPTION(InputError, readQuant(negative));
        QVERIFY_THROWS_EXCEPTION(InputError, readQuant(dir.filePath("missing.sf").toStdString()));
    }
    void fastaRoundTrip() {
        QTemporaryDir dir;
        const std::string in = writeText(dir, "in.fa",
                                         ">NODE_1_length_12 cov=3\nACGTAC\r\nGTACGT\n\n>T2\nAAAA\n");
        const auto records = readFasta(in);
        QCOMPARE(records.size(), size_t(2));
        QCOMPARE(records[0].id(), std::string("NODE_1_length_12"));
        QCOMPARE(records[0].sequence, std::string("ACGTACGTACGT"));
        QCOMPARE(records[1].sequence, std::string("AAAA"));
        const std::string out = dir.filePath("out.fa").toStdString();
        writeFasta(out, records, 5);
        QCOMPARE(readText(out), std::string(">NODE_1_length_12 cov=3\nACGTA\nCGTAC\nGT\n>T2\nAAAA\n"));
        const auto again = readFasta(out);
        QCOMPARE(again[0].sequence, records[0].sequence);
        QCOMPARE(again[0].header, records[0].header);
    }
    void fastaRejectsSequenceBeforeHeader() {
        QTemporaryDir dir;
        const std::string bad = writeText(dir, "bad.fa", "ACGT\n>T1\nAC\n");
        try {
            readFasta(bad);
            QFAIL("no error for a headless FASTA");
        } catch (const InputError& e) {
            QVERIFY2(std::string(e.what()).find("line 1") != std::string::npos, e.what());
        }
        QVERIFY_THROWS_EXCEPTION(InputError, readFasta(writeText(dir, "noid.fa", "> desc only\nAC\n")));
    }
    void tagFastaHeadersTagsIdsKeepsDescriptions() {
        std::vector<FastaRecord> r = {{"NODE_1 len=5", "ACGTA"}, {"DENOVO_NODE_2", "CC"}};
        const auto tagged = tagFastaHeaders(tagFastaHeaders(r));  // twice: still tagged once
        QCOMPARE(tagged[0].header, std::string("DENOVO_NODE_1 len=5"));
        QCOMPARE(tagged[1].header, std::string("DENOVO_NODE_2"));
        QCOMPARE(tagged[0].sequence, std::string("ACGTA"));
    }
    void hybridFastaIsReferencePlusTaggedDenovo() {
        QTemporaryDir dir;
        const std::string ref = writeText(dir, "ref.fa", ">ENST1 gene=A\nACGT\n>ENST2\nGGGG\n");
        const std::string out = dir.filePath("hybrid.fa").toStdString();
        const auto ids = writeHybridFasta(ref, {{"NODE_1", "TTTT"}}, out);
        QCOMPARE(ids, (std::vector<std::string>{"ENST1", "ENST2", "DENOVO_NODE_1"}));
        const auto records = readFasta(out);
        QCOMPARE(records.size(), size_t(3));
        QCOMPARE(records[0].header, std::string("ENST1 gene=A"));
        QCOMPARE(records[2].id(), std::string("DENOVO_NODE_1"));
        QCOMPARE(records[2].sequence, std::string("TTTT"));
        // A collision leaves no output behind.
        const std::string bad = writeText(dir, "badref.fa", ">DENOVO_X\nACGT\n");
        const std::string out2 = dir.filePath("hybrid2.fa").toStdString();
        QVERIFY_THROWS_EXCEPTION(InputError, writeHybridFasta(bad, {{"N", "A"}}, out2));
        QVERIFY(!QFile::exists(QString::fromStdString(out2)));
    }
    void tableTsvAndDataset() {
        QTemporaryDir dir;
        const ScTable t = buildScTable({{"a1", {{"ENST1", 3}, {"DENOVO_N1", 0.5}}},
                                        {"b1", {{"ENST1", 4}, {"DENOVO_N1", 9}}},
                                        {"a2", {{"ENST1", 1}}}});
        const std::string tsv = dir.filePath("t.tsv").toStdString();
        writeScTableTsv(tsv, t);
        QCOMPARE(readText(tsv), std::string("transcript\tis_denovo\ta1\tb1\ta2\n"
                                            "ENST1\t0\t3\t4\t1\n"
                                            "DENOVO_N1\t1\t0.5\t9\t0\n"));
        const Dataset ds = scTableToDataset(t, {{"a1", "A"}, {"b1", "B"}, {"a2", "A"}}, "group");
        QCOMPARE(ds.cells(), int64_t(3));
        QCOMPARE(ds.genes(), int64_t(2));
        QCOMPARE(ds.cellNames, t.samples);
        QCOMPARE(ds.geneNames, t.transcripts);
        QCOMPARE(ds.X.at(1, 1), 9.0f);
        QCOMPARE(ds.X.at(2, 1), 0.0f);
        const Labels labels = labelsFromColumn(ds, "group");
        QCOMPARE(labels.classes, (std::vector<std::string>{"A", "B"}));
        QCOMPARE(labels.y, (std::vector<int64_t>{0, 1, 0}));
        // A sample without a label is missing, not a class of its own.
        const Dataset partial = scTableToDataset(t, {{"a1", "A"}, {"b1", "B"}});
        QCOMPARE(partial.obs.find("group")->codes, (std::vector<int32_t>{0, 1, -1}));
        QVERIFY(scTableToDataset(t, {}).obs.columns().empty());
    }
    void tableH5adRoundTrip() {
        QTemporaryDir dir;
        const ScTable t = buildScTable({{"a1", {{"ENST1", 3}, {"DENOVO_N1", 1}}}, {"b1", {{"ENST1", 4}, {"DENOVO_N1", 9}}}});
        const std::string path = dir.filePath("t.h5ad").toStdString();
        writeScTableH5ad(path, scTableToDataset(t, {{"a1", "A"}, {"b1", "B"}}));
        const Dataset back = readH5ad(path);
        QCOMPARE(back.cellNames, t.samples);
        QCOMPARE(back.geneNames, t.transcripts);
        QCOMPARE(back.X.at(1, 1), 9.0f);
        QCOMPARE(labelsFromColumn(back, "group").y, (std::vector<int64_t>{0, 1}));
    }
};

QTEST_GUILESS_MAIN(TestDenovoPure)
#include "test_denovo_pure.moc"
