#include "markers_view.h"

#include "analysis/chord_test.h"
#include "analysis/class_means.h"
#include "analysis/marker_heatmap.h"
#include "common/error.h"
#include "common/interrupt.h"
#include "engine/chord_selectors.h"
#include "engine/method_comparison.h"
#include "figure_chord.h"
#include "figure_common.h"
#include "figure_dot_plot.h"
#include "figure_export.h"
#include "figure_marker_heatmap.h"
#include "figure_overlap.h"
#include "background_job.h"
#include "run_document.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <cmath>

namespace dm::ui {

namespace {

QCustomPlot* newPlot(QWidget* parent, const char* name, const QString& tip) {
    auto* plot = new QCustomPlot(parent);
    plot->setObjectName(name);
    plot->setToolTip(tip);
    resetPlot(plot);
    return plot;
}

QString geneList(const std::vector<int64_t>& genes, const std::vector<std::string>& names) {
    QStringList out;
    for (int64_t g : genes) out << QString::fromStdString(size_t(g) < names.size() ? names[size_t(g)] : std::to_string(g));
    return out.join(", ");
}

}  // namespace

MarkersView::MarkersView(QWidget* parent) : QWidget(parent) {
    qRegisterMetaType<StandardMethodsPtr>();
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Class:"), this));
    class_ = new QComboBox(this);
    class_->setObjectName("markersClass");
    class_->setToolTip(tr("The class whose top genes the overlap view and the chord test look at"));
    class_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    top->addWidget(class_);
    top->addSpacing(12);
    top->addWidget(new QLabel(tr("Genes per class:"), this));
    perClass_ = new QSpinBox(this);
    perClass_->setObjectName("markersPerClass");
    perClass_->setRange(1, 20);
    perClass_->setValue(3);
    perClass_->setToolTip(tr("How many of each class's top genes the dot plot and the heatmap show"));
    top->addWidget(perClass_);
    top->addSpacing(12);
    top->addWidget(new QLabel(tr("Top K compared:"), this));
    topK_ = new QSpinBox(this);
    topK_->setObjectName("overlapK");
    topK_->setRange(1, 500);
    topK_->setValue(20);
    topK_->setToolTip(tr("How many top genes of each method the overlap view compares"));
    top->addWidget(topK_);
    top->addStretch();
    auto* exportButton = new QPushButton(tr("Export figure..."), this);
    exportButton->setObjectName("markersExport");
    exportButton->setToolTip(tr("Save the plot shown below as PNG, SVG or PDF"));
    top->addWidget(exportButton);
    layout->addLayout(top);
    status_ = new QLabel(this);
    status_->setObjectName("markersStatus");
    status_->setWordWrap(true);
    layout->addWidget(status_);

    tabs_ = new QTabWidget(this);
    tabs_->setObjectName("markersTabs");
    dot_ = newPlot(tabs_, "dotPlot", tr("Colour: mean expression in the class; dot area: fraction of its cells expressing"));
    tabs_->addTab(dot_, tr("Dot plot"));
    // A click on a gene's column (dots or its name) selects it: the Cells tab colours by it.
    connect(dot_, &QCustomPlot::mousePress, this, [this](QMouseEvent* e) {
        if (const QString g = dotGeneAt(e->pos().x()); !g.isEmpty()) emit geneSelected(g);
    });
    heatmap_ = newPlot(tabs_, "markerHeatmap", tr("Each gene's z-score over the cells, cells grouped by class"));
    tabs_->addTab(heatmap_, tr("Heatmap"));
    auto* overlapPage = new QWidget(tabs_);
    auto* overlapLayout = new QVBoxLayout(overlapPage);
    overlap_ = newPlot(overlapPage, "overlapPlot", tr("Which genes each method puts in its top K for the class"));
    overlapLayout->addWidget(overlap_, 1);
    overlapText_ = new QLabel(overlapPage);
    overlapText_->setObjectName("overlapSummary");
    overlapText_->setWordWrap(true);
    overlapText_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    overlapLayout->addWidget(overlapText_);
    tabs_->addTab(overlapPage, tr("Overlap"));

    auto* chordPage = new QWidget(tabs_);
    auto* chordLayout = new QVBoxLayout(chordPage);
    auto* chordRow = new QHBoxLayout;
    chordRow->addWidget(new QLabel(tr("K:"), chordPage));
    chordK_ = new QSpinBox(chordPage);
    chordK_->setObjectName("chordK");
    chordK_->setRange(1, 1000);
    chordK_->setValue(60);
    chordK_->setToolTip(tr("Genes each method selects on the training cells"));
    chordRow->addWidget(chordK_);
    chordRow->addWidget(new QLabel(tr("Splits:"), chordPage));
    chordSeeds_ = new QSpinBox(chordPage);
    chordSeeds_->setObjectName("chordSeeds");
    chordSeeds_->setRange(1, 50);
    chordSeeds_->setValue(5);
    chordSeeds_->setToolTip(tr("Train/test splits (seeds); mean and spread are over these"));
    chordRow->addWidget(chordSeeds_);
    chordDeepMapper_ = new QCheckBox(tr("DeepMapper (trains on every split)"), chordPage);
    chordDeepMapper_->setObjectName("chordDeepMapper");
    chordDeepMapper_->setChecked(true);
    chordDeepMapper_->setToolTip(tr("Also let DeepMapper choose K genes per split, with this run's settings: "
                                    "the slow part of the test"));
    chordRow->addWidget(chordDeepMapper_);
    chordRun_ = new QPushButton(tr("Run chord test"), chordPage);
    chordRun_->setObjectName("chordRun");
    chordRun_->setToolTip(tr("Held-out test: genes chosen on training cells only, a K-gene logistic regression "
                             "scored on test cells beside the best single gene"));
    chordRow->addWidget(chordRun_);
    chordRow->addStretch();
    chordLayout->addLayout(chordRow);
    chordStatus_ = new QLabel(tr("Choose a class and run the test."), chordPage);
    chordStatus_->setObjectName("chordStatus");
    chordStatus_->setWordWrap(true);
    chordLayout->addWidget(chordStatus_);
    chordPlot_ = newPlot(chordPage, "chordPlot", tr("Held-out AUC of each method's K genes together, and of the set's best gene"));
    drawChordPlaceholder(chordPlot_, tr("choose a class and press Run chord test"));
    chordLayout->addWidget(chordPlot_, 1);
    tabs_->addTab(chordPage, tr("Chord test"));
    layout->addWidget(tabs_, 1);

    connect(class_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
        drawOverlap();
        emit classChanged(currentClass());
    });
    connect(perClass_, qOverload<int>(&QSpinBox::valueChanged), this, [this] {
        drawDot();
        drawHeatmap();
    });
    connect(topK_, qOverload<int>(&QSpinBox::valueChanged), this, &MarkersView::drawOverlap);
    connect(exportButton, &QPushButton::clicked, this, &MarkersView::exportCurrentFigure);
    connect(chordRun_, &QPushButton::clicked, this, &MarkersView::runChordTest);
    redraw();
}

