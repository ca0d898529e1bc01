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

}  // namespace dm
