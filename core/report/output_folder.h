#pragma once
// The folder a command writes its results into.
#include <string>

namespace dm {

// Creates `dir` (and its parents) when needed; InputError naming the folder and the reason
// when it cannot be made or a file of that name is in the way.
void createOutputFolder(const std::string& dir);

// dir/name as one path.
std::string outputPath(const std::string& dir, const std::string& name);

}  // namespace dm
