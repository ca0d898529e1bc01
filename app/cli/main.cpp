// deepmapper-engine: the command-line face of the engine, every command. Users call
// `deepmapper` (front_main.cpp), which runs the commands that never train itself and
// becomes this program (execv) for the others. Parses, wires, runs; no science here.
#include "cli_commands.h"

#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
    CLI::App app{"DeepMapper: rank the genes that separate cell states, with every gene kept.\n"
                 "Exit codes: 0 ok, 2 bad input or usage, 3 no pass accepted, 4 merge with tries missing (partial),\n"
                 "130 interrupted."};
    app.set_version_flag("--version", [] { return dm::cli::versionText(); }, "Print versions of the app and its libraries");
    app.require_subcommand(0, 1);
    dm::cli::Registry registry;
    dm::cli::registerCommands(app, registry);
    return dm::cli::parseAndRun(app, registry, argc, argv);
}
