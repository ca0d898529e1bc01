#pragma once
// Tab 2: the pseudo-image of a pass as a side x side heatmap of mean |attribution|, with a
// pass selector, a "genes in canonical order" view of the accumulated median importance
// (pixel j = gene j, so maps are comparable across passes), hover naming gene, value and
// current rank, and a highlighted pixel for the gene selected in the ranking.
#include "run_types.h"

#include <QWidget>

class QComboBox;
class QCustomPlot;
class QCPColorMap;
class QCPColorScale;
class QCPItemRect;
class QLabel;

namespace dm::ui {

class AttributionView : public QWidget {
    Q_OBJECT
public:
    explicit AttributionView(QWidget* parent = nullptr);

    void reset(std::vector<std::string> featureNames, int buffer);
    void addPass(const PassSnapshotPtr& pass);  // follows the newest pass unless the user picked one
    void setFindings(const FindingsPtr& findings);
    void highlightFeature(int64_t feature);     // -1: none
    void showCanonical();
    void showPass(int tryIndex);

    QCustomPlot* plot() const { return plot_; }
    bool hasImage() const;
    // What the pointer over pixel (col,row) shows; empty for padding or no image.
    QString describePixel(int col, int row) const;

private:
    void redraw();
    void onSelectorChanged(int index);
    void onHover(QMouseEvent* event);
    // Gene shown at each pixel of the current view, -1 for padding.
    int64_t featureAt(int64_t pixel) const;

    QComboBox* selector_ = nullptr;
    QLabel* hint_ = nullptr;
    QCustomPlot* plot_ = nullptr;
    QCPColorMap* map_ = nullptr;
    QCPColorScale* scale_ = nullptr;
    QCPItemRect* marker_ = nullptr;

    std::vector<std::string> names_;
    int buffer_ = 0;
    std::vector<PassSnapshotPtr> passes_;
    FindingsPtr findings_;
    std::vector<int64_t> rankOf_;      // 1-based current rank per feature, 0 = unranked
    int shownPass_ = -1;               // index into passes_, -1 = canonical
    bool followNewest_ = true;
    int64_t side_ = 0;
    std::vector<int64_t> perm_;        // layout of the shown image (empty = canonical)
    std::vector<float> values_;
    int64_t highlighted_ = -1;
};

}  // namespace dm::ui
