#pragma once
#include "data/dataset.h"

#include <QMainWindow>
#include <QFutureWatcher>

#include <memory>

class QLabel;
class QStackedWidget;

namespace dm::ui {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    const Dataset* dataset() const { return dataset_.get(); }

public slots:
    // Generates the planted-signal demo off the GUI thread; datasetLoaded() follows.
    void loadDemo();
    void showAbout();

signals:
    void datasetLoaded();

private:
    void buildMenus();
    QWidget* buildWelcomePage();
    void setDataset(std::shared_ptr<Dataset> ds);

    QStackedWidget* centre_ = nullptr;
    QLabel* summary_ = nullptr;
    QLabel* statusShape_ = nullptr;
    std::shared_ptr<Dataset> dataset_;
    QFutureWatcher<std::shared_ptr<Dataset>> demoWatcher_;
};

}  // namespace dm::ui
