#include "attribution_view.h"

#include "mapping/arrangement.h"
#include "plot_style.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolTip>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace dm::ui {

namespace {
constexpr int kCanonical = -1;
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
    hint_ = new QLabel(this);
    hint_->setObjectName("attributionHint");
    hint_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bar->addWidget(hint_, 1);
    layout->addLayout(bar);

    plot_ = new QCustomPlot(this);
    plot_->setObjectName("attributionPlot");
    style::apply(plot_);
    plot_->setMouseTracking(true);
    map_ = new QCPColorMap(plot_->xAxis, plot_->yAxis);
    map_->setInterpolate(false);
    map_->setTightBoundary(true);
    scale_ = new QCPColorScale(plot_);
    scale_->setLabel(tr("mean |attribution|"));
    plot_->plotLayout()->addElement(0, 1, scale_);
    map_->setColorScale(scale_);
    map_->setGradient(style::viridis());
    auto* group = new QCPMarginGroup(plot_);
    plot_->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    scale_->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    plot_->yAxis->setRangeReversed(true);  // row 0 on top, as an image
    plot_->xAxis->setLabel(tr("pixel column"));
    plot_->yAxis->setLabel(tr("pixel row"));
    marker_ = new QCPItemRect(plot_);
    marker_->setPen(QPen(style::highlight(), 3));
    marker_->setBrush(Qt::NoBrush);
    marker_->setVisible(false);
    layout->addWidget(plot_, 1);

    connect(selector_, qOverload<int>(&QComboBox::activated), this, [this](int i) {
        followNewest_ = (i == selector_->count() - 1) && i > 0;
        onSelectorChanged(i);
    });
    connect(plot_, &QCustomPlot::mouseMove, this, &AttributionView::onHover);
    reset({}, 0);
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
    if (shownPass_ == kCanonical) redraw();
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

void AttributionView::onSelectorChanged(int index) {
    shownPass_ = index < 0 ? kCanonical : selector_->itemData(index).toInt();
    redraw();
}

bool AttributionView::hasImage() const { return side_ > 0 && !values_.empty(); }

int64_t AttributionView::featureAt(int64_t pixel) const {
    if (pixel < 0) return -1;
    if (perm_.empty()) return pixel < int64_t(names_.size()) ? pixel : -1;
    return pixel < int64_t(perm_.size()) ? perm_[size_t(pixel)] : -1;
}

void AttributionView::redraw() {
    const int64_t n = int64_t(names_.size());
    side_ = n > 0 ? squareDim(n, shownPass_ == kCanonical ? 0 : buffer_) : 0;
    values_.clear();
    perm_.clear();
    QString title;
    if (shownPass_ == kCanonical) {
        if (findings_ && findings_->accepted > 0 && int64_t(findings_->medianImportance.size()) == n) {
            values_.assign(size_t(side_ * side_), 0.f);
            for (int64_t j = 0; j < n; ++j) values_[size_t(j)] = float(findings_->medianImportance[size_t(j)]);
            title = tr("Median importance over %1 accepted passes; pixel j = gene j of the dataset").arg(findings_->accepted);
        } else {
            title = tr("The canonical view appears once a pass is accepted.");
        }
    } else {
        const PassSnapshot& p = *passes_[size_t(shownPass_)];
        perm_ = p.permutation.empty() ? cpythonPermutation(n, p.record.seed) : p.permutation;
        if (p.side > 0) side_ = p.side;
        if (!p.pixelMap.empty()) {
            values_ = p.pixelMap;
        } else if (!p.record.geneImportance.empty()) {  // a reopened run: lay the genes out again
            values_.assign(size_t(side_ * side_), 0.f);
            for (size_t j = 0; j < perm_.size(); ++j) values_[j] = p.record.geneImportance[size_t(perm_[j])];
        }
        title = values_.empty() ? tr("Pass %1 was rejected (accuracy below the gate): no attribution map.")
                                         .arg(p.record.tryIndex + 1)
                                : tr("Pass %1, arrangement seed %2: mean |attribution| per pixel")
                                      .arg(p.record.tryIndex + 1)
                                      .arg(p.record.seed);
    }
    hint_->setText(title + (values_.empty() ? QString() : tr("  Hover a pixel to name its gene.")));
    map_->data()->clear();
    if (!values_.empty()) {
        map_->data()->setSize(int(side_), int(side_));
        map_->data()->setRange(QCPRange(0, double(side_ - 1)), QCPRange(0, double(side_ - 1)));
        for (int64_t j = 0; j < side_ * side_ && j < int64_t(values_.size()); ++j)
            map_->data()->setCell(int(j % side_), int(j / side_), values_[size_t(j)]);
        map_->rescaleDataRange(true);
        plot_->xAxis->setRange(-0.5, double(side_) - 0.5);
        plot_->yAxis->setRange(-0.5, double(side_) - 0.5);
    }
    map_->setVisible(!values_.empty());
    scale_->setVisible(!values_.empty());
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
    plot_->replot();
}

QString AttributionView::describePixel(int col, int row) const {
    if (!hasImage() || col < 0 || row < 0 || col >= side_ || row >= side_) return {};
    const int64_t pixel = int64_t(row) * side_ + col;
    const int64_t f = featureAt(pixel);
    if (f < 0 || f >= int64_t(names_.size())) return tr("padding pixel (%1, %2)").arg(col).arg(row);
    const double value = values_[size_t(pixel)];
    const int64_t rank = size_t(f) < rankOf_.size() ? rankOf_[size_t(f)] : 0;
    return tr("%1\nvalue %2\ncurrent rank %3")
        .arg(QString::fromStdString(names_[size_t(f)]))
        .arg(value, 0, 'g', 4)
        .arg(rank > 0 ? QString::number(rank) : tr("-"));
}

void AttributionView::onHover(QMouseEvent* event) {
    if (!hasImage()) return;
    int col = 0, row = 0;
    map_->data()->coordToCell(plot_->xAxis->pixelToCoord(event->pos().x()),
                              plot_->yAxis->pixelToCoord(event->pos().y()), &col, &row);
    const QString text = plot_->axisRect()->rect().contains(event->pos()) ? describePixel(col, row) : QString();
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPosition().toPoint(), text, plot_);
}

}  // namespace dm::ui
