#pragma once
// deepmapper-studio's command line: `deepmapper-studio [FILE]` opens a saved run (.dmrun)
// without retraining, or a dataset (.h5ad, 10x .h5, 10x folder); --demo, --version, and
// the hidden --screenshot-run DIR. Parsing and acting are apart so tests drive both.
#include <QString>
#include <QStringList>

#include <functional>

class QCommandLineParser;

namespace dm::ui {

class MainWindow;

struct StartupOptions {
    bool version = false;
    bool demo = false;
    QString screenshotDir;  // non-empty: the screenshot tour
    QStringList paths;      // files to open; the first is opened (a desktop may pass several)
};

// Declares the options on `parser` and parses `arguments` (argv, program name first).
// Returns false on an unknown option (parser.errorText() says which); --help is left
// to the caller (parser.isSet("help")).
bool parseStartup(QCommandLineParser& parser, const QStringList& arguments, StartupOptions& out);

// Once the event loop runs: the screenshot tour, else the file, else the demo.
// `quit(code)` ends the app (the screenshot tour calls it when done).
void startWith(MainWindow* window, const StartupOptions& options, std::function<void(int)> quit);

}  // namespace dm::ui
