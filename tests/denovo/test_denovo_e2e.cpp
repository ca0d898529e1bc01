// The de-novo hybrid pipeline for real: HISAT2, rnaSPAdes (or Trinity) and Salmon run on a
// tiny simulated experiment, and the transcripts the reference lacks come back as DENOVO
// features with the group difference planted in them. Skips, saying why, when the tools
// are not installed (Debian: hisat2 salmon spades).
#include "common/error.h"
#include "data/random.h"
#include "data/readers.h"
#include "denovo/denovo_ids.h"
#include "denovo/fasta.h"
#include "denovo/hybrid_pipeline.h"
#include "denovo/tool_runner.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <unordered_set>

using namespace dm;

namespace {

constexpr int kReadLength = 100;

std::string randomDna(Rng& rng, size_t n) {
    static const char bases[] = "ACGT";
    std::string s(n, 'A');
    for (char& c : s) c = bases[rng.below(4)];
    return s;
}

std::string reverseComplement(const std::string& s) {
    std::string r(s.rbegin(), s.rend());
    for (char& c : r) c = c == 'A' ? 'T' : c == 'C' ? 'G' : c == 'G' ? 'C' : 'A';
    return r;
}

// The tiny experiment: a genome with four two-exon genes (annotated in the reference cDNA)
// and two transcribed sequences the genome and the annotation both lack (as a sequence
// missing from the reference assembly would be): NOVEL_BOTH is expressed in every sample,
// NOVEL_B only in group B. Reads: 100 bp single-end, either strand, 0.2% substitutions.
struct Experiment {
    std::string genomeFa, cdnaFa;
    std::vector<FastaRecord> known, novel;  // novel[0] = NOVEL_BOTH, novel[1] = NOVEL_B
    std::vector<SampleReads> samples;
    std::map<std::string, std::string> groups;
};

void writeReads(const std::string& path, const std::string& sample, Rng& rng,
                const std::vector<std::pair<const FastaRecord*, int>>& expression) {
    std::ofstream out(path);
    const std::string quality(kReadLength, 'I');
    int64_t n = 0;
    for (const auto& [transcript, reads] : expression) {
        const std::string& seq = transcript->sequence;
        for (int i = 0; i < reads; ++i) {
            std::string read = seq.substr(rng.below(seq.size() - kReadLength + 1), kReadLength);
            for (char& c : read)
                if (rng.uniform() < 0.002) c = "ACGT"[rng.below(4)];
            if (rng.below(2)) read = reverseComplement(read);
            out << '@' << sample << '_' << ++n << '\n' << read << "\n+\n" << quality << '\n';
        }
    }
}

Experiment makeExperiment(const std::string& dir, uint64_t seed) {
    Rng rng(seed);
    Experiment e;
    std::string genome = randomDna(rng, 2000);
    for (int g = 1; g <= 4; ++g) {
        const std::string exon1 = randomDna(rng, 500 + 100 * g), exon2 = randomDna(rng, 400 + 50 * g);
        // GT...AG intron, so the spliced alignment looks like a real one.
        genome += exon1 + "GTAAGT" + randomDna(rng, 300) + "TTTCAG" + exon2 + randomDna(rng, 1500);
        e.known.push_back({"REFT" + std::to_string(g) + " gene=GENE" + std::to_string(g), exon1 + exon2});
    }
    e.novel.push_back({"NOVEL_BOTH", randomDna(rng, 1200)});
    e.novel.push_back({"NOVEL_B", randomDna(rng, 1100)});
    e.genomeFa = dir + "/genome.fa";
    e.cdnaFa = dir + "/reference_cdna.fa";
    writeFasta(e.genomeFa, {{"chr1", genome}});
    writeFasta(e.cdnaFa, e.known);

    const int knownReads[4] = {300, 600, 250, 450};
    for (const char* name : {"A1", "A2", "B1", "B2"}) {
        const bool groupB = name[0] == 'B';
        std::vector<std::pair<const FastaRecord*, int>> expression;
        for (int g = 0; g < 4; ++g) expression.push_back({&e.known[g], knownReads[g] + static_cast<int>(rng.below(60))});
        expression.push_back({&e.novel[0], 400 + static_cast<int>(rng.below(60))});
        if (groupB) expression.push_back({&e.novel[1], 500 + static_cast<int>(rng.below(60))});
        const std::string path = dir + "/" + name + ".fq";
        writeReads(path, name, rng, expression);
        e.samples.push_back({name, path, {}});
        e.groups[name] = groupB ? "B" : "A";
    }
    return e;
}

std::unordered_set<std::string> kmers(const std::string& s, size_t k) {
    std::unordered_set<std::string> out;
    for (const std::string& strand : {s, reverseComplement(s)})
        for (size_t i = 0; i + k <= strand.size(); ++i) out.insert(strand.substr(i, k));
    return out;
}

// Fraction of the k-mers of `query` (one strand) found in `target` (either strand).
double containment(const std::string& query, const std::unordered_set<std::string>& target, size_t k = 25) {
    size_t hit = 0, total = 0;
    for (size_t i = 0; i + k <= query.size(); ++i, ++total) hit += target.count(query.substr(i, k));
    return total ? static_cast<double>(hit) / static_cast<double>(total) : 0.0;
}

std::string missingTools() {
    std::string missing;
    for (const char* tool : {"hisat2", "hisat2-build", "salmon"})
        if (findOnPath(tool).empty()) missing += std::string(" ") + tool;
    if (findOnPath("Trinity").empty() && findOnPath("rnaspades.py").empty() && findOnPath("spades.py").empty())
        missing += " rnaspades.py/Trinity";
    return missing;
}

std::string readText(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Whether process `pid` is still running (not gone, not a zombie awaiting its reaper)
// after up to `ms` milliseconds.
bool runningWithin(int pid, int ms) {
    for (int waited = 0; waited <= ms; waited += 50) {
        std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
        std::string pidField, comm, state;
        if (!(stat >> pidField >> comm >> state) || state == "Z") return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return true;
}

// Sets an environment variable for the scope of a test, restoring it after.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const std::string& value) : name_(name) {
        const char* old = std::getenv(name);
        had_ = old != nullptr;
        if (had_) old_ = old;
        ::setenv(name, value.c_str(), 1);
    }
    ~ScopedEnv() {
        if (had_) ::setenv(name_, old_.c_str(), 1);
        else ::unsetenv(name_);
    }

private:
    const char* name_;
    bool had_ = false;
    std::string old_;
};

}  // namespace

