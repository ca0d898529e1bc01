#include "attribution_view.h"

#include "run_document.h"

#include "mapping/arrangement.h"
#include "plot_style.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include "figure_common.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QToolTip>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace dm::ui {

namespace {
constexpr int kCanonical = -1;
const float kPadding = std::numeric_limits<float>::quiet_NaN();  // drawn light grey
}

AttributionView::AttributionView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Show:"), this));
    selector_ = new QComboBox(this);
    selector_->setObjectName("passSelector");
    selector_->setToolTip(tr("Pick a pass to see its attribution map, or the canonical order view of the "
                             "accumulated median importance"));
    selector_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    bar->addWidget(selector_);
    bar->addWidget(new QLabel(tr("Colour by:"), this));
    modeSelector_ = new QComboBox(this);
    modeSelector_->setObjectName("colourBySelector");
    modeSelector_->addItem(tr("Attribution"));
    modeSelector_->addItem(tr("Class-mean expression"));
    modeSelector_->setToolTip(tr("Attribution: what the network used. Class-mean expression: the mean expression of "
                                 "every gene in one class, laid out the same way (the input the network saw)"));
    bar->addWidget(modeSelector_);
    classSelector_ = new QComboBox(this);
    classSelector_->setObjectName("classMeanSelector");
    classSelector_->setToolTip(tr("The class whose mean expression is shown"));
    classSelector_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    classSelector_->setVisible(false);
    bar->addWidget(classSelector_);
    contrastBox_ = new QCheckBox(tr("minus all cells"), this);
    contrastBox_->setObjectName("classMeanContrast");
    contrastBox_->setToolTip(tr("Show the class mean minus the mean over all cells: red where the class is "
                                "higher than the cells as a whole, blue where lower. Genes that separate the "
                                "class stand out; genes every cell expresses fade to white"));
    contrastBox_->setVisible(false);
    bar->addWidget(contrastBox_);
    hint_ = new QLabel(this);
    hint_->setObjectName("attributionHint");
    hint_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Takes the room left over, never more: the controls before it set the bar's width.
    hint_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    hint_->setWordWrap(true);
    bar->addWidget(hint_, 1);
    layout->addLayout(bar);

    plot_ = new QCustomPlot(this);
    plot_->setObjectName("attributionPlot");
    plot_->setMouseTracking(true);
    layout->addWidget(plot_, 1);

    connect(selector_, qOverload<int>(&QComboBox::activated), this, [this](int i) {
        followNewest_ = (i == selector_->count() - 1) && i > 0;
        onSelectorChanged(i);
    });
    connect(modeSelector_, qOverload<int>(&QComboBox::activated), this, [this](int i) {
        if (i == 1)
            showClassMean(classIndex_);
        else
            showAttribution();
    });
    connect(classSelector_, qOverload<int>(&QComboBox::activated), this, [this](int i) { showClassMean(i); });
    connect(contrastBox_, &QCheckBox::toggled, this, &AttributionView::setClassContrast);
    connect(plot_, &QCustomPlot::mouseMove, this, &AttributionView::onHover);
    connect(plot_, &QCustomPlot::mousePress, this, &AttributionView::onClick);
    reset({}, 0);
}

void AttributionView::setDocument(RunDocument* document) {
    if (document_ == document) return;
    if (document_) document_->disconnect(this);
    document_ = document;
    if (!document_) return;
    connect(document_, &RunDocument::resultsReset, this,
            [this](const RunConfig& c, const std::vector<std::string>& names) { reset(names, c.buffer); });
    connect(document_, &RunDocument::passAdded, this, &AttributionView::addPass);
    connect(document_, &RunDocument::findingsChanged, this, &AttributionView::setFindings);
    connect(document_, &RunDocument::inputChanged, this, &AttributionView::setInput);
}

void AttributionView::reset(std::vector<std::string> featureNames, int buffer) {
    names_ = std::move(featureNames);
    buffer_ = buffer;
    passes_.clear();
    findings_.reset();
    rankOf_.clear();
    shownPass_ = kCanonical;
    followNewest_ = true;
    selector_->clear();
    selector_->addItem(tr("Genes in canonical order (median importance)"), kCanonical);
    redraw();
}

