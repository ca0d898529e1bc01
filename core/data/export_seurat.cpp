#include "data/export_seurat.h"

#include "common/atomic_file.h"
#include "common/error.h"

#include <charconv>
#include <filesystem>
#include <ostream>

namespace dm {

namespace {

// RFC 4180 quoting: only when the field holds a comma, a quote or a line break.
std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) {
        if (c == '"') q += '"';
        q += c;
    }
    return q + "\"";
}

// Shortest text that reads back to the same float32, independent of the C locale.
void writeNumber(std::ostream& os, float v) {
    char buf[32];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    os.write(buf, res.ptr - buf);
}

}  // namespace

void writeCsvMatrix(const CsrMatrix& X, const std::vector<std::string>& rowNames,
                    const std::vector<std::string>& colNames, const std::string& path, const std::string& corner) {
    if (static_cast<int64_t>(rowNames.size()) != X.rows || static_cast<int64_t>(colNames.size()) != X.cols)
        throw InputError("cannot write '" + path + "': " + std::to_string(rowNames.size()) + " row names and " +
                         std::to_string(colNames.size()) + " column names for a " + std::to_string(X.rows) + " x " +
                         std::to_string(X.cols) + " matrix");
    writeFileAtomically(path, [&](std::ostream& os) {
        os << csvField(corner);
        for (const auto& c : colNames) os << ',' << csvField(c);
        os << '\n';
        for (int64_t r = 0; r < X.rows; ++r) {
            os << csvField(rowNames[static_cast<size_t>(r)]);
            int64_t k = X.indptr[r];
            for (int64_t c = 0; c < X.cols; ++c) {
                os << ',';
                if (k < X.indptr[r + 1] && X.indices[k] == c) {
                    writeNumber(os, X.values[k]);
                    ++k;
                } else {
                    os << '0';
                }
            }
            os << '\n';
        }
    });
}

std::string exportForSeurat(const Dataset& ds, const Labels& labels, const std::string& outDir) {
    if (static_cast<int64_t>(labels.y.size()) != ds.cells())
        throw InputError("labels '" + labels.column + "' have " + std::to_string(labels.y.size()) +
                         " entries but the dataset has " + std::to_string(ds.cells()) + " cells");
    std::error_code ec;
    std::filesystem::create_directories(outDir, ec);
    if (ec) throw Error("cannot create the output folder '" + outDir + "': " + ec.message());

    // cell0..cellN as pydeepmapper writes them (barcodes can repeat across merged sorts).
    std::vector<std::string> cellIds;
    cellIds.reserve(static_cast<size_t>(ds.cells()));
    for (int64_t i = 0; i < ds.cells(); ++i) cellIds.push_back("cell" + std::to_string(i));

    const std::filesystem::path dir(outDir);
    writeCsvMatrix(ds.X, cellIds, ds.geneNames, (dir / "counts.csv").string());
    writeFileAtomically((dir / "labels.csv").string(), [&](std::ostream& os) {
        os << "cell,label\n";
        for (size_t i = 0; i < labels.y.size(); ++i) {
            const int64_t v = labels.y[i];
            if (v >= static_cast<int64_t>(labels.classes.size()))
                throw InputError("label " + std::to_string(v) + " of cell " + std::to_string(i) + " has no class name");
            os << cellIds[i] << ',' << (v >= 0 ? csvField(labels.classes[static_cast<size_t>(v)]) : std::string()) << '\n';
        }
    });
    return outDir;
}

}  // namespace dm
