#include "train/split.h"

#include "data/random.h"

#include <algorithm>
#include <cmath>

namespace dm {

namespace {
int64_t portion(int64_t n, double fraction, int64_t minimum) {
    int64_t k = static_cast<int64_t>(std::llround(static_cast<double>(n) * fraction));
    if (fraction > 0 && k < minimum) k = minimum;
    return std::min(k, n);
}
}  // namespace

Split splitCells(const std::vector<int64_t>& y, int64_t nClasses, double testFraction, double valFraction,
                 uint64_t seed) {
    std::vector<std::vector<int64_t>> byClass(static_cast<size_t>(nClasses));
    for (size_t i = 0; i < y.size(); ++i)
        if (y[i] >= 0 && y[i] < nClasses) byClass[static_cast<size_t>(y[i])].push_back(static_cast<int64_t>(i));
    Rng rng(seed ^ 0x5EEDu);
    Split s;
    for (auto& cells : byClass) {
        for (int64_t i = static_cast<int64_t>(cells.size()) - 1; i > 0; --i)
            std::swap(cells[i], cells[rng.below(static_cast<uint64_t>(i + 1))]);
        const int64_t n = static_cast<int64_t>(cells.size());
        const int64_t nTest = n >= 3 ? std::min(portion(n, testFraction, 1), n - 1) : portion(n, testFraction, 0);
        const int64_t rest = n - nTest;
        const int64_t nVal = rest >= 3 ? std::min(portion(rest, valFraction, 1), rest - 1) : 0;
        s.test.insert(s.test.end(), cells.begin(), cells.begin() + nTest);
        s.val.insert(s.val.end(), cells.begin() + nTest, cells.begin() + nTest + nVal);
        s.train.insert(s.train.end(), cells.begin() + nTest + nVal, cells.end());
    }
    std::sort(s.train.begin(), s.train.end());
    std::sort(s.val.begin(), s.val.end());
    std::sort(s.test.begin(), s.test.end());
    return s;
}

}  // namespace dm
