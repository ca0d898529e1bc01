#pragma once
// A short hash of exactly what a run trains on (matrix, labels, classes, gene names and
// ids), so that shards trained on different nodes, or a resumed run, can prove they saw
// the same input even when the file sits at another path.
#include "data/run_input.h"

#include <string>

namespace dm {

// 16 hex digits; equal inputs give equal fingerprints on every machine (byte order aside:
// little-endian everywhere we run).
std::string datasetFingerprint(const RunInput& input);

}  // namespace dm
