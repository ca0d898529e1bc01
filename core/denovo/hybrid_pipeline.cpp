#include "denovo/hybrid_pipeline.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "denovo/denovo_ids.h"
#include "denovo/fasta.h"
#include "denovo/tool_runner.h"

#include <cctype>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace dm {

namespace fs = std::filesystem;

std::vector<ToolRequirement> denovoToolRequirements(Assembler assembler) {
    std::vector<ToolRequirement> tools = {
        {"hisat2", "hisat2", "aligning reads to the genome index to find the unaligned ones"},
        {"salmon", "salmon", "indexing the hybrid reference and quantifying each sample"},
    };
    if (assembler == Assembler::Trinity)
        tools.push_back({"Trinity", "trinityrnaseq", "de-novo assembly of the unaligned reads"});
    else
        tools.push_back({"rnaspades.py", "spades", "de-novo assembly of the unaligned reads (rnaSPAdes)"});
    return tools;
}

namespace {

constexpr const char* kHisat2Package = "hisat2";
constexpr const char* kSalmonPackage = "salmon";
constexpr const char* kSpadesPackage = "spades";

std::string str(int v) { return std::to_string(v); }

// "path size mtime": a changed input file invalidates the steps that read it.
std::string fileStamp(const std::string& path) {
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec) return path + " missing";
    const auto time = fs::last_write_time(path, ec).time_since_epoch().count();
    return path + " " + std::to_string(size) + " " + std::to_string(time);
}

void requireFile(const std::string& path, const std::string& what) {
    if (path.empty()) throw InputError(what + " is not set");
    if (!fs::is_regular_file(path))
        throw InputError(what + ": '" + path + "' does not exist or is not a file; check the path");
}

bool safeSampleName(const std::string& s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')) return false;
    return s != "." && s != "..";
}

void validate(const DenovoOptions& o) {
    if (o.samples.empty()) throw ConfigError("no samples given; pass --reads SAMPLE=FASTQ for each sample");
    std::map<std::string, int> seen;
    for (const SampleReads& s : o.samples) {
        if (!safeSampleName(s.sample))
            throw ConfigError("sample name '" + s.sample +
                              "' is not usable; use letters, digits, '.', '_' and '-' only");
        if (seen[s.sample]++) throw ConfigError("sample '" + s.sample + "' is given twice");
        requireFile(s.reads1, "reads of sample '" + s.sample + "'");
        if (s.paired()) requireFile(s.reads2, "mate reads of sample '" + s.sample + "'");
    }
    for (const auto& [sample, label] : o.groups) {
        if (!seen.count(sample))
            throw ConfigError("group given for sample '" + sample + "', which has no reads; check the sample names");
        if (label.empty()) throw ConfigError("empty group label for sample '" + sample + "'");
    }
    if (o.genomeIndex.empty()) throw InputError("the HISAT2 genome index is not set (--genome-index)");
    if (!fs::exists(o.genomeIndex + ".1.ht2") && !fs::exists(o.genomeIndex + ".1.ht2l"))
        throw InputError("HISAT2 genome index '" + o.genomeIndex + "' not found (no " + o.genomeIndex +
                         ".1.ht2); give the index basename, or build one with: hisat2-build genome.fa " +
                         o.genomeIndex);
    requireFile(o.referenceCdna, "reference cDNA");
    if (o.workDir.empty()) throw ConfigError("the work folder is not set (--work)");
    if (o.threads < 1) throw ConfigError("threads must be at least 1");
    if (o.memoryGb < 1) throw ConfigError("memory must be at least 1 GB");
    if (o.salmonKmer < 3 || o.salmonKmer > 31 || o.salmonKmer % 2 == 0)
        throw ConfigError("Salmon k-mer length " + str(o.salmonKmer) + " is invalid; use an odd number from 3 to 31");
    if (o.minContigLength < 0) throw ConfigError("minimum contig length must not be negative");
}

// Runs one step unless its marker says it already finished with the same fingerprint.
class StepRunner {
public:
    StepRunner(const DenovoOptions& o, DenovoResult& result)
        : o_(o), result_(result), markers_(fs::path(o.workDir) / "markers") {
        fs::create_directories(markers_);
    }

