#pragma once
// The dialog front-ends of the window's file commands (Open, Open 10x directory, Add
// sorted populations, Save run, Open run, and the four exports): each asks the user for
// a path or options, then calls the window's slot of the same command, which tests and
// the command line call directly. Nothing happens when the user cancels.
#include <QObject>

namespace dm::ui {

class MainActions;
class MainWindow;
class RunDocument;

class CommandDialogs : public QObject {
    Q_OBJECT
public:
    // Connects the file commands of `actions` to their dialogs.
    CommandDialogs(MainWindow* window, const MainActions& actions, const RunDocument* document);

    void chooseDataset();
    void choose10xFolder();
    void choosePopulations();
    void chooseSaveRun();
    void chooseOpenRun();
    void chooseExportRanking();
    void chooseExportFigures();
    void chooseExportReport();
    void chooseExportH5ad();

private:
    MainWindow* window_;
    const RunDocument* document_;
};

}  // namespace dm::ui
