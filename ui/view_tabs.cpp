#include "view_tabs.h"

#include "attribution_view.h"
#include "cells_view.h"
#include "confusion_view.h"
#include "markers_view.h"
#include "passes_view.h"
#include "ranking_view.h"

namespace dm::ui {

ViewTabs::ViewTabs(RunDocument* document, QWidget* parent)
    : QTabWidget(parent),
      passes_(new PassesView(this)),
      attribution_(new AttributionView(this)),
      confusion_(new ConfusionView(this)),
      ranking_(new RankingView(this)),
      markers_(new MarkersView(this)),
      cells_(new CellsView(this)) {
    setObjectName("viewTabs");
    setDocumentMode(true);
    addTab(passes_, tr("Passes"));
    addTab(attribution_, tr("Attribution map"));
    addTab(confusion_, tr("Confusion matrix"));
    addTab(ranking_, tr("Ranked features"));
    addTab(cells_, tr("Cells"));
    addTab(markers_, tr("Markers"));
    // Live and reopened results reach every view through the document's signals.
    passes_->setDocument(document);
    attribution_->setDocument(document);
    confusion_->setDocument(document);
    ranking_->setDocument(document);
    cells_->setDocument(document);
    markers_->setDocument(document);
    connectViews();
}

void ViewTabs::connectViews() {
    connect(ranking_, &RankingView::featureSelected, attribution_, &AttributionView::highlightFeature);
    // One class choice for both tabs; the Wilcoxon rows go beside DeepMapper's in the table.
    connect(ranking_, &RankingView::classChanged, markers_, &MarkersView::setCurrentClass);
    connect(markers_, &MarkersView::classChanged, ranking_, &RankingView::setCurrentClass);
    connect(markers_, &MarkersView::standardMethodsChanged, ranking_,
            [this](const StandardMethodsPtr& methods) { ranking_->setStandardMethods(methods); });
}

QList<NamedPlot> ViewTabs::figures() const {
    QList<NamedPlot> plots{{"passes", passes_->accuracyPlot()},
                           {"training_curve", passes_->lossPlot()},
                           {"stability", passes_->stabilityPlot()},
                           {"attribution_map", attribution_->plot()},
                           {"top_genes", ranking_->barPlot()}};
    if (confusion_->hasData()) plots.append({"confusion_matrix", confusion_->plot()});
    plots.append(markers_->figures());
    return plots;
}

}  // namespace dm::ui
