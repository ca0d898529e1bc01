#pragma once
// Subcommands of `deepmapper`. Each file cli_<name>.cpp registers one.
#include <CLI/CLI.hpp>

#include <functional>
#include <map>
#include <string>

namespace dm::cli {

constexpr int kExitOk = 0;
constexpr int kExitBadInput = 2;
constexpr int kExitNoPassAccepted = 3;
constexpr int kExitPartial = 4;  // merge: tries missing, the result is partial
constexpr int kExitInterrupted = 130;

// Maps each parsed subcommand to the function that runs it.
class Registry {
public:
    void add(CLI::App* sub, std::function<int()> run) { runs_[sub] = std::move(run); }
    int run(CLI::App* sub) const { return runs_.at(sub)(); }

private:
    std::map<CLI::App*, std::function<int()>> runs_;
};

std::string versionText();
// Parses the command line against the registered subcommands and runs the chosen one with
// HDF5 inputs isolated (deepmapper-reader); maps errors to exit codes. Both entry points
// (main.cpp, the full tool; front_main.cpp, the light front) end here.
int parseAndRun(CLI::App& app, Registry& registry, int argc, char** argv);
void registerCommands(CLI::App& app, Registry& registry);
void registerRun(CLI::App& app, Registry& registry);
void registerDemo(CLI::App& app, Registry& registry);
void registerInspect(CLI::App& app, Registry& registry);
void registerDenovo(CLI::App& app, Registry& registry);
void registerEvaluate(CLI::App& app, Registry& registry);
void registerLinear(CLI::App& app, Registry& registry);
void registerEmbed(CLI::App& app, Registry& registry);
void registerMarkers(CLI::App& app, Registry& registry);
void registerChord(CLI::App& app, Registry& registry);
void registerMerge(CLI::App& app, Registry& registry);
void registerSlurm(CLI::App& app, Registry& registry);

}  // namespace dm::cli
