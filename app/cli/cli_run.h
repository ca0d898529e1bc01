#pragma once
// Running the engine from a command and writing its outputs: shared by `run` and `demo`.
#include "cli_figures.h"
#include "cli_options.h"

#include <ostream>
#include <string>
#include <vector>

namespace dm::cli {

struct OutputFlags {
    std::string out;          // output folder; empty: nothing written
    bool quiet = false;       // no progress or log on stderr
    bool json = false;        // machine-readable summary on stdout
    bool annotatedH5ad = false;
    FigureFlags figures;      // --figures png,svg,pdf, --figure-dpi
};
void addOutputOptions(CLI::App* sub, OutputFlags& o, bool outRequired);

struct RunOutcome {
    RunRecord record;
    std::vector<std::string> files;
    bool interrupted = false;
    int exitCode = 0;  // 0, kExitNoPassAccepted or kExitInterrupted
};

// Trains with progress on stderr and Ctrl-C handling, then writes the outputs to
// flags.out (when set). `record` comes in with dataset, config and timings.load filled.
RunOutcome runAndWrite(const PreparedData& data, RunRecord record, const OutputFlags& flags);

// The log function the data pipeline uses: a line on stderr unless quiet.
std::function<void(const std::string&)> stderrLog(bool quiet);

// The summary lines shared by `run` and `demo`: why nothing was accepted (exit 3), the
// weak-evidence warning, and the stability line.
std::string noPassMessage(const Findings& f);
std::string weakMessage(const Findings& f);
std::string stabilityLine(const Findings& f);

// Checks --figures (formats, --out given) and readies drawing; throws InputError (exit 2).
void checkFigures(const OutputFlags& flags);

}  // namespace dm::cli
