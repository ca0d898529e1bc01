#include "command_line.h"

#include "main_window.h"
#include "screenshot_tour.h"

#include <QCommandLineParser>
#include <QTimer>

namespace dm::ui {

bool parseStartup(QCommandLineParser& parser, const QStringList& arguments, StartupOptions& out) {
    parser.setApplicationDescription("DeepMapper Studio: find the genes that separate cell states");
    parser.addHelpOption();
    const QCommandLineOption version("version", "Print versions of the app and its libraries");
    const QCommandLineOption demo("demo", "Open the built-in demo dataset at start");
    QCommandLineOption screenshots("screenshot-run", "Run a tiny demo job, save a PNG of each tab into DIR, quit",
                                   "DIR");
    screenshots.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(version);
    parser.addOption(demo);
    parser.addOption(screenshots);
    parser.addPositionalArgument("file",
                                 "A saved run (.dmrun, reopened without retraining), an .h5ad file, a 10x .h5 "
                                 "file or a 10x matrix folder",
                                 "[file]");
    if (!parser.parse(arguments)) return false;
    out.version = parser.isSet(version);
    out.demo = parser.isSet(demo);
    out.screenshotDir = parser.value(screenshots);
    out.paths = parser.positionalArguments();
    return true;
}

void startWith(MainWindow* window, const StartupOptions& options, std::function<void(int)> quit) {
    if (!options.screenshotDir.isEmpty()) {
        runScreenshotTour(window, options.screenshotDir, std::move(quit));
    } else if (!options.paths.isEmpty()) {
        const QStringList paths = options.paths;
        QTimer::singleShot(0, window, [window, paths] { window->openFiles(paths); });
    } else if (options.demo) {
        QTimer::singleShot(0, window, &MainWindow::loadDemo);
    }
}

}  // namespace dm::ui
