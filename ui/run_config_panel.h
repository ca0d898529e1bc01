#pragma once
// Every RunConfig field as a widget with the seed's defaults, a tooltip and a range that
// makes invalid values impossible; what ranges cannot catch is explained inline.
#include "engine/run_config.h"

#include <QWidget>

#include <utility>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;

namespace dm::ui {

class RunConfigPanel : public QWidget {
    Q_OBJECT
public:
    explicit RunConfigPanel(QWidget* parent = nullptr);

    RunConfig config() const;
    void setConfig(const RunConfig& c);
    // Empty when config() validates, else the problem in words.
    QString problem() const;

signals:
    void changed();

private:
    void onBackboneChanged();
    // The catalog's "torchscript:<file>" item: asks for the model file; a new item
    // "torchscript: NAME" (data torchscript:PATH) is selected, or the previous one on cancel.
    void chooseTorchScriptFile();
    int addBackboneItem(const std::string& kind);
    void refresh();
    QSpinBox* spin(const char* name, int lo, int hi, const QString& tip);
    QDoubleSpinBox* dspin(const char* name, double lo, double hi, int decimals, double step, const QString& tip);
    // A choice among a RunConfig field's allowed strings: each item shows the value itself,
    // with its meaning as the item's tooltip.
    QComboBox* choice(const char* name, const std::vector<std::pair<const char*, QString>>& values, const QString& tip);

    QComboBox* preset_ = nullptr;
    QComboBox* backbone_ = nullptr;
    QLabel* backboneInfo_ = nullptr;
    int lastBackbone_ = 0;  // index of the backbone chosen before the file chooser opened
    QSpinBox *passes_, *maxTries_, *topK_, *buffer_, *epochs_, *batch_, *patience_, *minEpochs_;
    QDoubleSpinBox *gate_, *lr_, *testFraction_, *minDelta_, *valFraction_, *weightDecay_, *gateAlpha_;
    QComboBox *rankingOrder_, *gateKind_, *inputScaling_, *lossWeights_;
    QComboBox *aggregate_, *attributionCells_, *igBaseline_;
    QCheckBox* earlyStop_ = nullptr;
    QCheckBox* indexFeatures_ = nullptr;
    QComboBox* method_ = nullptr;
    QComboBox* igMethod_ = nullptr;
    QSpinBox *samples_, *igSteps_, *internalBatch_, *seed_, *threads_;
    QComboBox* device_ = nullptr;
    QLabel* problem_ = nullptr;
    RunConfig base_;  // fields without a widget (backbone extra, img size, auto passes) survive a round trip
};

}  // namespace dm::ui
