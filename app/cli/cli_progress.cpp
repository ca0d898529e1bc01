#include "cli_progress.h"

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <unistd.h>

namespace dm::cli {

namespace {
std::atomic<CancelToken*> gToken{nullptr};
volatile std::sig_atomic_t gInterrupts = 0;
struct sigaction gPrevious {};

void onSigint(int) {
    ++gInterrupts;
    if (gInterrupts >= 2) {
        static const char msg[] = "\ndeepmapper: interrupted again, exiting now without writing results\n";
        (void)!::write(STDERR_FILENO, msg, sizeof msg - 1);
        ::_exit(130);
    }
    if (CancelToken* token = gToken.load()) token->cancel();
    static const char msg[] =
        "\ndeepmapper: interrupted; finishing up and writing the passes done so far (Ctrl-C again to quit now)\n";
    (void)!::write(STDERR_FILENO, msg, sizeof msg - 1);
}

void fmt3(double v, char* buf, size_t n) { std::snprintf(buf, n, "%.3f", v); }
}  // namespace

std::string formatDuration(double seconds) {
    char buf[48];
    const long s = static_cast<long>(seconds + 0.5);
    if (s < 60) std::snprintf(buf, sizeof buf, "%ld s", s);
    else if (s < 3600) std::snprintf(buf, sizeof buf, "%ld min %02ld s", s / 60, s % 60);
    else std::snprintf(buf, sizeof buf, "%ld h %02ld min", s / 3600, (s % 3600) / 60);
    return buf;
}

ProgressPrinter::ProgressPrinter(const RunConfig& config, bool quiet)
    : passes_(config.passes), maxTries_(config.effectiveMaxTries()), quiet_(quiet),
      tty_(::isatty(STDERR_FILENO) != 0), start_(std::chrono::steady_clock::now()) {}

// Remaining time from the mean time per try and the acceptance rate so far; `passFraction`
// is how far the current try has got (epochs), so the estimate moves within a pass too.
std::string ProgressPrinter::eta(double passFraction) const {
    const double done = tries_ + passFraction;
    if (done <= 0.05) return "ETA --";
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double perTry = elapsed / done;
    const double rate = tries_ > 0 ? std::max(double(accepted_) / tries_, 1.0 / (tries_ + 1)) : 1.0;
    double remainingTries = (passes_ - accepted_) / rate - passFraction;
    remainingTries = std::clamp(remainingTries, 0.0, double(maxTries_ - tries_) - passFraction);
    return "ETA " + formatDuration(remainingTries * perTry);
}

void ProgressPrinter::drawBar(const std::string& text) {
    if (quiet_ || !tty_) return;
    std::cerr << '\r' << text << "\033[K" << std::flush;
    barShown_ = true;
}

void ProgressPrinter::clearBar() {
    if (barShown_) std::cerr << "\r\033[K" << std::flush;
    barShown_ = false;
}

void ProgressPrinter::passStarted(int tryIndex, uint64_t) {
    currentTry_ = tryIndex;
    drawBar("pass " + std::to_string(accepted_ + 1) + "/" + std::to_string(passes_) + " (try " +
            std::to_string(tryIndex + 1) + ") starting | " + eta(0));
}

void ProgressPrinter::epochFinished(const EpochEvent& e) {
    if (quiet_ || !tty_) return;
    // Redrawing faster than ~10 times a second only costs terminal time.
    const auto now = std::chrono::steady_clock::now();
    if (now - lastDraw_ < std::chrono::milliseconds(100) && e.epoch + 1 < e.epochs) return;
    lastDraw_ = now;
    const int width = 20;
    const double fraction = e.epochs > 0 ? double(e.epoch + 1) / e.epochs : 0.0;
    const int filled = static_cast<int>(fraction * width);
    char acc[16];
    fmt3(e.valAccuracy, acc, sizeof acc);
    drawBar("pass " + std::to_string(accepted_ + 1) + "/" + std::to_string(passes_) + " (try " +
            std::to_string(e.tryIndex + 1) + ") [" + std::string(filled, '#') + std::string(width - filled, '.') +
            "] epoch " + std::to_string(e.epoch + 1) + "/" + std::to_string(e.epochs) + " val acc " + acc + " | " +
            eta(fraction));
}

void ProgressPrinter::passFinished(const PassEvent& e) {
    accepted_ = e.accepted;
    tries_ = e.tries;
    const PassRecord& r = *e.record;
    lastAccuracy_ = r.accuracy;
    if (quiet_) return;
    char line[256];
    std::snprintf(line, sizeof line, "pass %d/%d (try %d, seed %llu): accuracy %.3f %s, %d epochs, %.1f s | %s",
                  e.accepted, passes_, r.tryIndex + 1, static_cast<unsigned long long>(r.seed), r.accuracy,
                  r.accepted ? "accepted" : "rejected", r.stopEpoch, r.seconds, eta(0).c_str());
    clearBar();
    std::cerr << line << std::endl;
}

void ProgressPrinter::runFinished(const Findings& f) {
    if (quiet_) return;
    clearBar();
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    std::cerr << "run " << (f.partial ? "stopped" : "finished") << ": " << f.accepted << " of " << passes_
              << " passes accepted in " << f.tries << " tries, " << formatDuration(elapsed) << std::endl;
}

void ProgressPrinter::message(const std::string& text) {
    if (quiet_) return;
    clearBar();
    std::cerr << text << std::endl;
}

InterruptGuard::InterruptGuard(CancelToken& token) {
    gInterrupts = 0;
    gToken.store(&token);
    struct sigaction action {};
    action.sa_handler = onSigint;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    sigaction(SIGINT, &action, &gPrevious);
}

InterruptGuard::~InterruptGuard() {
    sigaction(SIGINT, &gPrevious, nullptr);
    gToken.store(nullptr);
}

bool InterruptGuard::interrupted() { return gInterrupts > 0; }

}  // namespace dm::cli