void AttributionView::addPass(const PassSnapshotPtr& pass) {
    passes_.push_back(pass);
    const PassRecord& r = pass->record;
    selector_->addItem(tr("Pass %1 (%2, accuracy %3)")
                           .arg(r.tryIndex + 1)
                           .arg(r.accepted ? tr("accepted") : tr("rejected"))
                           .arg(r.accuracy, 0, 'f', 3),
                       int(passes_.size() - 1));
    if (followNewest_ && (r.accepted || shownPass_ == kCanonical)) {
        selector_->setCurrentIndex(selector_->count() - 1);
        onSelectorChanged(selector_->count() - 1);
    }
}

void AttributionView::setFindings(const FindingsPtr& findings) {
    findings_ = findings;
    rankOf_.assign(names_.size(), 0);
    if (findings_) {
        const auto ranking = findings_->ranking();
        for (size_t i = 0; i < ranking.size(); ++i)
            if (ranking[i].feature >= 0 && size_t(ranking[i].feature) < rankOf_.size())
                rankOf_[size_t(ranking[i].feature)] = int64_t(i + 1);
    }
    if (shownPass_ == kCanonical && mode_ == Mode::Attribution) redraw();
}

void AttributionView::setInput(const PreparedInputPtr& input) {
    input_ = input;
    means_.reset();  // recomputed from the new input when next shown
    fillClassSelector();
    if (mode_ == Mode::ClassMean) redraw();
}

void AttributionView::fillClassSelector() {
    classSelector_->clear();
    if (!input_) return;
    for (const std::string& c : input_->classes) classSelector_->addItem(QString::fromStdString(c));
    classIndex_ = std::clamp(classIndex_, 0, std::max(0, classSelector_->count() - 1));
    classSelector_->setCurrentIndex(classIndex_);
}

void AttributionView::showCanonical() {
    selector_->setCurrentIndex(0);
    followNewest_ = false;
    onSelectorChanged(0);
}

void AttributionView::showPass(int tryIndex) {
    for (int i = 1; i < selector_->count(); ++i)
        if (passes_[size_t(selector_->itemData(i).toInt())]->record.tryIndex == tryIndex) {
            selector_->setCurrentIndex(i);
            followNewest_ = false;
            onSelectorChanged(i);
            return;
        }
}

void AttributionView::showClassMean(int classIndex) {
    mode_ = Mode::ClassMean;
    classIndex_ = std::max(0, classIndex);
    modeSelector_->setCurrentIndex(1);
    classSelector_->setVisible(true);
    contrastBox_->setVisible(true);
    if (classIndex_ < classSelector_->count()) classSelector_->setCurrentIndex(classIndex_);
    redraw();
}

void AttributionView::setClassContrast(bool minusAllCells) {
    contrast_ = minusAllCells;
    const QSignalBlocker quiet(contrastBox_);  // the box follows without calling back
    contrastBox_->setChecked(minusAllCells);
    if (mode_ == Mode::ClassMean) redraw();
}

void AttributionView::showAttribution() {
    mode_ = Mode::Attribution;
    modeSelector_->setCurrentIndex(0);
    classSelector_->setVisible(false);
    contrastBox_->setVisible(false);
    redraw();
}

void AttributionView::onSelectorChanged(int index) {
    shownPass_ = index < 0 ? kCanonical : selector_->itemData(index).toInt();
    redraw();
}

bool AttributionView::hasImage() const { return map_ && side_ > 0 && !values_.empty(); }

int64_t AttributionView::featureAt(int64_t pixel) const {
    if (pixel < 0) return -1;
    if (perm_.empty()) return pixel < int64_t(names_.size()) ? pixel : -1;
    return pixel < int64_t(perm_.size()) ? perm_[size_t(pixel)] : -1;
}

void AttributionView::chooseLayout() {
    const int64_t n = int64_t(names_.size());
    perm_.clear();
    side_ = n > 0 ? squareDim(n, shownPass_ == kCanonical ? 0 : buffer_) : 0;
    if (shownPass_ == kCanonical) return;
    const PassSnapshot& p = *passes_[size_t(shownPass_)];
    perm_ = p.permutation.empty() ? cpythonPermutation(n, p.record.seed) : p.permutation;
    if (p.side > 0) side_ = p.side;
}

