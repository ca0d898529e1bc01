#pragma once
// The gate in words, for messages that say why no pass counted (the CLI's summary, the
// chord test's DeepMapper selector): one wording for every kind of gate.
#include "analysis/gate.h"

#include <string>

namespace dm {

std::string describeGate(const GateRule& rule);

}  // namespace dm
