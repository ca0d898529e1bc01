// The 10x matrix folder reader on raw bytes: the input is split at NUL bytes into
// matrix.mtx, the features/genes table and the barcodes; two leading decisions pick
// gzipped (.gz names, zlib-compressed) or plain files and the v3 (features.tsv) or v2
// (genes.tsv) layout.
#include "common/error.h"
#include "data/readers.h"
#include "fuzz_input.h"
#include "fuzz_targets.h"

#include <zlib.h>

#include <filesystem>
#include <fstream>

namespace dm::fuzz {

namespace {

void writeFile(const std::string& path, const std::string& bytes, bool gz) {
    if (gz) {
        gzFile f = gzopen(path.c_str(), "wb");
        if (!f) return;
        if (!bytes.empty()) gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
        gzclose(f);
    } else {
        std::ofstream(path, std::ios::binary) << bytes;
    }
}

}  // namespace

int tenxMtx(const uint8_t* data, size_t size) {
    FuzzInput in(data, size);
    const bool gz = in.flag(), v3 = in.flag(), allFeatures = in.flag();
    std::string rest = in.rest();
    std::vector<std::string> parts(3);
    size_t part = 0;
    for (char c : rest) {
        if (c == '\0' && part < 2) ++part;
        else parts[part].push_back(c);
    }
    namespace fs = std::filesystem;
    const std::string dir = scratchPath("mtx");
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string ext = gz ? ".gz" : "";
    writeFile(dir + "/matrix.mtx" + ext, parts[0], gz);
    writeFile(dir + (v3 ? "/features.tsv" : "/genes.tsv") + ext, parts[1], gz);
    writeFile(dir + "/barcodes.tsv" + ext, parts[2], gz);
    try {
        TenxOptions options;
        options.allFeatures = allFeatures;
        const Dataset ds = read10xMtxDir(dir, options);
        ds.validate();
    } catch (const Error&) {
    }
    fs::remove_all(dir);
    return 0;
}

}  // namespace dm::fuzz

#ifdef DM_LIBFUZZER
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) { return dm::fuzz::tenxMtx(data, size); }
#endif