PixelMapData AttributionView::attributionData() {
    PixelMapData d;
    d.scaleLabel = tr("mean |attribution|");
    d.side = side_;
    if (shownPass_ == kCanonical) {
        if (findings_) {
            PixelMapData canonical = canonicalImportanceMap(*findings_);
            if (canonical.side == side_) return canonical;
        }
        d.title = tr("The canonical view appears once a pass is accepted.");
        return d;
    }
    const PassSnapshot& p = *passes_[size_t(shownPass_)];
    if (!p.pixelMap.empty()) {
        d.values = p.pixelMap;
        for (size_t j = perm_.size(); j < d.values.size(); ++j) d.values[j] = kPadding;
    } else if (!p.record.geneImportance.empty()) {  // a reopened run: lay the genes out again
        d.values.assign(size_t(side_ * side_), kPadding);
        for (size_t j = 0; j < perm_.size(); ++j) d.values[j] = p.record.geneImportance[size_t(perm_[j])];
    }
    d.title = d.values.empty() ? tr("Pass %1 was rejected (accuracy below the gate): no attribution map.")
                                     .arg(p.record.tryIndex + 1)
                               : tr("Pass %1 (arrangement seed %2)\nmean |attribution| per pixel")
                                     .arg(p.record.tryIndex + 1)
                                     .arg(p.record.seed);
    return d;
}

PixelMapData AttributionView::classMeanData() {
    PixelMapData d;
    d.side = side_;
    d.scaleLabel = input_ && input_->normalized ? tr("mean expression (normalized, log1p)") : tr("mean expression");
    const int64_t n = int64_t(names_.size());
    if (!input_ || input_->data.X.cols != n || input_->classes.empty()) {
        d.title = tr("Class means appear once a run has prepared its input (start a run).");
        return d;
    }
    if (!means_) {  // one pass over the matrix; cached until the input changes
        QApplication::setOverrideCursor(Qt::WaitCursor);
        means_ = std::make_unique<ClassMeans>(classMeans(input_->data.X, input_->y, input_->classes));
        QApplication::restoreOverrideCursor();
    }
    const size_t c = size_t(std::clamp(classIndex_, 0, int(means_->classes.size()) - 1));
    d.values.assign(size_t(side_ * side_), kPadding);
    for (int64_t j = 0; j < side_ * side_; ++j) {
        const int64_t f = featureAt(j);
        if (f >= 0 && f < n)
            d.values[size_t(j)] = contrast_ ? means_->contrast(c, size_t(f)) : means_->mean[c][size_t(f)];
    }
    // One colour scale for every class, so switching classes compares like with like.
    d.fixedRange = true;
    if (contrast_) {
        const double most = means_->maxAbsContrast() > 0 ? means_->maxAbsContrast() : 1.0;
        d.lower = -most;
        d.upper = most;
        d.diverging = true;
        d.scaleLabel = tr("class mean minus all-cells mean");
    } else {
        d.lower = means_->minimum();
        d.upper = means_->maximum();
    }
    const QString layout = shownPass_ == kCanonical
                               ? tr("canonical layout (pixel j = gene j)")
                               : tr("laid out as pass %1 (seed %2)")
                                     .arg(passes_[size_t(shownPass_)]->record.tryIndex + 1)
                                     .arg(passes_[size_t(shownPass_)]->record.seed);
    d.title = (contrast_ ? tr("Mean expression in %1 (%2 cells) minus all cells\n%3")
                         : tr("Mean expression in %1 (%2 cells)\n%3"))
                  .arg(QString::fromStdString(means_->classes[c]))
                  .arg(means_->cells[c])
                  .arg(layout);
    return d;
}

void AttributionView::redraw() {
    chooseLayout();
    const PixelMapData data = mode_ == Mode::ClassMean ? classMeanData() : attributionData();
    values_ = data.values;
    map_ = drawPixelMap(plot_, data);
    hint_->setText(hasImage() ? tr("Hover a pixel to name its gene.") : QString());
    // The highlight box is an item, so it is made again after every draw.
    marker_ = new QCPItemRect(plot_);
    marker_->setPen(QPen(style::highlight(), 3));
    marker_->setBrush(Qt::NoBrush);
    marker_->setVisible(false);
    highlightFeature(highlighted_);
}

