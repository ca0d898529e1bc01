// The de-novo path's readers on raw bytes: a FASTA file (headers, wrapped sequences,
// gzipped or plain by a leading decision) and a Salmon quant.sf table, then the expression
// table built from two samples of it.
#include "common/error.h"
#include "denovo/fasta.h"
#include "denovo/sc_table.h"
#include "fuzz_input.h"
#include "fuzz_targets.h"

#include <zlib.h>

#include <cstdio>
#include <fstream>

namespace dm::fuzz {

int fastaQuant(const uint8_t* data, size_t size) {
    FuzzInput in(data, size);
    const bool gz = in.flag();
    const std::string text = in.rest();
    const size_t split = text.find('\0');
    const std::string fasta = text.substr(0, split), quant = split == std::string::npos ? "" : text.substr(split + 1);
    const std::string fastaPath = scratchPath(gz ? "in.fa.gz" : "in.fa"), quantPath = scratchPath("quant.sf");
    if (gz) {
        gzFile f = gzopen(fastaPath.c_str(), "wb");
        if (f) {
            if (!fasta.empty()) gzwrite(f, fasta.data(), static_cast<unsigned>(fasta.size()));
            gzclose(f);
        }
    } else {
        std::ofstream(fastaPath, std::ios::binary) << fasta;
    }
    std::ofstream(quantPath, std::ios::binary) << quant;
    try {
        const std::vector<FastaRecord> records = tagFastaHeaders(readFasta(fastaPath));
        for (const auto& r : records) (void)r.id();
    } catch (const Error&) {
    }
    try {
        const TranscriptCounts counts = readQuant(quantPath);
        const ScTable table = buildScTable({{"s1", counts}, {"s2", counts}});
        (void)table.denovoFlags();
    } catch (const Error&) {
    }
    std::remove(fastaPath.c_str());
    std::remove(quantPath.c_str());
    return 0;
}

}  // namespace dm::fuzz

#ifdef DM_LIBFUZZER
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) { return dm::fuzz::fastaQuant(data, size); }
#endif
