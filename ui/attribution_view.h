#pragma once
// Tab 2: the pseudo-image of a pass as a side x side heatmap of mean |attribution|, with a
// pass selector, a "genes in canonical order" view of the accumulated median importance
// (pixel j = gene j, so maps are comparable across passes), hover naming gene, value and
// current rank, and a highlighted pixel for the gene selected in the ranking.
// "Colour by: class-mean expression" shows instead, for a chosen class, the mean
// expression of every gene (as analysed) under the same layout: the input the network saw;
// "minus all cells" shows how far the class sits above or below the cells as a whole.
#include "analysis/class_means.h"
#include "figure_pixel_map.h"
#include "run_types.h"

#include <QWidget>

#include <memory>

class QCheckBox;
class QComboBox;
class QCustomPlot;
class QCPColorMap;
class QCPItemRect;
class QLabel;

namespace dm::ui {

class RunDocument;

class AttributionView : public QWidget {
    Q_OBJECT
public:
    enum class Mode { Attribution, ClassMean };

    explicit AttributionView(QWidget* parent = nullptr);

    // Follows the document's results (reset, passes, findings, input); nullptr: none.
    void setDocument(RunDocument* document);

    void reset(std::vector<std::string> featureNames, int buffer);
    void addPass(const PassSnapshotPtr& pass);  // follows the newest pass unless the user picked one
    void setFindings(const FindingsPtr& findings);
    // The cells, labels and matrix the run used, for the class-mean view (nullptr: none).
    void setInput(const PreparedInputPtr& input);
    void highlightFeature(int64_t feature);     // -1: none
    void showCanonical();
    void showPass(int tryIndex);
    // Class-mean expression of class `classIndex` (an index into the input's classes).
    void showClassMean(int classIndex);
    // In the class-mean view: show the class mean minus the all-cells mean (where the class
    // stands out), on a scale centred on 0, instead of the class mean itself.
    void setClassContrast(bool minusAllCells);
    bool classContrast() const { return contrast_; }
    void showAttribution();

    Mode mode() const { return mode_; }
    QCustomPlot* plot() const { return plot_; }
    bool hasImage() const;
    // What the pointer over pixel (col,row) shows; empty for padding or no image.
    QString describePixel(int col, int row) const;
    // The value drawn at pixel (col,row) (0 outside the image).
    float pixelValue(int col, int row) const;
    // The gene at pixel (col,row) of the shown layout; -1 for padding or outside.
    int64_t featureAtPixel(int col, int row) const;

signals:
    // A click on a gene's pixel (linked views colour the cells by it).
    void featureClicked(qint64 feature);

private:
    void redraw();
    void onSelectorChanged(int index);
    void onHover(QMouseEvent* event);
    void onClick(QMouseEvent* event);
    void fillClassSelector();
    // Sets side_ and perm_ for the selected pass (or the canonical layout).
    void chooseLayout();
    PixelMapData attributionData();
    PixelMapData classMeanData();
    // Gene shown at each pixel of the current view, -1 for padding.
    int64_t featureAt(int64_t pixel) const;

    RunDocument* document_ = nullptr;
    QComboBox* selector_ = nullptr;
    QComboBox* modeSelector_ = nullptr;
    QComboBox* classSelector_ = nullptr;
    QCheckBox* contrastBox_ = nullptr;
    QLabel* hint_ = nullptr;
    QCustomPlot* plot_ = nullptr;
    QCPColorMap* map_ = nullptr;  // owned by plot_; replaced on every redraw
    QCPItemRect* marker_ = nullptr;

    std::vector<std::string> names_;
    int buffer_ = 0;
    std::vector<PassSnapshotPtr> passes_;
    FindingsPtr findings_;
    PreparedInputPtr input_;
    std::unique_ptr<ClassMeans> means_;  // computed from input_ when first shown
    std::vector<int64_t> rankOf_;      // 1-based current rank per feature, 0 = unranked
    int shownPass_ = -1;               // index into passes_, -1 = canonical
    bool followNewest_ = true;
    Mode mode_ = Mode::Attribution;
    int classIndex_ = 0;
    bool contrast_ = false;  // class mean minus the all-cells mean
    int64_t side_ = 0;
    std::vector<int64_t> perm_;        // layout of the shown image (empty = canonical)
    std::vector<float> values_;
    int64_t highlighted_ = -1;
};

}  // namespace dm::ui