// The Wilcoxon test and the chord test run as BackgroundJobs owned by this view: cancelled
// and joined when it goes, and on quit with the window's other jobs.
MarkersView::~MarkersView() = default;

void MarkersView::setDocument(RunDocument* document) {
    if (document_ == document) return;
    if (document_) document_->disconnect(this);
    document_ = document;
    if (!document_) return;
    connect(document_, &RunDocument::findingsChanged, this, &MarkersView::setFindings);
    connect(document_, &RunDocument::inputChanged, this, &MarkersView::setInput);
    connect(document_, &RunDocument::resultsReset, this,
            [this](const RunConfig& config, const std::vector<std::string>&) { setRunConfig(config); });
    setRunConfig(document_->config());
    setInput(document_->input());
    setFindings(document_->findings());
}

void MarkersView::setFindings(const FindingsPtr& findings) {
    findings_ = findings;
    if (findings_) topK_->setValue(std::max(1, findings_->topK));
    rebuildClassList();
    updateStatus();
    redraw();
}

void MarkersView::setInput(const PreparedInputPtr& input) {
    input_ = input;
    means_.reset();
    // A chord result belongs to the cells it was computed on: a new input (a new run, a
    // reopened one) drops it, so neither the view nor the report folder shows it again.
    if (chordJob_) chordJob_->cancel();
    chord_.reset();
    drawChordPlaceholder(chordPlot_, tr("choose a class and press Run chord test"));
    replotView(chordPlot_);
    if (input_) means_ = std::make_shared<const ClassMeans>(classMeans(input_->data.X, input_->y, input_->classes));
    startStandardMethods();
    redraw();
}