void AttributionView::highlightFeature(int64_t feature) {
    highlighted_ = feature;
    int64_t pixel = -1;
    if (feature >= 0 && hasImage()) {
        if (perm_.empty()) {
            pixel = feature;
        } else {
            const auto it = std::find(perm_.begin(), perm_.end(), feature);
            if (it != perm_.end()) pixel = it - perm_.begin();
        }
    }
    marker_->setVisible(pixel >= 0);
    if (pixel >= 0) {
        const double x = double(pixel % side_), y = double(pixel / side_);
        const double pad = std::max(0.6, side_ / 60.0);  // stays visible on a large image
        marker_->topLeft->setCoords(x - pad, y - pad);
        marker_->bottomRight->setCoords(x + pad, y + pad);
    }
    replotView(plot_);
}

float AttributionView::pixelValue(int col, int row) const {
    if (!hasImage() || col < 0 || row < 0 || col >= side_ || row >= side_) return 0.f;
    const size_t pixel = size_t(int64_t(row) * side_ + col);
    return pixel < values_.size() ? values_[pixel] : 0.f;
}

QString AttributionView::describePixel(int col, int row) const {
    if (!hasImage() || col < 0 || row < 0 || col >= side_ || row >= side_) return {};
    const int64_t pixel = int64_t(row) * side_ + col;
    const int64_t f = featureAt(pixel);
    if (f < 0 || f >= int64_t(names_.size())) return tr("padding pixel (%1, %2)").arg(col).arg(row);
    const double value = pixelValue(col, row);
    const int64_t rank = size_t(f) < rankOf_.size() ? rankOf_[size_t(f)] : 0;
    const QString rankText = rank > 0 ? QString::number(rank) : tr("-");
    const QString gene = QString::fromStdString(names_[size_t(f)]);
    if (mode_ == Mode::ClassMean && means_ && contrast_) {
        const size_t c = size_t(std::clamp(classIndex_, 0, int(means_->classes.size()) - 1));
        return tr("%1\nmean expression %2 in %3, %4 over all cells (%5)\ncurrent rank %6")
            .arg(gene)
            .arg(means_->mean[c][size_t(f)], 0, 'g', 4)
            .arg(QString::fromStdString(means_->classes[c]))
            .arg(means_->overall[size_t(f)], 0, 'g', 4)
            .arg((value > 0 ? "+" : "") + QString::number(value, 'g', 4))
            .arg(rankText);
    }
    if (mode_ == Mode::ClassMean && means_) {
        const size_t c = size_t(std::clamp(classIndex_, 0, int(means_->classes.size()) - 1));
        return tr("%1\nmean expression %2 in %3\ncurrent rank %4")
            .arg(gene)
            .arg(value, 0, 'g', 4)
            .arg(QString::fromStdString(means_->classes[c]))
            .arg(rankText);
    }
    return tr("%1\nvalue %2\ncurrent rank %3").arg(gene).arg(value, 0, 'g', 4).arg(rankText);
}

int64_t AttributionView::featureAtPixel(int col, int row) const {
    if (!hasImage() || col < 0 || row < 0 || col >= side_ || row >= side_) return -1;
    const int64_t f = featureAt(int64_t(row) * side_ + col);
    return f >= 0 && f < int64_t(names_.size()) ? f : -1;
}

void AttributionView::onClick(QMouseEvent* event) {
    if (!hasImage() || event->button() != Qt::LeftButton || !plot_->axisRect()->rect().contains(event->pos())) return;
    const int col = int(std::floor(plot_->xAxis->pixelToCoord(event->pos().x()) + 0.5));
    const int row = int(std::floor(plot_->yAxis->pixelToCoord(event->pos().y()) + 0.5));
    const int64_t f = featureAtPixel(col, row);
    if (f >= 0) emit featureClicked(f);
}

void AttributionView::onHover(QMouseEvent* event) {
    if (!hasImage()) return;
    // Pixel (col, row) is centred on the integer coordinates (col, row).
    const int col = int(std::floor(plot_->xAxis->pixelToCoord(event->pos().x()) + 0.5));
    const int row = int(std::floor(plot_->yAxis->pixelToCoord(event->pos().y()) + 0.5));
    const QString text = plot_->axisRect()->rect().contains(event->pos()) ? describePixel(col, row) : QString();
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPosition().toPoint(), text, plot_);
}

}  // namespace dm::ui
