#pragma once
// FASTA in and out, for the reference cDNA, the assembler's transcripts and the hybrid
// reference. Input may be gzip-compressed (Ensembl ships cDNA as .fa.gz).
#include <functional>
#include <string>
#include <vector>

namespace dm {

struct FastaRecord {
    std::string header;    // the '>' line without the '>': "ID optional description"
    std::string sequence;  // concatenated sequence lines
    // The first whitespace-delimited token of the header: what Salmon and HISAT2 call the
    // sequence, and what the expression table shows.
    std::string id() const;
};

// Calls `visit` for each record in file order without holding the whole file. Throws
// InputError naming the file and line for sequence before the first header or an empty id.
void forEachFastaRecord(const std::string& path, const std::function<void(FastaRecord&&)>& visit);
std::vector<FastaRecord> readFasta(const std::string& path);

// Writes records atomically, sequence wrapped at `lineWidth` characters.
void writeFasta(const std::string& path, const std::vector<FastaRecord>& records, int lineWidth = 60);

// The same records with each id tagged DENOVO_ (idempotent); descriptions are kept.
std::vector<FastaRecord> tagFastaHeaders(std::vector<FastaRecord> records);

// Hybrid reference = reference cDNA (streamed through, ids untouched) + de-novo records
// (tagged). Written atomically; returns the merged id list. Throws InputError when the
// namespaces collide (see mergeReferenceAndDenovo).
std::vector<std::string> writeHybridFasta(const std::string& referencePath, const std::vector<FastaRecord>& denovo,
                                          const std::string& outPath);

}  // namespace dm