void MarkersView::setRunConfig(const RunConfig& config) { config_ = std::make_unique<RunConfig>(config); }

bool MarkersView::hasClassFindings() const { return findings_ && findings_->hasClassFindings() && findings_->accepted > 0; }

void MarkersView::rebuildClassList() {
    const QSignalBlocker block(class_);
    const int keep = currentClass();
    class_->clear();
    class_->addItem(tr("All classes (pooled)"), -1);
    if (hasClassFindings())
        for (size_t c = 0; c < findings_->byClass.size(); ++c) {
            const QString name = QString::fromStdString(c < findings_->classNames.size() ? findings_->classNames[c]
                                                                                        : std::to_string(c));
            class_->addItem(findings_->byClass[c].passes > 0 ? name : tr("%1 (no attributed cell)").arg(name), int(c));
        }
    const int at = class_->findData(keep);
    class_->setCurrentIndex(at >= 0 ? at : 0);
}

void MarkersView::setCurrentClass(int cls) {
    const int at = class_->findData(cls);
    if (at >= 0) class_->setCurrentIndex(at);
}

int MarkersView::currentClass() const { return class_->count() ? class_->currentData().toInt() : -1; }

int MarkersView::effectiveClass() const {
    if (currentClass() >= 0) return currentClass();
    if (!hasClassFindings()) return -1;
    for (size_t c = 0; c < findings_->byClass.size(); ++c)
        if (findings_->byClass[c].passes > 0) return int(c);
    return -1;
}

void MarkersView::updateStatus() {
    if (!hasClassFindings())
        status_->setText(tr("Per-class rankings appear here after a run (runs saved before they existed have none: "
                            "rerun)."));
    else if (!input_)
        status_->setText(tr("Open the run's data to compare with the Wilcoxon test and the linear baseline."));
    else if (!methodsError_.isEmpty())
        status_->setText(tr("The Wilcoxon test and the linear baseline failed: %1").arg(methodsError_));
    else if (!methods_)
        status_->setText(tr("Running the Wilcoxon test and the linear baseline..."));
    else if (!methods_->notes.empty())
        status_->setText(QString::fromStdString(methods_->notes.front()));
    else
        status_->setText(tr("Wilcoxon test and linear baseline ready: compare them in the overlap view and the "
                            "Ranked features table."));
}

