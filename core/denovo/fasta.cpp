#include "denovo/fasta.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "data/gz_lines.h"
#include "denovo/denovo_ids.h"

#include <ostream>

namespace dm {

std::string FastaRecord::id() const {
    const size_t end = header.find_first_of(" \t");
    return header.substr(0, end);
}

void forEachFastaRecord(const std::string& path, const std::function<void(FastaRecord&&)>& visit) {
    GzLineReader in(path);
    std::string line;
    FastaRecord current;
    bool open = false;
    while (in.next(line)) {
        if (!line.empty() && line[0] == '>') {
            if (open) visit(std::move(current));
            current = FastaRecord{line.substr(1), {}};
            if (current.id().empty())
                throw InputError(path + " line " + std::to_string(in.lineNumber()) +
                                 ": FASTA header without a sequence id; every '>' line must start with a name");
            open = true;
            continue;
        }
        if (line.empty()) continue;
        if (!open)
            throw InputError(path + " line " + std::to_string(in.lineNumber()) +
                             ": sequence before the first '>' header; is this a FASTA file?");
        current.sequence += line;
    }
    if (open) visit(std::move(current));
}

std::vector<FastaRecord> readFasta(const std::string& path) {
    std::vector<FastaRecord> records;
    forEachFastaRecord(path, [&](FastaRecord&& r) { records.push_back(std::move(r)); });
    return records;
}

namespace {
void writeRecord(std::ostream& out, const FastaRecord& r, int lineWidth) {
    out << '>' << r.header << '\n';
    const size_t width = lineWidth > 0 ? static_cast<size_t>(lineWidth) : r.sequence.size();
    for (size_t i = 0; i < r.sequence.size(); i += width) out << r.sequence.substr(i, width) << '\n';
}
}  // namespace

void writeFasta(const std::string& path, const std::vector<FastaRecord>& records, int lineWidth) {
    writeFileAtomically(path, [&](std::ostream& out) {
        for (const FastaRecord& r : records) writeRecord(out, r, lineWidth);
    });
}

std::vector<FastaRecord> tagFastaHeaders(std::vector<FastaRecord> records) {
    for (FastaRecord& r : records) {
        const std::string id = r.id();
        r.header = tagDenovo(id) + r.header.substr(id.size());
    }
    return records;
}

std::vector<std::string> writeHybridFasta(const std::string& referencePath, const std::vector<FastaRecord>& denovo,
                                          const std::string& outPath) {
    std::vector<std::string> referenceIds, denovoIds;
    for (const FastaRecord& r : denovo) denovoIds.push_back(r.id());
    std::vector<std::string> merged;
    writeFileAtomically(outPath, [&](std::ostream& out) {
        forEachFastaRecord(referencePath, [&](FastaRecord&& r) {
            referenceIds.push_back(r.id());
            writeRecord(out, r, 60);
        });
        // Validate before the de-novo part goes in: a collision leaves no output behind.
        merged = mergeReferenceAndDenovo(referenceIds, denovoIds);
        for (const FastaRecord& r : tagFastaHeaders(denovo)) writeRecord(out, r, 60);
    });
    return merged;
}

}  // namespace dm
