#pragma once
// Run progress on stderr: a live single line (pass, epoch, accuracy, ETA) when stderr is a
// terminal, one plain line per pass otherwise (logs, pipes, tests), nothing when quiet.
// Also the Ctrl-C handling: the first SIGINT asks the engine to stop after keeping the
// passes done so far; a second one exits at once.
#include "engine/runner.h"

#include <chrono>
#include <string>

namespace dm::cli {

class ProgressPrinter : public RunObserver {
public:
    ProgressPrinter(const RunConfig& config, bool quiet);
    void passStarted(int tryIndex, uint64_t seed) override;
    void epochFinished(const EpochEvent& e) override;
    void passFinished(const PassEvent& e) override;
    void runFinished(const Findings& f) override;
    void message(const std::string& text) override;  // a line of its own, the bar redrawn after

private:
    std::string eta(double passFraction) const;
    void drawBar(const std::string& text);
    void clearBar();

    int passes_;
    int maxTries_;
    bool quiet_;
    bool tty_;
    bool barShown_ = false;
    int accepted_ = 0;
    int tries_ = 0;
    int currentTry_ = 0;
    double lastAccuracy_ = -1;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point lastDraw_;
};

// Installs the SIGINT handler for the lifetime of the guard; the first Ctrl-C cancels
// `token` (and says so on stderr), the second exits with 130 immediately.
class InterruptGuard {
public:
    explicit InterruptGuard(CancelToken& token);
    ~InterruptGuard();
    static bool interrupted();

private:
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;
};

std::string formatDuration(double seconds);  // "42 s", "3 min 05 s", "1 h 02 min"

}  // namespace dm::cli