class TestDenovoE2e : public QObject {
    Q_OBJECT
private slots:
    void toolRunnerLogsTheCommandAndStreamsOutput() {
        QTemporaryDir dir;
        const std::string log = dir.filePath("run.log").toStdString();
        runTool({{"sh", "-c", "echo to-stdout; echo to-stderr >&2"}, log, {}, {}});
        const std::string text = readText(log);
        QVERIFY2(text.find("$ sh -c 'echo to-stdout; echo to-stderr >&2'") != std::string::npos, text.c_str());
        QVERIFY(text.find("to-stdout\n") != std::string::npos);
        QVERIFY(text.find("to-stderr\n") != std::string::npos);
    }
    void failingToolPointsAtTheLog() {
        QTemporaryDir dir;
        const std::string log = dir.filePath("run.log").toStdString();
        try {
            runTool({{"sh", "-c", "exit 3"}, log, {}, {}});
            QFAIL("a failing tool did not throw");
        } catch (const Error& e) {
            const std::string msg = e.what();
            QVERIFY2(msg.find("exit status 3") != std::string::npos, e.what());
            QVERIFY2(msg.find(log) != std::string::npos, e.what());
        }
    }
    void cancelKillsTheToolAndItsChildren() {
        QTemporaryDir dir;
        const std::string log = dir.filePath("run.log").toStdString();
        const std::string pidFile = dir.filePath("child.pid").toStdString();
        std::atomic<bool> cancel{false};
        std::thread stopper([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            cancel = true;
        });
        QElapsedTimer timer;
        timer.start();
        // The shell starts a grandchild, as SPAdes and Trinity do; both must go.
        QVERIFY_THROWS_EXCEPTION(Cancelled, runTool({{"sh", "-c", "sleep 60 & echo $! > " + pidFile + "; wait"},
                                                     log, {}, [&] { return cancel.load(); }}));
        stopper.join();
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
        const int grandchild = std::atoi(readText(pidFile).c_str());
        QVERIFY(grandchild > 0);
        QVERIFY2(!runningWithin(grandchild, 2000), "the tool's child process survived the cancel");
    }
    void missingToolNamesTheDebianPackage() {
        QTemporaryDir empty;
        ScopedEnv path("PATH", empty.path().toStdString());
        QVERIFY(findOnPath("hisat2").empty());
        try {
            requireTool("hisat2", "hisat2", "aligning reads");
            QFAIL("no error for a missing tool");
        } catch (const ToolUnavailable& e) {
            QCOMPARE(e.package, std::string("hisat2"));
            QVERIFY2(std::string(e.what()).find("apt-get install hisat2") != std::string::npos, e.what());
        }
    }

