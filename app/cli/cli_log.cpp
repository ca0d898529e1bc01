// stderrLog (cli_run.h) in a file of its own: the light front (`deepmapper markers`,
// front_main.cpp) uses it without linking the training commands.
#include "cli_run.h"

#include <iostream>

namespace dm::cli {

std::function<void(const std::string&)> stderrLog(bool quiet) {
    return [quiet](const std::string& line) {
        if (!quiet) std::cerr << line << std::endl;
    };
}

}  // namespace dm::cli
