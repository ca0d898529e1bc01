#pragma once
// The recent-files list (datasets and saved runs, newest first, at most 8), kept in
// QSettings and shown in File > Open recent and on the welcome page.
#include <QObject>
#include <QStringList>

class QListWidget;
class QMenu;
class QWidget;

namespace dm::ui {

class RecentFiles : public QObject {
    Q_OBJECT
public:
    // Fills `menu` and `list` (hidden with `listTitle` while the list is empty).
    RecentFiles(QMenu* menu, QListWidget* list, QWidget* listTitle, QObject* parent = nullptr);

    QStringList paths() const;
    void add(const QString& path);
    // The menu is usable only when allowed (no run in progress) and not empty.
    void setEnabled(bool allowed);

signals:
    void openRequested(QString path);

private:
    void refresh();

    QMenu* menu_;
    QListWidget* list_;
    QWidget* listTitle_;
};

}  // namespace dm::ui
