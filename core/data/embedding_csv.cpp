#include "data/embedding_csv.h"

#include "common/error.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <unordered_map>

namespace dm {

namespace {

// One CSV record (fields may be quoted, "" inside quotes is a quote; embed writes no newlines in fields).
std::vector<std::string> splitCsv(const std::string& line) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') fields.back() += '"', ++i;
            else if (c == '"') quoted = false;
            else fields.back() += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else if (c != '\r') {
            fields.back() += c;
        }
    }
    return fields;
}

bool isComponent(const std::string& header, const std::string& prefix) {
    if (header.size() <= prefix.size() || header.compare(0, prefix.size(), prefix) != 0) return false;
    return header.find_first_not_of("0123456789", prefix.size()) == std::string::npos;
}

Embedding emptyEmbedding(const std::string& name, const std::vector<size_t>& columns, const std::vector<std::string>& header,
                         int64_t cells) {
    Embedding e;
    e.name = name;
    e.origin = "run";
    e.rows = cells;
    e.cols = static_cast<int64_t>(columns.size());
    e.values.assign(static_cast<size_t>(e.rows * e.cols), std::nanf(""));
    for (size_t c : columns) e.componentNames.push_back(header[c]);
    return e;
}

float parseNumber(const std::string& text, const std::string& where) {
    if (text == "NaN" || text == "nan") return std::nanf("");
    try {
        size_t used = 0;
        const double v = std::stod(text, &used);
        if (used == text.size()) return static_cast<float>(v);
    } catch (const std::exception&) {
    }
    throw InputError(where + ": '" + text + "' is not a number; is this the embedding.csv `deepmapper embed` wrote?");
}

}  // namespace

std::vector<Embedding> readEmbedOutput(const std::string& path, const std::vector<std::string>& cellNames) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const std::string file = fs::is_directory(path, ec) ? (fs::path(path) / "embedding.csv").string() : path;
    std::ifstream in(file);
    if (!in) throw InputError(file + ": cannot be read; choose the embedding.csv (or the folder) `deepmapper embed` wrote");
    std::string line;
    if (!std::getline(in, line)) throw InputError(file + " is empty; run `deepmapper embed` again");
    const std::vector<std::string> header = splitCsv(line);
    std::vector<size_t> latent, pca;
    for (size_t c = 1; c < header.size(); ++c) {
        if (isComponent(header[c], "z")) latent.push_back(c);
        if (isComponent(header[c], "pc")) pca.push_back(c);
    }
    if (header.empty() || header[0] != "cell" || (latent.size() < 2 && pca.size() < 2))
        throw InputError(file + ": not an embedding from `deepmapper embed` (it needs a 'cell' column and z1, z2.. or "
                         "pc1, pc2.. columns)");
    std::unordered_map<std::string, int64_t> rowOf;
    for (size_t i = 0; i < cellNames.size(); ++i) rowOf.emplace(cellNames[i], static_cast<int64_t>(i));
    const auto cells = static_cast<int64_t>(cellNames.size());
    std::vector<Embedding> out;
    if (latent.size() >= 2) out.push_back(emptyEmbedding("VAE latent (embed)", latent, header, cells));
    if (pca.size() >= 2) out.push_back(emptyEmbedding("PCA (embed)", pca, header, cells));
    int64_t matched = 0, lineNo = 1;
    while (std::getline(in, line)) {
        ++lineNo;
        if (line.empty() || line == "\r") continue;
        const std::vector<std::string> f = splitCsv(line);
        const std::string where = file + " line " + std::to_string(lineNo);
        if (f.size() != header.size())
            throw InputError(where + " has " + std::to_string(f.size()) + " fields, the header " +
                             std::to_string(header.size()) + "; the file is damaged: run `deepmapper embed` again");
        const auto it = rowOf.find(f[0]);
        if (it == rowOf.end()) continue;  // a cell of another dataset (or filtered out here)
        ++matched;
        for (Embedding& e : out) {
            const std::vector<size_t>& cols = &e == &out.front() && latent.size() >= 2 ? latent : pca;
            for (size_t k = 0; k < cols.size(); ++k)
                e.values[static_cast<size_t>(it->second * e.cols) + k] = parseNumber(f[cols[k]], where);
        }
    }
    if (matched == 0)
        throw InputError(file + ": none of its cells is in the loaded dataset; load the file `deepmapper embed` was run on");
    return out;
}

}  // namespace dm
