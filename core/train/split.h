#pragma once
// Seeded, stratified test / validation / train split of the cells (pure, no LibTorch).
#include <cstdint>
#include <vector>

namespace dm {

struct Split {
    std::vector<int64_t> train, val, test;  // cell indices, ascending
};

// Per class: a seeded shuffle, then round(n * testFraction) cells to test and
// round(rest * valFraction) of the rest to validation, the remainder to train. A class
// with at least 3 cells keeps at least one cell in train and test.
Split splitCells(const std::vector<int64_t>& y, int64_t nClasses, double testFraction, double valFraction,
                 uint64_t seed);

}  // namespace dm
