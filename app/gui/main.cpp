// deepmapper-studio: the desktop application. Wires the main window; no logic here.
#include "main_window.h"

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
    parser.addOption(version);
    parser.addOption(demo);
    parser.process(app);
    dm::configureRuntime();
    if (parser.isSet(version)) {
        std::printf("deepmapper-studio %s", dm::versionReport(qVersion()).c_str());
        return 0;
    }

    dm::ui::MainWindow window;
    window.show();
    if (parser.isSet(demo)) QTimer::singleShot(0, &window, &dm::ui::MainWindow::loadDemo);
    return app.exec();
}
