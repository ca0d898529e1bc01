// `deepmapper denovo`: the de-novo hybrid assembly pipeline, from reads to an expression
// table (transcripts x samples) that includes the transcripts the reference lacks.
#include "cli_commands.h"
#include "cli_progress.h"

#include "common/error.h"
#include "denovo/denovo_ids.h"
#include "denovo/hybrid_pipeline.h"

#include <iomanip>
#include <iostream>
#include <memory>

namespace dm::cli {

namespace {
struct DenovoCliOptions {
    std::vector<std::string> reads;   // SAMPLE=FASTQ or SAMPLE=R1.fq,R2.fq
    std::vector<std::string> groups;  // SAMPLE=LABEL
    std::string assembler = "auto";
    std::string out;
    std::string h5ad;
    DenovoOptions pipeline;
};

std::pair<std::string, std::string> splitAssignment(const std::string& text, const char* flag, const char* form) {
    const size_t eq = text.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
        throw InputError(std::string(flag) + " '" + text + "' is not of the form " + form);
    return {text.substr(0, eq), text.substr(eq + 1)};
}

void fillSamples(DenovoCliOptions& o) {
    for (const std::string& r : o.reads) {
        auto [sample, files] = splitAssignment(r, "--reads", "SAMPLE=FASTQ or SAMPLE=R1.fastq,R2.fastq");
        SampleReads s{sample, files, {}};
        const size_t comma = files.find(',');
        if (comma != std::string::npos) {
            s.reads1 = files.substr(0, comma);
            s.reads2 = files.substr(comma + 1);
            if (s.reads1.empty() || s.reads2.empty() || s.reads2.find(',') != std::string::npos)
                throw InputError("--reads '" + r + "': give one file, or two (R1,R2) for paired-end reads");
        }
        o.pipeline.samples.push_back(s);
    }
    for (const std::string& g : o.groups) {
        auto [sample, label] = splitAssignment(g, "--group", "SAMPLE=LABEL");
        o.pipeline.groups[sample] = label;
    }
    o.pipeline.assembler = o.assembler == "trinity"     ? Assembler::Trinity
                           : o.assembler == "rnaspades" ? Assembler::RnaSpades
                                                        : Assembler::Auto;
}

int runDenovo(DenovoCliOptions& o) {
    fillSamples(o);
    CancelToken token;
    InterruptGuard guard(token);
    o.pipeline.cancelled = [&token] { return token.cancelled(); };
    o.pipeline.progress = [](const std::string& line) { std::cerr << line << std::endl; };
    DenovoResult r;
    try {
        r = runHybridAssembly(o.pipeline);
    } catch (const Cancelled&) {
        std::cerr << "denovo: interrupted; rerun the same command to resume from the last finished step\n";
        return kExitInterrupted;
    }
    writeScTableTsv(o.out, r.table);
    if (!o.h5ad.empty()) writeScTableH5ad(o.h5ad, r.dataset);

    double seconds = 0;
    for (const DenovoStep& s : r.steps) seconds += s.seconds;
    std::cout << "table: " << r.table.transcripts.size() << " transcripts (" << r.denovoTranscripts
              << " DENOVO, " << std::fixed << std::setprecision(1) << 100.0 * denovoFraction(r.table.transcripts)
              << "%) x " << r.table.samples.size() << " samples -> " << o.out;
    if (!o.h5ad.empty()) std::cout << " and " << o.h5ad;
    std::cout << "\nassembler " << r.assembler << ", " << r.unalignedReads << " unaligned reads pooled, "
              << std::setprecision(1) << seconds << " s; log: " << r.logPath << "\n";
    return kExitOk;
}
}  // namespace

void registerDenovo(CLI::App& app, Registry& registry) {
    auto o = std::make_shared<DenovoCliOptions>();
    CLI::App* sub = app.add_subcommand(
        "denovo",
        "Build a transcripts x samples table from raw reads, including transcripts the reference lacks "
        "(HISAT2 -> unaligned reads -> rnaSPAdes/Trinity -> DENOVO_ transcripts -> Salmon)");
    sub->add_option("--reads", o->reads, "SAMPLE=FASTQ (single-end) or SAMPLE=R1.fastq,R2.fastq; once per sample")
        ->required();
    sub->add_option("--group", o->groups, "SAMPLE=LABEL: the sample's group, kept as obs column 'group' in the .h5ad");
    sub->add_option("--genome-index", o->pipeline.genomeIndex, "HISAT2 genome index basename (hisat2-build output)")
        ->required();
    sub->add_option("--reference-cdna", o->pipeline.referenceCdna, "Reference transcript sequences (FASTA, may be .gz)")
        ->required();
    sub->add_option("--work", o->pipeline.workDir, "Work folder; a rerun resumes from the steps finished there")
        ->required();
    sub->add_option("--out", o->out, "Output table (TSV: transcript, is_denovo, one column per sample)")->required();
    sub->add_option("--h5ad", o->h5ad, "Also write the table as .h5ad (samples as cells, transcripts as genes)");
    sub->add_option("--threads", o->pipeline.threads, "Threads for each tool")->check(CLI::Range(1, 1024));
    sub->add_option("--memory", o->pipeline.memoryGb, "Assembler memory limit in GB")->check(CLI::Range(1, 100000));
    sub->add_option("--assembler", o->assembler, "auto (Trinity when on PATH, else rnaSPAdes), trinity or rnaspades")
        ->check(CLI::IsMember({"auto", "trinity", "rnaspades"}));
    sub->add_option("--salmon-k", o->pipeline.salmonKmer, "Salmon index k-mer length (odd, <= 31)")
        ->check(CLI::Range(3, 31));
    sub->add_option("--min-contig-length", o->pipeline.minContigLength,
                    "Assembled transcripts shorter than this are dropped")
        ->check(CLI::Range(0, 1000000));
    registry.add(sub, [o] { return runDenovo(*o); });
}

}  // namespace dm::cli
