#include "recent_files.h"

#include "open_target.h"

#include <QAction>
#include <QFileInfo>
#include <QListWidget>
#include <QMenu>
#include <QSettings>

namespace dm::ui {

namespace {
constexpr int kMaxRecent = 8;
const char* kKey = "recentFiles";
}  // namespace

RecentFiles::RecentFiles(QMenu* menu, QListWidget* list, QWidget* listTitle, QObject* parent)
    : QObject(parent), menu_(menu), list_(list), listTitle_(listTitle) {
    connect(list_, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { emit openRequested(item->data(Qt::UserRole).toString()); });
    refresh();
}

QStringList RecentFiles::paths() const { return QSettings().value(kKey).toStringList(); }

void RecentFiles::add(const QString& path) {
    QStringList recent = paths();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent) recent.removeLast();
    QSettings().setValue(kKey, recent);
    refresh();
}

void RecentFiles::setEnabled(bool allowed) { menu_->setEnabled(allowed && !menu_->isEmpty()); }

void RecentFiles::refresh() {
    const QStringList recent = paths();
    menu_->clear();
    list_->clear();
    for (const QString& path : recent) {
        const bool run = QFileInfo(path).suffix().compare(kRunSuffix, Qt::CaseInsensitive) == 0;
        const QString name = QFileInfo(path).fileName() + (run ? tr("  (saved run)") : QString());
        QAction* a = menu_->addAction(name);
        a->setToolTip(path);
        connect(a, &QAction::triggered, this, [this, path] { emit openRequested(path); });
        auto* item = new QListWidgetItem(name + "   —   " + path, list_);
        item->setData(Qt::UserRole, path);
    }
    menu_->setEnabled(!recent.isEmpty());
    list_->setVisible(!recent.isEmpty());
    listTitle_->setVisible(!recent.isEmpty());
}

}  // namespace dm::ui
