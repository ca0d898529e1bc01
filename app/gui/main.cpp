// deepmapper-studio: the desktop application. Wires the main window; no logic here.
#include "command_line.h"
#include "main_window.h"

#include "data/isolated_reader.h"
#include "engine/runtime.h"

#include <QApplication>
#include <QCommandLineParser>

#include <cstdio>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName("DeepMapper Studio");
    QApplication::setOrganizationName("DeepMapper");
    QApplication::setApplicationVersion(QString::fromStdString(dm::runtimeInfo().appVersion));
    // Wayland app id and desktop-entry match: packaging/org.deepmapper.studio.desktop.
    QGuiApplication::setDesktopFileName("org.deepmapper.studio");

    QCommandLineParser parser;
    dm::ui::StartupOptions options;
    if (!dm::ui::parseStartup(parser, QApplication::arguments(), options)) {
        std::fprintf(stderr, "deepmapper-studio: %s\nTry deepmapper-studio --help\n", qPrintable(parser.errorText()));
        return 2;
    }
    if (parser.isSet("help")) parser.showHelp(0);
    if (options.version) {
        std::printf("deepmapper-studio %s", dm::versionReport(qVersion()).c_str());
        return 0;
    }
    dm::configureRuntime();
    // HDF5 inputs are parsed by deepmapper-reader: a damaged file cannot close the window.
    dm::isolation::enable();

    // Screenshots start from a clean slate and leave the user's settings alone.
    if (!options.screenshotDir.isEmpty()) QApplication::setOrganizationName("DeepMapper-screenshots");

    dm::ui::MainWindow window;
    window.show();
    dm::ui::startWith(&window, options, [](int code) { QApplication::exit(code); });
    return app.exec();
}
