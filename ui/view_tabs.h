#pragma once
// The window's result views as tabs (Passes, Attribution map, Confusion matrix, Ranked
// features, Cells, Markers), each following the one RunDocument, so a live run and a
// reopened run reach them the same way; the views that share a choice are wired to each
// other here (the class shown, the gene highlighted). What "Export figures" writes comes
// from here too.
#include "figure_export.h"

#include <QTabWidget>

namespace dm::ui {

class AttributionView;
class CellsView;
class ConfusionView;
class MarkersView;
class PassesView;
class RankingView;
class RunDocument;

class ViewTabs : public QTabWidget {
    Q_OBJECT
public:
    ViewTabs(RunDocument* document, QWidget* parent = nullptr);

    PassesView* passes() const { return passes_; }
    AttributionView* attribution() const { return attribution_; }
    ConfusionView* confusion() const { return confusion_; }
    RankingView* ranking() const { return ranking_; }
    CellsView* cells() const { return cells_; }
    MarkersView* markers() const { return markers_; }

    // The figures "Export figures" and the report folder write, by file stem; the
    // confusion matrix only once an evaluation filled it.
    QList<NamedPlot> figures() const;

private:
    void connectViews();

    PassesView* passes_;
    AttributionView* attribution_;
    ConfusionView* confusion_;
    RankingView* ranking_;
    MarkersView* markers_;  // made before the Cells tab, as the window always did
    CellsView* cells_;
};

}  // namespace dm::ui
