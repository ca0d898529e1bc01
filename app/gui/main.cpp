// deepmapper-studio: the desktop application. Wires the main window; no logic here.
#include "main_window.h"
#include "screenshot_tour.h"

#include "engine/runtime.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include <cstdio>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName("DeepMapper Studio");
    QApplication::setOrganizationName("DeepMapper");
    QApplication::setApplicationVersion(QString::fromStdString(dm::runtimeInfo().appVersion));

    QCommandLineParser parser;
    parser.setApplicationDescription("DeepMapper Studio: find the genes that separate cell states");
    parser.addHelpOption();
    QCommandLineOption version("version", "Print versions of the app and its libraries");
    QCommandLineOption demo("demo", "Open the built-in demo dataset at start");
    QCommandLineOption screenshots("screenshot-run", "Run a tiny demo job, save a PNG of each tab into DIR, quit",
                                   "DIR");
    screenshots.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(version);
    parser.addOption(demo);
    parser.addOption(screenshots);
    parser.addPositionalArgument("path", "An .h5ad file, a 10x .h5 file or a 10x matrix folder to open", "[path]");
    parser.process(app);
    if (parser.isSet(version)) {
        std::printf("deepmapper-studio %s", dm::versionReport(qVersion()).c_str());
        return 0;
    }
    dm::configureRuntime();

    // Screenshots start from a clean slate and leave the user's settings alone.
    if (parser.isSet(screenshots)) QApplication::setOrganizationName("DeepMapper-screenshots");

    dm::ui::MainWindow window;
    window.show();
    if (parser.isSet(screenshots)) {
        dm::ui::runScreenshotTour(&window, parser.value(screenshots), [](int code) { QApplication::exit(code); });
    } else if (!parser.positionalArguments().isEmpty()) {
        const QString path = parser.positionalArguments().front();
        QTimer::singleShot(0, &window, [&window, path] { window.openPath(path); });
    } else if (parser.isSet(demo)) {
        QTimer::singleShot(0, &window, &dm::ui::MainWindow::loadDemo);
    }
    return app.exec();
}
