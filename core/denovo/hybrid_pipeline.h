#pragma once
// The de-novo hybrid assembly pipeline: features a reference-only pipeline never sees.
//   reads --HISAT2 (genome index)--> unaligned reads (per sample) --pool--> de-novo assembly
//   (Trinity when on PATH, else rnaSPAdes) --> transcripts tagged DENOVO_ --> hybrid
//   reference = reference cDNA + DENOVO --> Salmon index --> Salmon quant per sample -->
//   transcripts x samples table (ScTable), also as a Dataset with samples as cells.
// Every step works in its own folder under workDir, logs its exact command lines and the
// tools' output to workDir/denovo.log, and leaves a completion marker; a rerun skips the
// steps whose marker matches (same commands, same input files) and redoes the rest.
#include "denovo/sc_table.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace dm {

struct SampleReads {
    std::string sample;  // letters, digits, '.', '_', '-': it names files in the work folder
    std::string reads1;  // FASTQ (may be .gz); the only file for single-end reads
    std::string reads2;  // mate FASTQ for paired-end reads; empty for single-end
    bool paired() const { return !reads2.empty(); }
};

enum class Assembler { Auto, Trinity, RnaSpades };

struct DenovoOptions {
    std::vector<SampleReads> samples;
    std::map<std::string, std::string> groups;  // sample -> label, for the Dataset's obs
    std::string groupColumn = "group";
    std::string genomeIndex;    // HISAT2 index basename (as given to hisat2 -x)
    std::string referenceCdna;  // reference transcript sequences, FASTA (may be .gz)
    std::string workDir;
    int threads = 2;
    int memoryGb = 8;            // assembler memory limit
    int salmonKmer = 31;         // odd, <= 31; small values (e.g. 15) for tiny test references
    int minContigLength = 200;   // shorter assembled transcripts are dropped
    Assembler assembler = Assembler::Auto;
    std::string salmonLibType = "A";  // salmon -l; A = detect
    std::function<bool()> cancelled;  // polled between and during steps (e.g. a CancelToken)
    std::function<void(const std::string&)> progress;  // one line per step started/finished
};

struct DenovoStep {
    std::string name;
    double seconds = 0;
    bool skipped = false;  // resumed: its output was already complete
};

struct DenovoResult {
    ScTable table;
    Dataset dataset;  // samples as cells, transcripts as genes, obs group column
    std::vector<DenovoStep> steps;
    std::string assembler;      // "Trinity" or "rnaSPAdes"
    std::string denovoFasta;    // the DENOVO-tagged assembled transcripts
    std::string hybridFasta;    // reference cDNA + DENOVO
    std::string logPath;
    int64_t unalignedReads = 0;     // pooled, counting each mate of a pair
    int64_t denovoTranscripts = 0;  // after the length filter
};

// Throws ConfigError for bad options, InputError for missing or malformed inputs,
// ToolUnavailable (naming the Debian package) when a tool is missing, Cancelled when
// `cancelled` turns true, and Error when a tool fails (pointing at the log).
DenovoResult runHybridAssembly(const DenovoOptions& options);

// Which tool each step uses, and the Debian package providing it: for messages and docs.
struct ToolRequirement {
    std::string program;
    std::string package;
    std::string purpose;
};
std::vector<ToolRequirement> denovoToolRequirements(Assembler assembler = Assembler::Auto);

}  // namespace dm
