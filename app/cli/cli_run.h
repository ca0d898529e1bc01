#pragma once
// Running the engine from a command and writing its outputs: shared by `run` and `demo`.
#include "cli_figures.h"
#include "cli_options.h"
#include "report/try_store.h"

#include <ostream>
#include <set>
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

// How a run keeps its finished tries in OUT/tries (see report/try_store.h).
struct TryOptions {
    bool resume = false;                 // read back the tries finished by an earlier, interrupted run
    std::vector<std::string> dataFlags;  // how the data was prepared, recorded for resume and merge
};

// Trains with progress on stderr and Ctrl-C handling, then writes the outputs to
// flags.out (when set). `record` comes in with dataset, config and timings.load filled.
// With an output folder each try is kept in OUT/tries the moment it finishes, and the
// folder is removed once the run completes (an interrupted run keeps it for --resume).
RunOutcome runAndWrite(const PreparedData& data, RunRecord record, const OutputFlags& flags,
                       const TryOptions& tries = {});

// What every try of this run shares, for its OUT/tries/header.json.
ShardHeader shardHeader(const RunRecord& record, const PreparedData& data, const std::vector<std::string>& dataFlags);

// Forwards every event to `inner` and writes each newly trained try to `store` (when set).
class TryRecorder : public RunObserver {
public:
    TryRecorder(RunObserver& inner, const TryStore* store, const std::vector<PassRecord>& onDisk);
    void passStarted(int tryIndex, uint64_t seed) override { inner_.passStarted(tryIndex, seed); }
    void epochFinished(const EpochEvent& e) override { inner_.epochFinished(e); }
    void passFinished(const PassEvent& e) override;
    void runFinished(const Findings& f) override { inner_.runFinished(f); }
    void message(const std::string& text) override { inner_.message(text); }

private:
    RunObserver& inner_;
    const TryStore* store_;
    std::set<int> onDisk_;
};

// The summary of a finished run (or merge) on stdout: human-readable, or JSON with --json.
void printRunSummary(const RunOutcome& outcome, const OutputFlags& flags);

// The log function the data pipeline uses: a line on stderr unless quiet.
std::function<void(const std::string&)> stderrLog(bool quiet);

// The summary lines shared by `run` and `demo`: why nothing was accepted (exit 3), the
// weak-evidence warning, and the stability line.
std::string noPassMessage(const Findings& f);
std::string weakMessage(const Findings& f);
std::string stabilityLine(const Findings& f);
// The classes whose own ranking rests on few attributed cells per pass, or empty.
std::string fewCellsLine(const Findings& f);

// Checks --figures (formats, --out given) and readies drawing; throws InputError (exit 2).
void checkFigures(const OutputFlags& flags);

}  // namespace dm::cli
