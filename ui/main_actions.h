#pragma once
// Every command of the main window as a QAction (text, object name, shortcut, tooltip,
// icon), the menus and the toolbar that hold them, and which of them are usable in the
// window's current state (after Tiled's MapDocumentActionHandler). The window connects
// their triggers to what they do.
#include <QObject>
#include <QString>

class QAction;
class QMainWindow;
class QMenu;

namespace dm::ui {

class LinearBaselineJob;
class RunController;
class RunDocument;

class MainActions : public QObject {
    Q_OBJECT
public:
    // Creates the actions (owned by `window`), the menu bar and the toolbar; the View menu
    // lists `viewToggles` (the docks' toggle actions). Which commands are usable follows
    // the document and the background jobs.
    MainActions(QMainWindow* window, const QList<QAction*>& viewToggles, const RunDocument* document,
                const RunController* controller, const LinearBaselineJob* baselineJob);

    // `problem`: why a run cannot start now (empty: it can).
    void update(const QString& problem);

    QAction *open, *open10x, *populations, *demo, *saveRun, *openRun, *exportRanking, *exportFigures, *exportReport,
        *exportH5ad, *quit, *copy, *start, *stop, *baseline, *evaluate, *about;
    QMenu* recentMenu = nullptr;

private:
    const RunDocument* document_;
    const RunController* controller_;
    const LinearBaselineJob* baseline_;

    void buildMenus(QMainWindow* window, const QList<QAction*>& viewToggles);
    void buildToolBar(QMainWindow* window);
};

}  // namespace dm::ui
