// deepmapper: the light front of the command-line tool. Debian's LibTorch pulls in about 280
// shared libraries (OpenCV, GDAL, Qt 5, ...) whose loading, relocation and static
// initialisation cost ~0.5 s of CPU before main() - more than reading pbmc68k and testing
// every gene. `deepmapper markers` never trains, so it runs here, in a process linked
// without LibTorch or Qt; every other command (and --help, --version) runs in
// deepmapper-engine (main.cpp), which this process becomes through execv: same pid,
// arguments, environment, signals and exit code. HDF5 isolation is the same in both
// (parseAndRun turns it on).
#include "cli_commands.h"

#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

// Beside this executable (the build tree), else where the .deb installs it, else
// $DM_ENGINE (tests, relocated installs) first of all.
std::string findEngine() {
    if (const char* env = std::getenv("DM_ENGINE"); env && *env) return env;
    std::error_code ec;
    const std::filesystem::path dir = std::filesystem::read_symlink("/proc/self/exe", ec).parent_path();
    if (ec) return {};
    for (const auto& c : {dir / "deepmapper-engine", dir / "../libexec/deepmapper-studio/deepmapper-engine"})
        if (::access(c.c_str(), X_OK) == 0) return c.lexically_normal().string();
    return {};
}

bool runsHere(int argc, char** argv) { return argc > 1 && std::strcmp(argv[1], "markers") == 0; }

}  // namespace

int main(int argc, char** argv) {
    if (runsHere(argc, argv)) {
        CLI::App app{"DeepMapper: rank the genes that separate cell states, with every gene kept."};
        app.require_subcommand(1, 1);
        dm::cli::Registry registry;
        dm::cli::registerMarkers(app, registry);
        return dm::cli::parseAndRun(app, registry, argc, argv);
    }
    const std::string engine = findEngine();
    if (engine.empty()) {
        std::cerr << "deepmapper: internal error: deepmapper-engine not found beside " << argv[0]
                  << " nor in ../libexec/deepmapper-studio/; reinstall deepmapper-studio (or set DM_ENGINE)\n";
        return 1;
    }
    ::execv(engine.c_str(), argv);
    std::cerr << "deepmapper: internal error: cannot start " << engine << ": " << std::strerror(errno) << "\n";
    return 1;
}
