#pragma once
// The expression "sc table" of the hybrid pipeline: transcripts x samples counts (Salmon
// NumReads), every transcript flagged de-novo or reference by its id. It is written as TSV
// and becomes a Dataset with samples as cells, so DeepMapper can rank the novel features.
#include "data/dataset.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace dm {

// One sample's transcript -> count, in file order.
using TranscriptCounts = std::vector<std::pair<std::string, double>>;
// (sample, counts) in the order the samples should appear as columns.
using SampleCounts = std::vector<std::pair<std::string, TranscriptCounts>>;

struct ScTable {
    std::vector<std::string> transcripts;  // rows: union of all samples, first appearance order
    std::vector<std::string> samples;      // columns: sample order as given
    std::vector<double> counts;            // row-major, transcripts x samples

    double at(size_t transcript, size_t sample) const { return counts[transcript * samples.size() + sample]; }
    std::vector<bool> denovoFlags() const;
    // Row of a transcript id, or -1.
    int64_t find(const std::string& transcript) const;
};

// Transcripts missing from a sample count 0. Throws InputError on a repeated sample name or
// a transcript listed twice for one sample.
ScTable buildScTable(const SampleCounts& perSample);

// Salmon quant.sf (tab-separated: Name Length EffectiveLength TPM NumReads) -> Name ->
// NumReads in file order. Throws InputError naming the file and line when the header lacks
// the columns, a row has the wrong number of fields, or NumReads is not a count.
TranscriptCounts readQuant(const std::string& quantSfPath);

// TSV: header "transcript<TAB>is_denovo<TAB>SAMPLE..." then one row per transcript,
// is_denovo as 1/0. Written atomically.
void writeScTableTsv(const std::string& path, const ScTable& table);

// Samples as cells, transcripts as genes (float counts), obs column `groupColumn`
// (categorical, categories in first-appearance order) from sample -> label; a sample
// without a label is missing (-1). No column is added when `groups` is empty.
Dataset scTableToDataset(const ScTable& table, const std::map<std::string, std::string>& groups,
                         const std::string& groupColumn = "group");

// The Dataset as .h5ad (atomically), with a boolean var column `is_denovo`.
void writeScTableH5ad(const std::string& path, const Dataset& dataset);

}  // namespace dm
