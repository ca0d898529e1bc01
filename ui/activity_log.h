#pragma once
// The Log dock: one timestamped line per event of the background work (loading, passes,
// evaluations, the engine's own messages) and whatever the window adds (errors, files
// written), so a user can read back what happened and when.
#include <QPlainTextEdit>

namespace dm::ui {

class DatasetLoader;
class RunController;

class ActivityLog : public QPlainTextEdit {
    Q_OBJECT
public:
    explicit ActivityLog(QWidget* parent = nullptr);

    // Logs the events of these jobs from now on.
    void follow(RunController* controller);
    void follow(DatasetLoader* loader);

public slots:
    void add(const QString& text);
};

}  // namespace dm::ui
