#include "main_window.h"

#include "data/synthetic.h"
#include "engine/runtime.h"

#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace dm::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle("DeepMapper Studio");
    setWindowIcon(QIcon(":/icons/deepmapper.svg"));
    resize(1200, 800);
    buildMenus();
    centre_ = new QStackedWidget(this);
    centre_->addWidget(buildWelcomePage());
    setCentralWidget(centre_);
    statusShape_ = new QLabel(tr("No dataset"), this);
    statusBar()->addPermanentWidget(statusShape_);
    statusBar()->showMessage(tr("Ready"));
    connect(&demoWatcher_, &QFutureWatcher<std::shared_ptr<Dataset>>::finished, this,
            [this] { setDataset(demoWatcher_.result()); });
}

MainWindow::~MainWindow() { demoWatcher_.waitForFinished(); }

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* demo = file->addAction(tr("Try the &demo dataset"), this, &MainWindow::loadDemo);
    demo->setObjectName("actionDemo");
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    menuBar()->addMenu(tr("&Edit"));
    menuBar()->addMenu(tr("&Run"));
    menuBar()->addMenu(tr("&View"));
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About DeepMapper Studio"), this, &MainWindow::showAbout);
}

QWidget* MainWindow::buildWelcomePage() {
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->addStretch();
    auto* title = new QLabel(tr("<h1>DeepMapper Studio</h1><p>Find the genes that separate your cell states, "
                                "with every gene kept.</p>"),
                             page);
    title->setAlignment(Qt::AlignCenter);
    layout->addWidget(title);
    auto* demo = new QPushButton(tr("Try the demo dataset"), page);
    demo->setObjectName("welcomeDemoButton");
    demo->setToolTip(tr("Generate the built-in planted-signal dataset (2,000 cells x 5,000 genes, 3 classes)"));
    connect(demo, &QPushButton::clicked, this, &MainWindow::loadDemo);
    layout->addWidget(demo, 0, Qt::AlignCenter);
    summary_ = new QLabel(page);
    summary_->setObjectName("datasetSummary");
    summary_->setAlignment(Qt::AlignCenter);
    layout->addWidget(summary_);
    layout->addStretch();
    return page;
}

void MainWindow::loadDemo() {
    if (demoWatcher_.isRunning()) return;
    statusBar()->showMessage(tr("Generating the demo dataset..."));
    demoWatcher_.setFuture(QtConcurrent::run([] {
        return std::make_shared<Dataset>(generateSynthetic(SyntheticSpec{}).dataset);
    }));
}

void MainWindow::setDataset(std::shared_ptr<Dataset> ds) {
    dataset_ = std::move(ds);
    const QString shape = tr("%1 cells x %2 genes").arg(dataset_->cells()).arg(dataset_->genes());
    statusShape_->setText(shape);
    summary_->setText(tr("%1 — %2, %3% non-zero")
                          .arg(QString::fromStdString(dataset_->source), shape)
                          .arg(100.0 * dataset_->X.density(), 0, 'f', 1));
    statusBar()->showMessage(tr("Dataset loaded"), 5000);
    emit datasetLoaded();
}

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About DeepMapper Studio"),
                       QString::fromStdString(versionReport(qVersion())).replace("\n", "<br>"));
}

}  // namespace dm::ui