    // `fingerprint`: the planned command lines and the stamps of the input files.
    void run(const std::string& name, const std::string& fingerprint, const std::vector<std::string>& outputs,
             const std::function<void()>& body) {
        checkCancel();
        const fs::path marker = markers_ / (name + ".done");
        const auto t0 = std::chrono::steady_clock::now();
        DenovoStep step{name, 0, false};
        if (complete(marker, fingerprint, outputs)) {
            step.skipped = true;
            say("[" + name + "] already complete, skipped");
            log("# step " + name + ": already complete, skipped\n");
        } else {
            fs::remove(marker);
            say("[" + name + "] running");
            log("# step " + name + "\n");
            body();
            for (const std::string& out : outputs)
                if (!fs::exists(out))
                    throw Error("step " + name + " finished but did not produce '" + out + "'; see " + result_.logPath);
            writeFileAtomically(marker.string(), [&](std::ostream& s) { s << fingerprint; });
        }
        step.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (!step.skipped) {
            std::ostringstream msg;
            msg.precision(3);
            msg << "[" << name << "] done in " << step.seconds << " s";
            say(msg.str());
        }
        result_.steps.push_back(step);
    }

    void tool(std::vector<std::string> argv, const std::string& stdoutPath = {}) {
        runTool(ToolCommand{std::move(argv), result_.logPath, stdoutPath, o_.cancelled});
    }
    void checkCancel() const {
        if (o_.cancelled && o_.cancelled()) throw Cancelled();
    }
    void log(const std::string& text) const {
        std::ofstream(result_.logPath, std::ios::app) << text;
    }

private:
    static bool complete(const fs::path& marker, const std::string& fingerprint,
                         const std::vector<std::string>& outputs) {
        std::ifstream in(marker);
        if (!in) return false;
        std::stringstream recorded;
        recorded << in.rdbuf();
        if (recorded.str() != fingerprint) return false;
        for (const std::string& out : outputs)
            if (!fs::exists(out)) return false;
        return true;
    }
    void say(const std::string& line) const {
        if (o_.progress) o_.progress(line);
    }

    const DenovoOptions& o_;
    DenovoResult& result_;
    fs::path markers_;
};

std::string joinCommands(const std::vector<std::vector<std::string>>& commands) {
    std::string s;
    for (const auto& c : commands) s += shellCommandLine(c) + "\n";
    return s;
}

// Appends `from` to `out`, returning the number of lines copied.
int64_t appendFile(const std::string& from, std::ostream& out, const StepRunner& steps) {
    std::ifstream in(from, std::ios::binary);
    if (!in) throw Error("cannot read '" + from + "'");
    std::vector<char> buffer(1 << 20);
    int64_t lines = 0;
    while (in) {
        steps.checkCancel();
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const std::streamsize n = in.gcount();
        for (std::streamsize i = 0; i < n; ++i) lines += buffer[i] == '\n';
        out.write(buffer.data(), n);
    }
    return lines;
}

struct AssemblerChoice {
    std::string name;     // for the report
    std::string program;  // argv[0]
    bool spadesRnaFlag = false;
};

AssemblerChoice chooseAssembler(Assembler wanted) {
    if (wanted == Assembler::Trinity || (wanted == Assembler::Auto && !findOnPath("Trinity").empty())) {
        requireTool("Trinity", "trinityrnaseq", "de-novo assembly with Trinity");
        return {"Trinity", "Trinity", false};
    }
    if (!findOnPath("rnaspades.py").empty()) return {"rnaSPAdes", "rnaspades.py", false};
    requireTool("spades.py", kSpadesPackage, "de-novo assembly of the unaligned reads (rnaSPAdes)");
    return {"rnaSPAdes", "spades.py", true};
}

}  // namespace

