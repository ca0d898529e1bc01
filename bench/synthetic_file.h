#pragma once
// The 20,000 cells x 20,000 genes synthetic .h5ad the stop benchmarks read: written once
// into TMPDIR (or /tmp) and reused, since generating it takes a while.
#include "data/h5ad_writer.h"
#include "data/synthetic.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace dm::bench {

inline std::string syntheticFile() {
    const char* tmp = std::getenv("TMPDIR");
    const std::string path = std::string(tmp && *tmp ? tmp : "/tmp") + "/dm_bench_20k.h5ad";
    if (!std::filesystem::exists(path)) {
        SyntheticSpec s;
        s.cells = 20000;
        s.genes = 20000;
        s.medianLibrarySize = 2000;
        std::printf("writing %s (20000 x 20000 synthetic counts)...\n", path.c_str());
        writeH5ad(generateSynthetic(s).dataset, path);
    }
    return path;
}

}  // namespace dm::bench
