#include "analysis/gate_description.h"

#include <sstream>

namespace dm {

std::string describeGate(const GateRule& g) {
    std::ostringstream s;
    if (g.kind == "binomial") {
        s << "held-out accuracy significantly above the majority-class rate (one-sided binomial test, alpha " << g.alpha
          << ")";
        if (g.minAccuracy > 0) s << " and at least " << g.minAccuracy;
    } else if (g.kind == "permutation") {
        s << "held-out predictions that depend on the true labels (balanced accuracy against label shuffles, "
             "alpha "
          << g.alpha << ")";
        if (g.minAccuracy > 0) s << " and held-out accuracy at least " << g.minAccuracy;
    } else {
        s << "held-out accuracy at least " << g.minAccuracy;
    }
    return s.str();
}

}  // namespace dm
