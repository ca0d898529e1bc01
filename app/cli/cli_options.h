#pragma once
// Options shared by the commands that load data and run the engine (run, demo, and later
// evaluate / linear / embed): the data flags with their loading + label selection +
// normalization pipeline, and one flag per RunConfig field.
#include "data/data_selection.h"
#include "data/dataset.h"
#include "engine/run_config.h"
#include "engine/runner.h"
#include "report/run_record.h"

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace dm::cli {

// ---- data ------------------------------------------------------------------------------

struct DataOptions {
    std::string path;                      // .h5ad, 10x .h5 or 10x matrix folder
    std::string label;                     // obs column holding the classes
    std::string matrix = "auto";           // auto | X | raw | layer:NAME
    std::string normalize = "auto";        // auto | yes | no
    double targetSum = 1e4;
    std::vector<std::string> classes;      // keep only these classes
    std::string oneVsRest;                 // this class against all others
    int64_t maxPerClass = 0;               // 0: every cell
    std::vector<std::string> populations;  // DIR=LABEL, one sorted population each
    bool allFeatures = false;              // 10x: keep antibody / CRISPR features too
    std::string genome;                    // 10x v2 .h5 with several genomes
    bool labelOptional = false;            // embed: runs without classes when --label is absent
};

// Adds DATA (positional) and the data flags to `sub`.
void addDataOptions(CLI::App* sub, DataOptions& o);

// Loads DATA (or the populations) and translates the flags into the one DataSelection
// core prepares (data/data_selection.h): label column, classes, per-class cap,
// normalization. Throws InputError naming the flag and the fix. `log` gets one line per step.
PreparedData prepareData(const DataOptions& o, uint64_t seed, const std::function<void(const std::string&)>& log);

// Whether any data source was given (DATA or --population).
bool hasData(const DataOptions& o);

// The data flags that prepare the same data again (paths made absolute), for a shard's
// header (resume and merge prepare the data from it) and for a Slurm job script.
std::vector<std::string> dataFlags(const DataOptions& o);
// The inverse: parses flags written by dataFlags. Throws InputError when they do not parse.
DataOptions dataOptionsFromFlags(const std::vector<std::string>& flags);

// ---- run configuration -----------------------------------------------------------------

// One flag per RunConfig field. Flags given explicitly override --config FILE, which
// overrides `defaults` (the command's own defaults, shown in --help).
class ConfigOptions {
public:
    void add(CLI::App* sub, const RunConfig& defaults = RunConfig{});
    RunConfig effective() const;  // validated
    // `base` (a recorded run's configuration) with only the flags given on this command
    // line applied over it; validated.
    RunConfig effectiveOver(const RunConfig& base) const;
    const std::string& saveConfigPath() const { return saveConfig_; }

private:
    template <class Field>
    CLI::Option* bind(CLI::App* sub, const std::string& name, Field field, const std::string& help);

    std::string configFile_;
    std::string saveConfig_;
    std::string backboneExtra_;
    std::string preset_;
    std::string passesText_;
    CLI::Option* passesOption_ = nullptr;
    RunConfig defaults_;
    RunConfig flags_;  // values as parsed from the flags
    std::vector<std::pair<CLI::Option*, std::function<void(RunConfig&)>>> setters_;
    CLI::Option* backboneExtraOption_ = nullptr;
};

// The command line of this process, shell-quoted (for the run record).
std::string commandLine();
// One argument quoted for a POSIX shell (unchanged when it needs no quoting).
std::string shellQuote(const std::string& arg);

}  // namespace dm::cli
