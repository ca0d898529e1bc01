#pragma once
// The selected matrix and labels a run consumes (after preprocessing): what the input
// preparation hands to the engine (runner, evaluation). Torch-free.
#include "data/csr_matrix.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dm {

struct RunInput {
    const CsrMatrix* X = nullptr;              // cells x features, not copied
    std::vector<int64_t> y;                    // class per cell, 0..classes-1
    std::vector<std::string> classes;
    std::vector<std::string> featureNames;
    std::vector<std::string> featureIds;       // may be empty
};

}  // namespace dm
