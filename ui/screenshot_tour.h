#pragma once
// The hidden `--screenshot-run DIR` mode: loads a small demo dataset, runs a tiny job,
// grabs each tab and the whole window as PNGs into DIR, then calls `done(exitCode)`.
#include <QString>

#include <functional>

namespace dm::ui {

class MainWindow;

void runScreenshotTour(MainWindow* window, const QString& dir, std::function<void(int)> done);

}  // namespace dm::ui
