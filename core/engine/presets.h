#pragma once
// Named run configurations. "default" is what a run uses when nothing is said (chosen by
// bench/bench_science, docs/science.md); "seed" is the seed document's defaults, kept so
// results can be compared with pydeepmapper's.
#include "engine/run_config.h"

#include <string>
#include <vector>

namespace dm {

RunConfig defaultRunConfig();
// The seed document's (pydeepmapper's) defaults.
RunConfig seedRunConfig();

std::vector<std::string> presetNames();  // "default", "seed"
bool isPreset(const std::string& name);
// Throws ConfigError naming the preset and listing the known ones.
RunConfig presetConfig(const std::string& name);

// The preset whose analysis `c` runs: every setting equal except how long and where the run
// goes (passes, tries, automatic passes, seed, threads, device, gene names or indices).
// "" when it is neither, so a view never calls an edited configuration "default".
std::string matchingPreset(const RunConfig& c);

}  // namespace dm