// The standard methods depend on the data alone, so they run once per input, not per pass.
void MarkersView::startStandardMethods() {
    ++generation_;
    methods_.reset();
    methodsError_.clear();
    emit standardMethodsChanged(nullptr);
    updateStatus();
    if (!input_) return;
    const PreparedInputPtr input = input_;
    const std::vector<std::string> names = input_->data.geneNames;
    const int generation = generation_;
    BackgroundJob::startOneOff(QStringLiteral("markers: standard methods"), this,
                               [this, input, names, generation](BackgroundJob* job, const CancelToken& cancel) {
        const InterruptScope stop([&cancel] { return cancel.cancelled(); });  // the tests' loops poll it
        StandardMethodsPtr result;
        QString error;
        try {
            result = std::make_shared<const StandardMethods>(
                runStandardMethods(input->data.X, input->y, input->classes, names, 1));
        } catch (const Cancelled&) {
            return;
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        job->post([this, result, error, generation] { onStandardMethods(result, error, generation); });
    });
}

void MarkersView::onStandardMethods(const StandardMethodsPtr& result, const QString& error, int generation) {
    if (generation != generation_) return;  // an older input's result
    methods_ = result;
    methodsError_ = error;
    updateStatus();
    drawOverlap();
    emit standardMethodsChanged(methods_);
}

std::vector<TopSetOverlap> MarkersView::overlaps() const {
    if (!hasClassFindings()) return {};
    static const std::vector<std::vector<int64_t>> none;
    // The standard methods ran on the open data: they compare only when its genes are the run's.
    const bool comparable = methods_ && input_ && input_->data.X.cols == int64_t(findings_->featureNames.size());
    return classTopSetOverlaps(*findings_, topK_->value(), comparable ? methods_->wilcoxonOrders : none,
                               comparable ? methods_->linearOrders : none);
}

void MarkersView::redraw() {
    drawDot();
    drawHeatmap();
    drawOverlap();
}

void MarkersView::drawDot() {
    DotPlotData d;
    if (hasClassFindings() && means_) {
        const MarkerPanel panel = classMarkerPanel(*findings_, size_t(perClass_->value()));
        d.classes = findings_->classNames.size() == findings_->byClass.size() ? findings_->classNames
                    : input_ ? input_->classes : std::vector<std::string>(findings_->byClass.size(), "?");
        d.owner = panel.owner;
        for (int64_t g : panel.genes) d.genes.push_back(findings_->featureNames[size_t(g)]);
        d.mean.resize(d.classes.size());
        d.fraction.resize(d.classes.size());
        for (size_t c = 0; c < d.classes.size() && c < means_->mean.size(); ++c)
            for (int64_t g : panel.genes) {
                d.mean[c].push_back(means_->mean[c][size_t(g)]);
                d.fraction[c].push_back(means_->fraction[c][size_t(g)]);
            }
        d.valueLabel = input_ && input_->normalized ? tr("mean log1p expression") : tr("mean expression");
    }
    dotGenes_ = d.genes;
    drawDotPlot(dot_, d);
    replotView(dot_);
}

QString MarkersView::dotGeneAt(int pixelX) const {
    const double x = dot_->xAxis->pixelToCoord(pixelX);
    const long i = std::lround(x);
    if (i < 0 || size_t(i) >= dotGenes_.size() || std::abs(x - double(i)) > 0.5) return {};
    return QString::fromStdString(dotGenes_[size_t(i)]);
}

void MarkersView::drawHeatmap() {
    MarkerHeatmap h;
    if (hasClassFindings() && input_) {
        const MarkerPanel panel = classMarkerPanel(*findings_, size_t(perClass_->value()));
        h = markerHeatmap(input_->data.X, input_->y, input_->classes.size(), panel.genes, 200);
    }
    drawMarkerHeatmap(heatmap_, h, findings_ ? findings_->featureNames : std::vector<std::string>{},
                      input_ ? input_->classes : std::vector<std::string>{});
    replotView(heatmap_);
}

void MarkersView::drawOverlap() {
    const int cls = effectiveClass();
    TopSetOverlap o;
    bool found = false;
    if (cls >= 0)
        for (TopSetOverlap& candidate : overlaps())
            // A live run's interim findings may not name their classes yet: then by index, as classTopSetOverlaps names them.
            if (candidate.className == (size_t(cls) < findings_->classNames.size() ? findings_->classNames[size_t(cls)]
                                                                                   : std::to_string(cls))) {
                o = std::move(candidate);
                found = true;
            }
    dm::ui::drawOverlap(overlap_, o, findings_ ? findings_->featureNames : std::vector<std::string>{});
    replotView(overlap_);
    if (!found) {
        overlapText_->setText(tr("No per-class ranking to compare yet."));
        return;
    }
    const std::vector<std::string>& names = findings_->featureNames;
    overlapText_->setText(
        tr("<b>%1</b>, top %2. Found only by DeepMapper (%3): %4<br>In every method's top %2: %5%6")
            .arg(QString::fromStdString(o.className).toHtmlEscaped())
            .arg(o.k)
            .arg(o.onlyDeepMapper.size())
            .arg(o.onlyDeepMapper.empty() ? tr("none") : geneList(o.onlyDeepMapper, names).toHtmlEscaped(),
                 o.shared.empty() ? tr("none") : geneList(o.shared, names).toHtmlEscaped(),
                 methods_ ? QString() : tr("<br><i>The Wilcoxon test and the linear baseline are not ready: the "
                                           "comparison fills in when they are.</i>")));
}

bool MarkersView::chordRunning() const { return chordJob_ != nullptr; }

void MarkersView::runChordTest() {
    const int cls = currentClass();
    if (!input_ || !findings_) {
        chordStatus_->setText(tr("The chord test needs a run and its data."));
        return;
    }
    if (cls < 0 || size_t(cls) >= input_->classes.size()) {
        chordStatus_->setText(tr("Choose one class above: the test compares that class with the rest."));
        return;
    }
    if (chordRunning()) return;
    ChordOptions options;
    options.k = chordK_->value();
    options.seeds = chordSeeds_->value();
    options.threads = 1;
    const std::string positive = input_->classes[size_t(cls)];
    std::vector<int8_t> side;
    try {
        side = chordSides(input_->y, input_->classes, positive);
    } catch (const Error& e) {
        chordStatus_->setText(tr("The chord test cannot run: %1").arg(QString::fromStdString(e.what())));
        return;
    }
    const RunConfig config = config_ ? *config_ : RunConfig{};
    const bool withDeepMapper = chordDeepMapper_->isChecked();
    chordRun_->setEnabled(false);
    chordStatus_->setText(tr("Running the chord test for %1...").arg(QString::fromStdString(positive)));
    const PreparedInputPtr input = input_;
    const int generation = generation_;
    chordJob_ = BackgroundJob::startOneOff(
        QStringLiteral("markers: chord test"), this,
        [this, input, side, positive, options, config, withDeepMapper, generation](BackgroundJob* job,
                                                                                   const CancelToken& cancel) {
            std::vector<GeneSelector> selectors;
            if (withDeepMapper) selectors.push_back(deepMapperSelector(config, nullptr, &cancel));
            selectors.push_back(wilcoxonSelector(1));
            selectors.push_back(linearSelector());
            const InterruptScope stop([&cancel] { return cancel.cancelled(); });
            auto progress = [this, job](const std::string& line) {
                job->post([this, line] { chordStatus_->setText(QString::fromStdString(line)); });
            };
            ChordOutcome outcome;
            try {
                outcome.result = std::make_shared<const ChordResult>(
                    chordTest(input->data.X, side, positive, "rest", selectors, options, progress));
            } catch (const Cancelled&) {
                outcome.error = tr("stopped");
            } catch (const std::exception& e) {
                outcome.error = QString::fromStdString(e.what());
            }
            job->post([this, outcome, generation] { onChordFinished(outcome, generation); });
        });
    connect(chordJob_, &QObject::destroyed, this, [this] { chordJob_ = nullptr; });
}

void MarkersView::onChordFinished(const ChordOutcome& outcome, int generation) {
    chordJob_ = nullptr;  // its thread is ending; a new test may start now
    chordRun_->setEnabled(true);
    if (generation != generation_) return;  // an older input's test
    if (!outcome.result) {
        chordStatus_->setText(tr("The chord test failed: %1").arg(outcome.error));
        drawChordPlaceholder(chordPlot_, tr("the test failed: see the message above"));
        replotView(chordPlot_);
        emit chordFinished(false);
        return;
    }
    chord_ = outcome.result;
    drawChordAuc(chordPlot_, *chord_);
    replotView(chordPlot_);
    QStringList lines;
    for (const ChordMethodResult& m : chord_->methods)
        lines << tr("%1: set AUC %2 \u00b1 %3, its best gene %4 \u00b1 %5")
                     .arg(QString::fromStdString(m.method))
                     .arg(m.set.mean, 0, 'f', 3)
                     .arg(m.set.sd, 0, 'f', 3)
                     .arg(m.single.mean, 0, 'f', 3)
                     .arg(m.single.sd, 0, 'f', 3);
    chordStatus_->setText(tr("%1 vs %2, K = %3, %4 splits. %5")
                              .arg(QString::fromStdString(chord_->positive), QString::fromStdString(chord_->negative))
                              .arg(chord_->k)
                              .arg(chord_->seeds.size())
                              .arg(lines.join("; ")));
    emit chordFinished(true);
}

QCustomPlot* MarkersView::currentPlot() const {
    switch (tabs_->currentIndex()) {
        case 0: return dot_;
        case 1: return heatmap_;
        case 2: return overlap_;
        default: return chordPlot_;
    }
}

QList<QPair<QString, QCustomPlot*>> MarkersView::figures() const {
    QList<QPair<QString, QCustomPlot*>> plots;
    if (!hasClassFindings()) return plots;
    plots.append({"dot_plot", dot_});
    if (input_) plots.append({"marker_heatmap", heatmap_});
    plots.append({"overlap", overlap_});
    if (chord_) plots.append({"chord_auc", chordPlot_});
    return plots;
}

void MarkersView::exportCurrentFigure() {
    QString filter;
    QString path = QFileDialog::getSaveFileName(this, tr("Export figure"), tabs_->tabText(tabs_->currentIndex()),
                                                tr("PNG image (*.png);;SVG vector figure (*.svg);;PDF (*.pdf)"), &filter);
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty())
        path += filter.contains("*.svg") ? ".svg" : filter.contains("*.pdf") ? ".pdf" : ".png";
    try {
        saveFigure(currentPlot(), path);
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Could not export the figure"), QString::fromStdString(e.what()));
    }
}

}  // namespace dm::ui
