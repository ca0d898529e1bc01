#pragma once
// Tab 3: confusion matrix of the ensembled held-out prediction (counts and row-normalized
// recall in every cell, class names on both axes, colour bar) and per-class precision,
// recall, F1 with macro F1. Until an evaluation exists it says how to get one.
#include "analysis/metrics.h"

#include <QWidget>

#include <cstdint>
#include <string>
#include <vector>

class QCustomPlot;
class QLabel;
class QStackedWidget;
class QTableWidget;

namespace dm::ui {

class RunDocument;

class ConfusionView : public QWidget {
    Q_OBJECT
public:
    explicit ConfusionView(QWidget* parent = nullptr);

    // Follows the document's evaluation (shown when there is one, else the placeholder).
    void setDocument(RunDocument* document);

    // The report's confusion matrix and per-class metrics (core computes them).
    void setReport(const ClassificationReport& report);
    void clear();
    bool hasData() const;
    QCustomPlot* plot() const { return plot_; }
    QTableWidget* metricsTable() const { return metrics_; }

signals:
    // A click on a cell of the matrix: the held-out cells of this true / predicted pair.
    void cellClicked(int trueClass, int predictedClass);

private:
    RunDocument* document_ = nullptr;
    QStackedWidget* stack_ = nullptr;
    QLabel* placeholder_ = nullptr;
    QCustomPlot* plot_ = nullptr;
    QTableWidget* metrics_ = nullptr;
    QLabel* macro_ = nullptr;
    int classes_ = 0;
};

}  // namespace dm::ui
