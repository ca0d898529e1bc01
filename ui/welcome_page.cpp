#include "welcome_page.h"

#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace dm::ui {

WelcomePage::WelcomePage(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->addStretch();
    auto* title = new QLabel(tr("<h1>DeepMapper Studio</h1><p>Find the genes that separate your cell states, "
                                "with every gene kept.</p><p style='color:#555'>Open or drop an .h5ad file, a 10x "
                                ".h5 file or matrix folder, or a saved run (.dmrun).</p>"),
                             this);
    title->setAlignment(Qt::AlignCenter);
    layout->addWidget(title);
    auto* open = new QPushButton(tr("Open dataset or run..."), this);
    open->setObjectName("welcomeOpenButton");
    open->setToolTip(tr("An .h5ad file, a 10x .h5 file, a saved run (.dmrun) or (File menu) a 10x matrix folder; "
                        "or drop one onto the window"));
    connect(open, &QPushButton::clicked, this, &WelcomePage::openRequested);
    layout->addWidget(open, 0, Qt::AlignCenter);
    auto* demo = new QPushButton(tr("Try the demo dataset"), this);
    demo->setObjectName("welcomeDemoButton");
    demo->setToolTip(tr("Generate the built-in planted-signal dataset (2,000 cells x 5,000 genes, 3 classes)"));
    connect(demo, &QPushButton::clicked, this, &WelcomePage::demoRequested);
    for (QPushButton* b : {open, demo}) b->setMinimumWidth(220);  // one column of equal buttons
    layout->addWidget(demo, 0, Qt::AlignCenter);
    recentTitle_ = new QLabel(tr("<b>Recent files</b> (double-click to open)"), this);
    recentTitle_->setObjectName("welcomeRecentTitle");
    recentTitle_->setAlignment(Qt::AlignCenter);
    layout->addWidget(recentTitle_);
    recent_ = new QListWidget(this);
    recent_->setObjectName("welcomeRecent");
    recent_->setMaximumSize(560, 150);
    layout->addWidget(recent_, 0, Qt::AlignCenter);
    summary_ = new QLabel(this);
    summary_->setObjectName("datasetSummary");
    summary_->setAlignment(Qt::AlignCenter);
    layout->addWidget(summary_);
    layout->addStretch();
}

void WelcomePage::showDataset(const DatasetPtr& ds) {
    summary_->setText(!ds ? QString()
                          : tr("%1 — %2 cells x %3 genes, %4% non-zero")
                                .arg(QString::fromStdString(ds->source))
                                .arg(ds->cells())
                                .arg(ds->genes())
                                .arg(100.0 * ds->X.density(), 0, 'f', 1));
}

}  // namespace dm::ui
