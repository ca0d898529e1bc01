// deepmapper: the command-line face of the engine. Parses, wires, runs; no science here.
#include "cli_commands.h"

#include "common/error.h"
#include "data/isolated_reader.h"

#include <CLI/CLI.hpp>

#include <iostream>

int main(int argc, char** argv) {
    CLI::App app{"DeepMapper: rank the genes that separate cell states, with every gene kept.\n"
                 "Exit codes: 0 ok, 2 bad input or usage, 3 no pass accepted, 4 merge with tries missing (partial),\n"
                 "130 interrupted."};
    app.set_version_flag("--version", [] { return dm::cli::versionText(); }, "Print versions of the app and its libraries");
    app.require_subcommand(0, 1);

    dm::cli::Registry registry;
    dm::cli::registerCommands(app, registry);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // CLI11 uses 0 for --help/--version; every real usage error becomes exit 2.
        const int code = app.exit(e);
        return code == 0 ? 0 : dm::cli::kExitBadInput;
    }
    if (app.get_subcommands().empty()) {
        std::cout << app.help();
        return 0;
    }
    // HDF5 inputs are parsed by deepmapper-reader: a damaged file cannot take this process down.
    dm::isolation::enable();
    try {
        return registry.run(app.get_subcommands().front());
    } catch (const dm::InputError& e) {
        std::cerr << "deepmapper: error: " << e.what() << "\n";
        return dm::cli::kExitBadInput;
    } catch (const dm::Error& e) {
        std::cerr << "deepmapper: error: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "deepmapper: internal error: " << e.what() << "\n";
        return 1;
    }
}
