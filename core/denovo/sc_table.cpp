#include "denovo/sc_table.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "data/gz_lines.h"
#include "data/h5ad_writer.h"
#include "denovo/denovo_ids.h"

#include <cmath>
#include <cstdlib>
#include <ostream>
#include <unordered_map>
#include <unordered_set>

namespace dm {

std::vector<bool> ScTable::denovoFlags() const {
    std::vector<bool> flags;
    flags.reserve(transcripts.size());
    for (const std::string& t : transcripts) flags.push_back(isDenovo(t));
    return flags;
}

int64_t ScTable::find(const std::string& transcript) const {
    for (size_t i = 0; i < transcripts.size(); ++i)
        if (transcripts[i] == transcript) return static_cast<int64_t>(i);
    return -1;
}

ScTable buildScTable(const SampleCounts& perSample) {
    ScTable table;
    std::unordered_map<std::string, size_t> row;
    std::unordered_set<std::string> sampleSeen;
    for (const auto& [sample, counts] : perSample) {
        if (!sampleSeen.insert(sample).second)
            throw InputError("sample '" + sample + "' is given twice; sample names must be unique");
        table.samples.push_back(sample);
        for (const auto& entry : counts)
            if (row.emplace(entry.first, table.transcripts.size()).second) table.transcripts.push_back(entry.first);
    }
    const size_t nS = table.samples.size();
    table.counts.assign(table.transcripts.size() * nS, 0.0);
    for (size_t s = 0; s < nS; ++s) {
        std::unordered_set<std::string> seen;
        for (const auto& [transcript, value] : perSample[s].second) {
            if (!seen.insert(transcript).second)
                throw InputError("transcript '" + transcript + "' is listed twice for sample '" + table.samples[s] +
                                 "'; each quantification must name a transcript once");
            table.counts[row.at(transcript) * nS + s] = value;
        }
    }
    return table;
}

namespace {
std::vector<std::string> splitTabs(const std::string& line) {
    std::vector<std::string> fields;
    size_t start = 0;
    while (true) {
        const size_t tab = line.find('\t', start);
        fields.push_back(line.substr(start, tab - start));
        if (tab == std::string::npos) break;
        start = tab + 1;
    }
    return fields;
}
}  // namespace

TranscriptCounts readQuant(const std::string& quantSfPath) {
    GzLineReader in(quantSfPath);
    std::string line;
    auto where = [&] { return quantSfPath + " line " + std::to_string(in.lineNumber()) + ": "; };
    if (!in.next(line)) throw InputError(quantSfPath + ": empty file; expected a Salmon quant.sf with a header line");
    const std::vector<std::string> header = splitTabs(line);
    int nameCol = -1, readsCol = -1;
    for (size_t i = 0; i < header.size(); ++i) {
        if (header[i] == "Name") nameCol = static_cast<int>(i);
        if (header[i] == "NumReads") readsCol = static_cast<int>(i);
    }
    if (nameCol < 0 || readsCol < 0)
        throw InputError(where() + "header lacks the Name and NumReads columns; expected a Salmon quant.sf "
                                   "(Name Length EffectiveLength TPM NumReads)");
    TranscriptCounts counts;
    while (in.next(line)) {
        if (line.empty()) continue;
        const std::vector<std::string> fields = splitTabs(line);
        if (fields.size() != header.size())
            throw InputError(where() + "has " + std::to_string(fields.size()) + " fields, the header has " +
                             std::to_string(header.size()) + "; the file is truncated or not a quant.sf");
        const std::string& text = fields[readsCol];
        char* end = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        if (text.empty() || *end != '\0' || !std::isfinite(value) || value < 0)
            throw InputError(where() + "NumReads '" + text + "' of transcript '" + fields[nameCol] +
                             "' is not a non-negative number");
        if (fields[nameCol].empty()) throw InputError(where() + "empty transcript Name");
        counts.emplace_back(fields[nameCol], value);
    }
    return counts;
}

void writeScTableTsv(const std::string& path, const ScTable& table) {
    writeFileAtomically(path, [&](std::ostream& out) {
        out.precision(10);
        out << "transcript\tis_denovo";
        for (const std::string& s : table.samples) out << '\t' << s;
        out << '\n';
        for (size_t t = 0; t < table.transcripts.size(); ++t) {
            out << table.transcripts[t] << '\t' << (isDenovo(table.transcripts[t]) ? 1 : 0);
            for (size_t s = 0; s < table.samples.size(); ++s) out << '\t' << table.at(t, s);
            out << '\n';
        }
    });
}

Dataset scTableToDataset(const ScTable& table, const std::map<std::string, std::string>& groups,
                         const std::string& groupColumn) {
    Dataset ds;
    const size_t nT = table.transcripts.size(), nS = table.samples.size();
    CsrBuilder builder(static_cast<int64_t>(nT));
    for (size_t s = 0; s < nS; ++s) {
        for (size_t t = 0; t < nT; ++t) builder.add(static_cast<int32_t>(t), static_cast<float>(table.at(t, s)));
        builder.endRow();
    }
    ds.X = builder.finish();
    ds.geneNames = table.transcripts;
    ds.cellNames = table.samples;
    if (!groups.empty()) {
        std::vector<std::string> categories;
        std::vector<int32_t> codes;
        for (const std::string& sample : table.samples) {
            const auto it = groups.find(sample);
            if (it == groups.end()) {
                codes.push_back(-1);
                continue;
            }
            size_t k = 0;
            while (k < categories.size() && categories[k] != it->second) ++k;
            if (k == categories.size()) categories.push_back(it->second);
            codes.push_back(static_cast<int32_t>(k));
        }
        ds.obs.add(Column::categorical(groupColumn, std::move(categories), std::move(codes)));
    }
    ds.source = "de-novo hybrid assembly";
    ds.matrix = "X";
    ds.validate();
    return ds;
}

void writeScTableH5ad(const std::string& path, const Dataset& dataset) {
    std::vector<double> flags;
    flags.reserve(dataset.geneNames.size());
    for (const std::string& t : dataset.geneNames) flags.push_back(isDenovo(t) ? 1.0 : 0.0);
    H5adWriteOptions options;
    options.varColumns.push_back(Column::boolean("is_denovo", std::move(flags)));
    writeH5ad(dataset, path, options);
}

}  // namespace dm
