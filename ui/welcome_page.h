#pragma once
// What the centre shows before anything is open: what the application does, "Open
// dataset or run...", "Try the demo dataset", the recent files, and the dataset summary.
#include "run_types.h"

#include <QWidget>

class QLabel;
class QListWidget;

namespace dm::ui {

class WelcomePage : public QWidget {
    Q_OBJECT
public:
    explicit WelcomePage(QWidget* parent = nullptr);

    QListWidget* recentList() const { return recent_; }
    QLabel* recentTitle() const { return recentTitle_; }
    // Source, shape and density of the open dataset under the buttons.
    void showDataset(const dm::ui::DatasetPtr& dataset);

signals:
    void openRequested();
    void demoRequested();

private:
    QListWidget* recent_ = nullptr;
    QLabel* recentTitle_ = nullptr;
    QLabel* summary_ = nullptr;
};

}  // namespace dm::ui
