#pragma once
// How much one class's own ranking rests on: the held-out cells of that class attributed in
// each accepted pass. With a handful per pass, one cell where a rare gene is high can put
// that gene on top, so the GUI and the CLI say so instead of showing that ranking as firmly
// as one built on many cells.
#include "engine/findings.h"

namespace dm {

// Fewer attributed cells of the class per accepted pass than this: a hint, not a ranking.
inline constexpr double kFewClassCellsPerPass = 10;

// Attributed cells of the class per accepted pass that attributed any (0 when none did).
inline double classCellsPerPass(const ClassFindings& c) {
    return c.passes > 0 ? static_cast<double>(c.cells) / c.passes : 0.0;
}

// No pass attributed a cell of the class, or fewer than kFewClassCellsPerPass per pass.
inline bool classHasFewCells(const ClassFindings& c) {
    return c.passes == 0 || classCellsPerPass(c) < kFewClassCellsPerPass;
}

}  // namespace dm
