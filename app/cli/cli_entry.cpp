#include "cli_commands.h"

#include "common/error.h"
#include "data/isolated_reader.h"

#include <iostream>

namespace dm::cli {

int parseAndRun(CLI::App& app, Registry& registry, int argc, char** argv) {
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // CLI11 uses 0 for --help/--version; every real usage error becomes exit 2.
        const int code = app.exit(e);
        return code == 0 ? 0 : kExitBadInput;
    }
    if (app.get_subcommands().empty()) {
        std::cout << app.help();
        return 0;
    }
    // HDF5 inputs are parsed by deepmapper-reader: a damaged file cannot take this process down.
    isolation::enable();
    try {
        return registry.run(app.get_subcommands().front());
    } catch (const InputError& e) {
        std::cerr << "deepmapper: error: " << e.what() << "\n";
        return kExitBadInput;
    } catch (const Error& e) {
        std::cerr << "deepmapper: error: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "deepmapper: internal error: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace dm::cli