DenovoResult runHybridAssembly(const DenovoOptions& o) {
    validate(o);
    requireTool("hisat2", kHisat2Package, "aligning the reads to the genome index to find the unaligned ones");
    requireTool("salmon", kSalmonPackage, "indexing the hybrid reference and quantifying each sample");
    const AssemblerChoice assembler = chooseAssembler(o.assembler);

    const fs::path work(o.workDir);
    for (const char* sub : {"align", "pool", "assembly", "denovo", "salmon", "quant"})
        fs::create_directories(work / sub);
    DenovoResult result;
    result.assembler = assembler.name;
    result.logPath = (work / "denovo.log").string();
    StepRunner steps(o, result);
    {
        const std::time_t now = std::time(nullptr);
        char stamp[64];
        std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", std::localtime(&now));
        steps.log(std::string("# deepmapper denovo, ") + stamp + ", " + str(o.threads) + " threads, " +
                  str(o.memoryGb) + " GB, assembler " + assembler.name + "\n");
    }
    const std::string T = str(o.threads);

    // 1. Align each sample; keep what did not align (the non-documented fraction).
    std::vector<std::string> unalignedSingle, unaligned1, unaligned2;
    for (const SampleReads& s : o.samples) {
        const std::string base = (work / "align" / s.sample).string();
        std::vector<std::string> argv = {"hisat2", "-p", T, "--no-unal", "-x", o.genomeIndex};
        std::vector<std::string> outputs;
        if (s.paired()) {
            argv.insert(argv.end(), {"-1", s.reads1, "-2", s.reads2, "--un-conc", base + ".unaligned_%.fq"});
            outputs = {base + ".unaligned_1.fq", base + ".unaligned_2.fq"};
            unaligned1.push_back(outputs[0]);
            unaligned2.push_back(outputs[1]);
        } else {
            argv.insert(argv.end(), {"-U", s.reads1, "--un", base + ".unaligned.fq"});
            outputs = {base + ".unaligned.fq"};
            unalignedSingle.push_back(outputs[0]);
        }
        argv.insert(argv.end(), {"-S", "/dev/null"});
        std::string fp = joinCommands({argv}) + fileStamp(s.reads1) + "\n" + fileStamp(s.reads2) + "\n" +
                         fileStamp(o.genomeIndex + ".1.ht2") + "\n";
        steps.run("align_" + s.sample, fp, outputs, [&] {
            for (const std::string& out : outputs) fs::remove(out);
            steps.tool(argv);
            // HISAT2 writes no --un file when every read aligned: an empty file says so.
            for (const std::string& out : outputs)
                if (!fs::exists(out)) std::ofstream{out};
        });
    }

    // 2. Pool the unaligned reads of all samples into one library per read layout.
    const std::string pooledSingle = (work / "pool" / "pooled.fq").string();
    const std::string pooled1 = (work / "pool" / "pooled_1.fq").string();
    const std::string pooled2 = (work / "pool" / "pooled_2.fq").string();
    const std::string poolCount = (work / "pool" / "read_count.txt").string();
    {
        std::string fp = "pool\n";
        for (const auto* list : {&unalignedSingle, &unaligned1, &unaligned2})
            for (const std::string& f : *list) fp += fileStamp(f) + "\n";
        steps.run("pool", fp, {pooledSingle, pooled1, pooled2, poolCount}, [&] {
            int64_t lines = 0;
            auto pool = [&](const std::vector<std::string>& parts, const std::string& target) {
                writeFileAtomically(target, [&](std::ostream& out) {
                    for (const std::string& f : parts) lines += appendFile(f, out, steps);
                });
            };
            pool(unalignedSingle, pooledSingle);
            pool(unaligned1, pooled1);
            pool(unaligned2, pooled2);
            writeFileAtomically(poolCount, [&](std::ostream& out) { out << lines / 4 << "\n"; });
        });
        std::ifstream(poolCount) >> result.unalignedReads;
    }
    const bool haveSingle = fs::file_size(pooledSingle) > 0;
    const bool havePaired = fs::file_size(pooled1) > 0;

    // 3. De-novo assembly of the pooled unaligned reads.
    const std::string assembled = (work / "assembly" / "transcripts.fa").string();
    {
        std::vector<std::string> argv;
        std::string toolOutDir, toolFasta;
        if (assembler.name == "Trinity") {
            if (haveSingle && havePaired)
                throw InputError("Trinity cannot assemble single-end and paired-end samples together; "
                                 "use one read layout for all samples, or rnaSPAdes (--assembler rnaspades)");
            toolOutDir = (work / "assembly" / "trinity").string();
            argv = {"Trinity", "--seqType", "fq", "--max_memory", str(o.memoryGb) + "G", "--CPU", T,
                    "--output", toolOutDir};
            if (havePaired) argv.insert(argv.end(), {"--left", pooled1, "--right", pooled2});
            else argv.insert(argv.end(), {"--single", pooledSingle});
        } else {
            toolOutDir = (work / "assembly" / "rnaspades").string();
            argv = {assembler.program};
            if (assembler.spadesRnaFlag) argv.push_back("--rna");
            if (havePaired) argv.insert(argv.end(), {"-1", pooled1, "-2", pooled2});
            if (haveSingle) argv.insert(argv.end(), {"-s", pooledSingle});
            argv.insert(argv.end(), {"-t", T, "-m", str(o.memoryGb), "-o", toolOutDir});
        }
        const std::string fp = joinCommands({argv}) + fileStamp(pooledSingle) + "\n" + fileStamp(pooled1) + "\n";
        steps.run("assemble", fp, {assembled}, [&] {
            if (!haveSingle && !havePaired) {
                steps.log("# no unaligned reads: nothing to assemble\n");
                writeFasta(assembled, {});
                return;
            }
            fs::remove_all(toolOutDir);
            steps.tool(argv);
            // rnaSPAdes: OUT/transcripts.fasta. Trinity >= 2.10: OUT.Trinity.fasta; older: OUT/Trinity.fasta.
            std::string produced;
            for (const std::string& candidate :
                 {toolOutDir + "/transcripts.fasta", toolOutDir + ".Trinity.fasta", toolOutDir + "/Trinity.fasta"})
                if (fs::exists(candidate)) produced = candidate;
            if (produced.empty()) {
                steps.log("# the assembler produced no transcripts\n");
                writeFasta(assembled, {});
            } else {
                fs::copy_file(produced, assembled, fs::copy_options::overwrite_existing);
            }
        });
    }

    // 4. Tag the assembled transcripts DENOVO_ (dropping the short ones).
    result.denovoFasta = (work / "denovo" / "denovo_transcripts.fa").string();
    {
        const std::string fp = "tag min_length=" + str(o.minContigLength) + "\n" + fileStamp(assembled) + "\n";
        steps.run("tag", fp, {result.denovoFasta}, [&] {
            std::vector<FastaRecord> kept;
            for (FastaRecord& r : readFasta(assembled))
                if (static_cast<int64_t>(r.sequence.size()) >= o.minContigLength) kept.push_back(std::move(r));
            writeFasta(result.denovoFasta, tagFastaHeaders(std::move(kept)));
        });
    }

    // 5. Hybrid reference (reference cDNA + DENOVO) and its Salmon index.
    result.hybridFasta = (work / "salmon" / "hybrid_reference.fa").string();
    const std::string index = (work / "salmon" / "index").string();
    {
        std::vector<std::string> argv = {"salmon", "index", "-t", result.hybridFasta, "-i", index,
                                         "-k", str(o.salmonKmer), "-p", T};
        const std::string fp = joinCommands({argv}) + fileStamp(o.referenceCdna) + "\n" +
                               fileStamp(result.denovoFasta) + "\n";
        steps.run("salmon_index", fp, {result.hybridFasta, index + "/versionInfo.json"}, [&] {
            writeHybridFasta(o.referenceCdna, readFasta(result.denovoFasta), result.hybridFasta);
            fs::remove_all(index);
            steps.tool(argv);
        });
    }
    const std::string indexStamp = fileStamp(result.hybridFasta) + "\n" + fileStamp(index + "/versionInfo.json");

    // 6. Quantify every sample's reads (all of them) against the hybrid index.
    SampleCounts perSample;
    for (const SampleReads& s : o.samples) {
        const std::string outDir = (work / "quant" / s.sample).string();
        std::vector<std::string> argv = {"salmon", "quant", "-i", index, "-l", o.salmonLibType, "-p", T};
        if (s.paired()) argv.insert(argv.end(), {"-1", s.reads1, "-2", s.reads2});
        else argv.insert(argv.end(), {"-r", s.reads1});
        argv.insert(argv.end(), {"-o", outDir});
        const std::string fp = joinCommands({argv}) + fileStamp(s.reads1) + "\n" + fileStamp(s.reads2) + "\n" +
                               indexStamp + "\n";
        steps.run("quant_" + s.sample, fp, {outDir + "/quant.sf"}, [&] {
            fs::remove_all(outDir);
            steps.tool(argv);
        });
        perSample.emplace_back(s.sample, readQuant(outDir + "/quant.sf"));
    }

    // 7. The table, and the same numbers as a Dataset with samples as cells.
    steps.checkCancel();
    result.table = buildScTable(perSample);
    result.dataset = scTableToDataset(result.table, o.groups, o.groupColumn);
    result.dataset.source = o.workDir;
    for (const std::string& t : result.table.transcripts) result.denovoTranscripts += isDenovo(t) ? 1 : 0;
    steps.log("# finished: " + std::to_string(result.table.transcripts.size()) + " transcripts (" +
              std::to_string(result.denovoTranscripts) + " DENOVO) x " +
              std::to_string(result.table.samples.size()) + " samples\n");
    return result;
}

}  // namespace dm