    void recoversTheTranscriptsTheReferenceLacks() {
        const std::string missing = missingTools();
        if (!missing.empty())
            QSKIP(qPrintable("not installed:" + QString::fromStdString(missing) +
                             " (Debian: apt-get install hisat2 salmon spades)"));
        QTemporaryDir dir;
        dir.setAutoRemove(std::getenv("DM_KEEP_TEST_DIR") == nullptr);
        qInfo("work folder: %s", qPrintable(dir.path()));
        const std::string root = dir.path().toStdString();
        const Experiment e = makeExperiment(root, 20240607);

        QElapsedTimer timer;
        timer.start();
        const std::string index = root + "/genome_index";
        runTool({{"hisat2-build", "-q", "-p", "2", e.genomeFa, index}, root + "/hisat2-build.log", {}, {}});
        qInfo("hisat2-build: %.2f s", timer.elapsed() / 1000.0);

        DenovoOptions o;
        o.samples = e.samples;
        o.groups = e.groups;
        o.genomeIndex = index;
        o.referenceCdna = e.cdnaFa;
        o.workDir = root + "/work";
        o.threads = 2;
        o.memoryGb = 4;
        o.salmonKmer = 19;
        o.progress = [](const std::string& line) { qInfo("%s", line.c_str()); };
        timer.restart();
        const DenovoResult r = runHybridAssembly(o);
        const double firstRun = timer.elapsed() / 1000.0;
        for (const DenovoStep& s : r.steps) qInfo("step %-12s %7.2f s", s.name.c_str(), s.seconds);
        qInfo("pipeline: %.2f s, assembler %s, %lld unaligned reads, %lld DENOVO transcripts quantified", firstRun,
              r.assembler.c_str(), static_cast<long long>(r.unalignedReads),
              static_cast<long long>(r.denovoTranscripts));

        // The log holds the exact command lines.
        const std::string log = readText(r.logPath);
        QVERIFY(log.find("$ hisat2 -p 2 --no-unal -x " + index) != std::string::npos);
        QVERIFY(log.find("$ salmon index -t ") != std::string::npos);
        QVERIFY(log.find("$ salmon quant -i ") != std::string::npos);

        // Reference transcripts keep their ids and are quantified.
        const ScTable& t = r.table;
        QCOMPARE(t.samples, (std::vector<std::string>{"A1", "A2", "B1", "B2"}));
        for (const FastaRecord& k : e.known) {
            const int64_t row = t.find(k.id());
            QVERIFY2(row >= 0, k.id().c_str());
            for (size_t s = 0; s < t.samples.size(); ++s) QVERIFY(t.at(row, s) > 100);
        }
        QVERIFY(r.denovoTranscripts >= 2);
        const double fraction = denovoFraction(t.transcripts);
        QVERIFY(fraction > 0 && fraction < 1);

        // Each omitted transcript is recovered: one DENOVO contig holds >= 80% of its k-mers.
        std::map<std::string, std::string> contigs;
        for (const FastaRecord& c : readFasta(r.denovoFasta)) contigs[c.id()] = c.sequence;
        int recovered = 0;
        std::vector<std::vector<double>> novelCounts;  // per novel transcript, per sample
        for (const FastaRecord& novel : e.novel) {
            double best = 0;
            std::vector<double> counts(t.samples.size(), 0.0);
            const auto novelKmers = kmers(novel.sequence, 25);
            for (const auto& [id, seq] : contigs) {
                QVERIFY(isDenovo(id));
                best = std::max(best, containment(novel.sequence, kmers(seq, 25)));
                // Contigs made of this transcript's sequence carry its counts.
                const int64_t row = t.find(id);
                if (row >= 0 && containment(seq, novelKmers) >= 0.8)
                    for (size_t s = 0; s < t.samples.size(); ++s) counts[s] += t.at(row, s);
            }
            qInfo("%s: best DENOVO contig holds %.1f%% of its 25-mers; counts A1 %.1f A2 %.1f B1 %.1f B2 %.1f",
                  novel.id().c_str(), 100 * best, counts[0], counts[1], counts[2], counts[3]);
            recovered += best >= 0.8 ? 1 : 0;
            QVERIFY2(best >= 0.8, qPrintable(QString::fromStdString(novel.id()) + " not recovered"));
            novelCounts.push_back(counts);
        }
        qInfo("recovered %d of %zu omitted transcripts", recovered, e.novel.size());
        // Quantified: NOVEL_BOTH in every sample; NOVEL_B only in group B.
        for (double c : novelCounts[0]) QVERIFY2(c > 200, qPrintable(QString::number(c)));
        const double meanA = (novelCounts[1][0] + novelCounts[1][1]) / 2;
        const double meanB = (novelCounts[1][2] + novelCounts[1][3]) / 2;
        QVERIFY2(meanB > 200 && meanB > 20 * (meanA + 1),
                 qPrintable(QString("NOVEL_B: group A %1, group B %2").arg(meanA).arg(meanB)));

        // The table as a Dataset: samples as cells with their group labels.
        QCOMPARE(r.dataset.cellNames, t.samples);
        QCOMPARE(r.dataset.geneNames, t.transcripts);
        QCOMPARE(labelsFromColumn(r.dataset, "group").y, (std::vector<int64_t>{0, 0, 1, 1}));

        // Resume: every step is complete, so a rerun skips them all and gives the same table.
        timer.restart();
        const DenovoResult again = runHybridAssembly(o);
        qInfo("resumed run: %.2f s", timer.elapsed() / 1000.0);
        for (const DenovoStep& s : again.steps) QVERIFY2(s.skipped, s.name.c_str());
        QCOMPARE(again.table.transcripts, t.transcripts);
        QCOMPARE(again.table.counts, t.counts);

        // A step whose marker is gone runs again; the steps before it stay skipped.
        std::filesystem::remove(o.workDir + "/markers/quant_B2.done");
        const DenovoResult third = runHybridAssembly(o);
        for (const DenovoStep& s : third.steps) QCOMPARE(s.skipped, s.name != "quant_B2");
        QCOMPARE(third.table.counts, t.counts);

        // Cancelled before the first step.
        DenovoOptions one = o;
        one.cancelled = [] { return true; };
        QVERIFY_THROWS_EXCEPTION(Cancelled, runHybridAssembly(one));
    }
};

QTEST_GUILESS_MAIN(TestDenovoE2e)
#include "test_denovo_e2e.moc"
