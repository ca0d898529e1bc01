#include "run_config_panel.h"

#include "common/error.h"
#include "engine/runtime.h"
#include "models/backbone_catalog.h"
#include "engine/presets.h"
#include "scientific_spin_box.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QVBoxLayout>

#include <cmath>
#include <limits>
#include <map>

namespace dm::ui {

QSpinBox* RunConfigPanel::spin(const char* name, int lo, int hi, const QString& tip) {
    auto* s = new QSpinBox(this);
    s->setObjectName(name);
    s->setRange(lo, hi);
    s->setToolTip(tip);
    s->setAccelerated(true);
    connect(s, qOverload<int>(&QSpinBox::valueChanged), this, &RunConfigPanel::refresh);
    return s;
}

namespace {

// Shows 0.003 rather than 0.003000: the decimals are for entry precision, not display.
class TrimmedSpinBox : public QDoubleSpinBox {
public:
    using QDoubleSpinBox::QDoubleSpinBox;
    QString textFromValue(double value) const override {
        QString text = QDoubleSpinBox::textFromValue(value);
        const QChar point = locale().decimalPoint().front();
        if (text.contains(point)) {
            while (text.endsWith('0')) text.chop(1);
            if (text.endsWith(point)) text.chop(1);
        }
        return text;
    }
};

}  // namespace

namespace {

// The catalog's "torchscript:<file>" entry stands for "torchscript:" + any model file.
const char* kTorchScriptPrefix = "torchscript:";
const char* kTorchScriptPlaceholder = "torchscript:<file>";
bool isTorchScript(const std::string& kind) { return kind.rfind(kTorchScriptPrefix, 0) == 0; }

// In plain words, when to pick each backbone; the catalog's technical line follows it.
QString plainHint(const std::string& kind) {
    static const std::map<std::string, const char*> hints{
        {"cnn_small", QT_TRANSLATE_NOOP("RunConfigPanel", "The seed's default small convolutional net; it finds fewer of the planted genes than the default (docs/science.md).")},
        {"cnn", QT_TRANSLATE_NOOP("RunConfigPanel", "A larger convolutional net: for big datasets, slower.")},
        {"linear", QT_TRANSLATE_NOOP("RunConfigPanel", "No image structure: a baseline to compare against.")},
        {"mlp", QT_TRANSLATE_NOOP("RunConfigPanel", "Recommended: a plain neural net; it found the planted genes best in the bench (docs/science.md), quick on a laptop CPU.")},
        {"resnet18", QT_TRANSLATE_NOOP("RunConfigPanel", "Deep residual net for large images; slow on CPU.")},
        {"resnet18_s", QT_TRANSLATE_NOOP("RunConfigPanel", "Deep residual net for small images; slow on CPU.")},
        {"resnet34_s", QT_TRANSLATE_NOOP("RunConfigPanel", "Deeper residual net; needs a GPU for real datasets.")},
        {"resnet50_s", QT_TRANSLATE_NOOP("RunConfigPanel", "The deepest residual net here; needs a GPU.")},
        {"vit_cct", QT_TRANSLATE_NOOP("RunConfigPanel", "A compact vision transformer; offers attention rollout.")},
        {"conv_vae", QT_TRANSLATE_NOOP("RunConfigPanel", "A variational autoencoder that also classifies.")},
    };
    const auto it = hints.find(kind);
    if (it != hints.end()) return QCoreApplication::translate("RunConfigPanel", it->second);
    if (isTorchScript(kind)) return QCoreApplication::translate("RunConfigPanel", "Your own TorchScript model.");
    return {};
}

}  // namespace

QDoubleSpinBox* RunConfigPanel::dspin(const char* name, double lo, double hi, int decimals, double step,
                                      const QString& tip) {
    auto* s = new TrimmedSpinBox(this);
    s->setObjectName(name);
    s->setRange(lo, hi);
    s->setDecimals(decimals);
    s->setSingleStep(step);
    s->setToolTip(tip);
    connect(s, qOverload<double>(&QDoubleSpinBox::valueChanged), this, &RunConfigPanel::refresh);
    return s;
}

namespace {

// Rich text, so a long tooltip wraps instead of running across the screen.
QString asParagraph(const QString& text) { return "<p>" + text.toHtmlEscaped() + "</p>"; }

}  // namespace

QComboBox* RunConfigPanel::choice(const char* name, const std::vector<std::pair<const char*, QString>>& values,
                                  const QString& tip) {
    auto* box = new QComboBox(this);
    box->setObjectName(name);
    for (const auto& [value, meaning] : values) {
        box->addItem(value, value);
        box->setItemData(box->count() - 1, asParagraph(meaning), Qt::ToolTipRole);
    }
    box->setToolTip(tip.startsWith('<') ? tip : asParagraph(tip));
    connect(box, &QComboBox::currentIndexChanged, this, &RunConfigPanel::refresh);
    return box;
}

namespace {

// Selects `value`; a value the box does not offer (a configuration from a newer version,
// or a hand-edited one) is added as it is, so it round-trips and validation names it.
void select(QComboBox* box, const std::string& value) {
    const QString v = QString::fromStdString(value);
    int i = box->findData(v);
    if (i < 0) {
        box->addItem(v, v);
        i = box->count() - 1;
    }
    box->setCurrentIndex(i);
}

std::string chosen(const QComboBox* box) { return box->currentData().toString().toStdString(); }

ScientificSpinBox* scientificSpin(QWidget* parent, const char* name, double lo, double hi, double smallestStep,
                                  const QString& tip) {
    auto* s = new ScientificSpinBox(parent);
    s->setObjectName(name);
    s->setRange(lo, hi);
    s->setSmallestStep(smallestStep);
    s->setToolTip(tip);
    return s;
}

}  // namespace

RunConfigPanel::RunConfigPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);

    auto* model = new QGroupBox(tr("Model"), this);
    auto* mf = new QFormLayout(model);
    preset_ = new QComboBox(this);
    preset_->setObjectName("presetCombo");
    preset_->addItem(tr("default (recommended)"), "default");
    preset_->addItem(tr("seed (pydeepmapper's defaults)"), "seed");
    // Shown, not chosen: the settings were edited away from both presets (refresh()).
    preset_->addItem(tr("custom (edited)"), "custom");
    if (auto* items = qobject_cast<QStandardItemModel*>(preset_->model()))
        items->item(preset_->count() - 1)->setFlags(Qt::NoItemFlags);
    preset_->setToolTip(tr("Start from a named configuration: the default chosen by the bench (docs/science.md), or "
                           "the seed document's defaults to compare with pydeepmapper"));
    // activated, not currentIndexChanged: only a user's choice replaces the settings.
    connect(preset_, &QComboBox::activated, this,
            [this] {
                const std::string name = preset_->currentData().toString().toStdString();
                if (isPreset(name)) setConfig(presetConfig(name));
            });
    mf->addRow(tr("Preset"), preset_);
    backbone_ = new QComboBox(this);
    backbone_->setObjectName("backboneCombo");
    backbone_->setToolTip(tr("The network that reads the pseudo-images"));
    for (const BackboneInfo& b : backboneCatalog()) {
        backbone_->addItem(QString::fromStdString(b.kind), QString::fromStdString(b.kind));
        backbone_->setItemData(backbone_->count() - 1, QString::fromStdString(b.description), Qt::ToolTipRole);
    }
    mf->addRow(tr("Backbone"), backbone_);
    backboneInfo_ = new QLabel(this);
    backboneInfo_->setObjectName("backboneDescription");
    backboneInfo_->setWordWrap(true);
    backboneInfo_->setStyleSheet("color: #555;");
    mf->addRow(backboneInfo_);
    epochs_ = spin("epochsSpin", 1, 100000, tr("Maximum training epochs per pass"));
    mf->addRow(tr("Epochs"), epochs_);
    batch_ = spin("batchSpin", 1, 65536, tr("Cells per training batch"));
    mf->addRow(tr("Batch size"), batch_);
    lr_ = dspin("lrSpin", 1e-6, 10.0, 6, 1e-4, tr("Adam learning rate"));
    mf->addRow(tr("Learning rate"), lr_);
    weightDecay_ = scientificSpin(this, "weightDecaySpin", 0.0, 1.0, 1e-6,
                                  tr("L2 penalty on every trainable parameter, added to the loss (Adam's "
                                     "weight_decay); 0 = none (the seed's). Type e.g. 1e-3; the arrows step by "
                                     "factors of ten"));
    connect(weightDecay_, qOverload<double>(&QDoubleSpinBox::valueChanged), this, &RunConfigPanel::refresh);
    mf->addRow(tr("Weight decay"), weightDecay_);
    testFraction_ = dspin("testFractionSpin", 0.01, 0.9, 2, 0.05,
                          tr("Fraction of cells held out per pass to measure accuracy (stratified)"));
    mf->addRow(tr("Test fraction"), testFraction_);
    inputScaling_ = choice("inputScalingCombo",
                           {{"rank", tr("Normal scores of each gene's ranks over the cells, then z-scored: "
                                        "reads a gene as a rank test does (the default)")},
                            {"standardize", tr("z-score per gene, clipped at +-10 (as Seurat's ScaleData)")},
                            {"scale", tr("Divide by the gene's standard deviation; zeros stay zero")},
                            {"none", tr("The expression as loaded (the seed's)")}},
                           tr("Per-gene scaling of the inputs, fitted on every cell without the labels: "
                              "rank (the default), standardize, scale or none (the seed's)"));
    mf->addRow(tr("Input scaling"), inputScaling_);
    lossWeights_ = choice("lossWeightsCombo",
                          {{"none", tr("Every cell weighs the same (the seed's)")},
                           {"balanced", tr("Every class weighs the same, so a small class is not ignored")}},
                          tr("Class weights in the training loss: none (the seed's) or balanced (each class "
                             "weighs the same)"));
    mf->addRow(tr("Loss weights"), lossWeights_);
    layout->addWidget(model);

    auto* passes = new QGroupBox(tr("Passes"), this);
    auto* pf = new QFormLayout(passes);
    passes_ = spin("passesSpin", 1, 100000, tr("Accepted passes wanted; each pass uses a new gene arrangement"));
    pf->addRow(tr("Passes"), passes_);
    maxTries_ = spin("maxTriesSpin", 0, 1000000, tr("Give up after this many tries; 0 = 3 x passes"));
    maxTries_->setSpecialValueText(tr("auto (3 x passes)"));
    pf->addRow(tr("Max tries"), maxTries_);
    gateKind_ = choice("gateKindCombo",
                       {{"permutation", tr("A pass counts only if its held-out predictions depend on the true "
                                           "labels: balanced accuracy against 1,999 label shuffles; honest under "
                                           "class imbalance")},
                        {"binomial", tr("Held-out accuracy significantly above the majority-class rate "
                                        "(one-sided exact binomial test)")},
                        {"floor", tr("The minimum accuracy alone (the seed's gate)")}},
                       tr("Which passes count: a test at the level below (permutation or binomial), or floor: "
                          "the minimum accuracy only. Every gate also needs the minimum accuracy"));
    pf->addRow(tr("Gate"), gateKind_);
    gateAlpha_ = scientificSpin(this, "gateAlphaSpin", 1e-300, std::nextafter(1.0, 0.0), 1e-4,
                                tr("Level of the gate's one-sided test, e.g. 0.05 (not used by the floor gate)"));
    connect(gateAlpha_, qOverload<double>(&QDoubleSpinBox::valueChanged), this, &RunConfigPanel::refresh);
    pf->addRow(tr("Gate level (alpha)"), gateAlpha_);
    gate_ = dspin("gateSpin", 0.0, 1.0, 3, 0.05, tr("Passes with held-out accuracy below this are rejected"));
    pf->addRow(tr("Min accuracy"), gate_);
    topK_ = spin("topKSpin", 1, 1000000, tr("Genes counted as selected in each pass (selection frequency)"));
    pf->addRow(tr("Top-k"), topK_);
    const QString medianMeaning = tr("Median importance across the passes, then selection frequency: every gene's "
                                     "place is read from every pass's whole importance vector, so genes past the "
                                     "top k keep their order (the default)");
    const QString meanRankMeaning = tr("The mean (Borda) rank across the passes, then median importance; slower "
                                       "than the others on merges of hundreds of tries");
    const QString frequencyMeaning = tr("Selection frequency in each pass's top k, then median importance (the "
                                        "seed's): past the genes most passes select it counts lucky entries, so a "
                                        "noise gene that reached one pass's top k goes before a gene ranked just "
                                        "past k in every pass");
    rankingOrder_ = choice("rankingOrderCombo",
                           {{"median_importance", medianMeaning},
                            {"mean_rank", meanRankMeaning},
                            {"frequency", frequencyMeaning}},
                           asParagraph(tr("How the accumulated ranking is ordered (docs/science.md, \"The "
                                          "ranking order\"):")) +
                               "<ul><li><b>median_importance</b>: " + medianMeaning.toHtmlEscaped() +
                               "</li><li><b>mean_rank</b>: " + meanRankMeaning.toHtmlEscaped() +
                               "</li><li><b>frequency</b>: " + frequencyMeaning.toHtmlEscaped() + "</li></ul>");
    pf->addRow(tr("Ranking order"), rankingOrder_);
    seed_ = spin("seedSpin", 0, std::numeric_limits<int>::max(), tr("Pass t uses arrangement seed + t; same seed, same result"));
    pf->addRow(tr("Seed"), seed_);
    buffer_ = spin("bufferSpin", 0, 1000000, tr("Extra padding pixels added to the pseudo-image"));
    pf->addRow(tr("Padding pixels"), buffer_);
    layout->addWidget(passes);

    auto* stop = new QGroupBox(tr("Early stopping"), this);
    auto* sf = new QFormLayout(stop);
    earlyStop_ = new QCheckBox(tr("Stop at the validation-loss plateau"), this);
    earlyStop_->setObjectName("earlyStopCheck");
    earlyStop_->setToolTip(tr("Keras-style: stop when validation loss stops improving, restore the best weights"));
    connect(earlyStop_, &QCheckBox::toggled, this, &RunConfigPanel::refresh);
    sf->addRow(earlyStop_);
    patience_ = spin("patienceSpin", 1, 100000, tr("Epochs without improvement before stopping"));
    sf->addRow(tr("Patience"), patience_);
    minEpochs_ = spin("minEpochsSpin", 0, 100000, tr("Never stop before this many epochs"));
    sf->addRow(tr("Min epochs"), minEpochs_);
    minDelta_ = dspin("minDeltaSpin", 0.0, 10.0, 5, 1e-3, tr("Smallest loss decrease that counts as improvement"));
    sf->addRow(tr("Min delta"), minDelta_);
    valFraction_ = dspin("valFractionSpin", 0.01, 0.9, 2, 0.05, tr("Fraction of non-test cells used for validation"));
    sf->addRow(tr("Validation fraction"), valFraction_);
    layout->addWidget(stop);

    auto* attr = new QGroupBox(tr("Attribution"), this);
    auto* af = new QFormLayout(attr);
    method_ = new QComboBox(this);
    method_->setObjectName("methodCombo");
    method_->setToolTip(tr("How a prediction is traced back to pixels; only methods valid for the backbone"));
    connect(method_, &QComboBox::currentIndexChanged, this, &RunConfigPanel::refresh);
    af->addRow(tr("Method"), method_);
    attributionCells_ = choice("attributionCellsCombo",
                               {{"held_out", tr("The pass's test cells (the seed's)")},
                                {"all", tr("Every cell, training and validation cells too: more cells per class, "
                                           "but the training cells carry what the model overfitted")}},
                               tr("Which cells the attributed sample is drawn from: held_out (the seed's) or all"));
    af->addRow(tr("Cells"), attributionCells_);
    samples_ = spin("samplesSpin", 1, 1000000, tr("Cells attributed per pass (a seeded sample)"));
    af->addRow(tr("Samples"), samples_);
    aggregate_ = choice(
        "aggregateCombo",
        {{"abs", tr("Mean |attribution| over the attributed cells (the seed's)")},
         {"signed", tr("Mean signed attribution, negatives count 0: noise that pushes both ways cancels")},
         {"class_abs", tr("Mean |attribution| within each class's cells, then the best class: a marker of one "
                          "class is not diluted by the others (the default)")},
         {"class_signed", tr("Mean signed attribution within each class's cells, then the best class")}},
        tr("Per-gene score from the attributed cells, each toward its own class: abs (the seed's), signed, "
           "class_abs or class_signed (per class, then the best class)"));
    af->addRow(tr("Aggregate"), aggregate_);
    igSteps_ = spin("igStepsSpin", 1, 10000, tr("Integrated gradients: interpolation steps"));
    af->addRow(tr("IG steps"), igSteps_);
    internalBatch_ = spin("internalBatchSpin", 1, 10000, tr("IG interpolation points per forward/backward (memory)"));
    af->addRow(tr("IG internal batch"), internalBatch_);
    igMethod_ = new QComboBox(this);
    igMethod_->setObjectName("igMethodCombo");
    igMethod_->addItems({"gausslegendre", "riemann_trapezoid"});
    igMethod_->setToolTip(tr("Integrated gradients quadrature (Captum's methods)"));
    af->addRow(tr("IG quadrature"), igMethod_);
    igBaseline_ = choice("igBaselineCombo",
                         {{"mean", tr("The mean training cell: attribution measures departure from the typical cell")},
                          {"zero", tr("All zeros (the seed's): a gene's attribution scales with its expression, so "
                                      "abundant genes win")}},
                         tr("Integrated gradients: the reference input, mean or zero (the seed's)"));
    af->addRow(tr("IG baseline"), igBaseline_);
    layout->addWidget(attr);

    auto* compute = new QGroupBox(tr("Compute"), this);
    auto* cf = new QFormLayout(compute);
    threads_ = spin("threadsSpin", 0, 1024, tr("CPU threads for training; 0 = one per core not busy with other work (measured at the start)"));
    threads_->setSpecialValueText(tr("one per core"));
    cf->addRow(tr("Threads"), threads_);
    device_ = new QComboBox(this);
    device_->setObjectName("deviceCombo");
    device_->addItem(tr("CPU"), "cpu");
    const bool cuda = runtimeInfo().cudaAvailable;
    if (cuda) device_->addItem(tr("CUDA GPU"), "cuda");
    device_->setToolTip(cuda ? tr("Where training runs")
                                        : tr("Where training runs (this LibTorch build has no CUDA device)"));
    cf->addRow(tr("Device"), device_);
    indexFeatures_ = new QCheckBox(tr("Report genes by column index"), this);
    indexFeatures_->setToolTip(tr("Name genes by their column number instead of their name"));
    cf->addRow(indexFeatures_);
    layout->addWidget(compute);

    problem_ = new QLabel(this);
    problem_->setObjectName("configProblem");
    problem_->setWordWrap(true);
    problem_->setStyleSheet("color: #b00020;");
    layout->addWidget(problem_);
    layout->addStretch();

    connect(backbone_, &QComboBox::currentIndexChanged, this, &RunConfigPanel::onBackboneChanged);
    // Only a choice by the user asks for a file (not setConfig).
    connect(backbone_, &QComboBox::activated, this, [this](int index) {
        if (backbone_->itemData(index).toString() == kTorchScriptPlaceholder) chooseTorchScriptFile();
        else lastBackbone_ = index;
    });
    setConfig(RunConfig{});
}

int RunConfigPanel::addBackboneItem(const std::string& kind) {
    const QString data = QString::fromStdString(kind);
    const QString text = isTorchScript(kind) ? QString("torchscript: %1").arg(QFileInfo(data.mid(12)).fileName()) : data;
    backbone_->addItem(text, data);
    backbone_->setItemData(backbone_->count() - 1, data, Qt::ToolTipRole);
    return backbone_->count() - 1;
}

void RunConfigPanel::chooseTorchScriptFile() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("TorchScript model"), {},
        tr("TorchScript models (*.pt *.pth *.ts *.torchscript);;All files (*)"));
    if (path.isEmpty()) {  // cancelled: back to the backbone chosen before
        backbone_->setCurrentIndex(lastBackbone_ >= 0 && lastBackbone_ != backbone_->currentIndex() ? lastBackbone_ : 0);
        return;
    }
    const std::string kind = kTorchScriptPrefix + path.toStdString();
    int i = backbone_->findData(QString::fromStdString(kind));
    if (i < 0) i = addBackboneItem(kind);
    backbone_->setCurrentIndex(i);
    lastBackbone_ = i;
}

void RunConfigPanel::onBackboneChanged() {
    const std::string kind = backbone_->currentData().toString().toStdString();
    const QString keep = method_->currentText();
    const QSignalBlocker block(method_);
    method_->clear();
    for (const BackboneInfo& b : backboneCatalog())
        if (b.kind == kind || (isTorchScript(b.kind) && isTorchScript(kind))) {
            QString technical = QString::fromStdString(b.description);
            if (technical.startsWith("DEFAULT. ")) technical.remove(0, 9);  // the hint says so
            const QString hint = plainHint(kind);
            backboneInfo_->setText(hint.isEmpty() ? technical.toHtmlEscaped()
                                                  : QString("<b>%1</b><br>%2").arg(hint.toHtmlEscaped(),
                                                                                  technical.toHtmlEscaped()));
            for (const std::string& m : b.attributionMethods) method_->addItem(QString::fromStdString(m));
        }
    const int i = method_->findText(keep);
    method_->setCurrentIndex(i >= 0 ? i : 0);
    refresh();
}

void RunConfigPanel::setConfig(const RunConfig& c) {
    base_ = c;
    {
        const QSignalBlocker b(this);
        int bi = backbone_->findData(QString::fromStdString(c.backbone.kind));
        if (bi < 0 && !c.backbone.kind.empty()) bi = addBackboneItem(c.backbone.kind);  // torchscript:FILE
        backbone_->setCurrentIndex(bi);
        lastBackbone_ = bi;
        onBackboneChanged();
        passes_->setValue(c.passes);
        maxTries_->setValue(c.maxTries);
        gate_->setValue(c.minAccuracy);
        select(gateKind_, c.gate.kind);
        gateAlpha_->setValue(c.gate.alpha);
        topK_->setValue(c.topK);
        select(rankingOrder_, c.rankingOrder);
        select(inputScaling_, c.inputScaling);
        select(lossWeights_, c.lossWeights);
        weightDecay_->setValue(c.weightDecay);
        buffer_->setValue(c.buffer);
        indexFeatures_->setChecked(c.indexFeatures);
        epochs_->setValue(c.epochs);
        batch_->setValue(c.batchSize);
        lr_->setValue(c.lr);
        testFraction_->setValue(c.testFraction);
        earlyStop_->setChecked(c.earlyStop.enabled);
        patience_->setValue(c.earlyStop.patience);
        minEpochs_->setValue(c.earlyStop.minEpochs);
        minDelta_->setValue(c.earlyStop.minDelta);
        valFraction_->setValue(c.earlyStop.valFraction);
        const int mi = method_->findText(QString::fromStdString(c.attribution.method));
        if (mi >= 0) method_->setCurrentIndex(mi);
        samples_->setValue(c.attribution.samples);
        select(attributionCells_, c.attribution.cells);
        select(aggregate_, c.attribution.aggregate);
        select(igBaseline_, c.attribution.baseline);
        igSteps_->setValue(c.attribution.igSteps);
        internalBatch_->setValue(c.attribution.internalBatch);
        igMethod_->setCurrentText(QString::fromStdString(c.attribution.igMethod));
        seed_->setValue(int(std::min<uint64_t>(c.seed, uint64_t(std::numeric_limits<int>::max()))));
        threads_->setValue(c.threads);
        const int di = device_->findData(QString::fromStdString(c.device));
        device_->setCurrentIndex(di >= 0 ? di : 0);
    }
    refresh();
}

RunConfig RunConfigPanel::config() const {
    RunConfig c = base_;
    c.backbone.kind = backbone_->currentData().toString().toStdString();
    c.passes = passes_->value();
    c.maxTries = maxTries_->value();
    c.minAccuracy = gate_->value();
    c.gate.kind = chosen(gateKind_);
    c.gate.alpha = gateAlpha_->value();
    c.topK = topK_->value();
    c.rankingOrder = chosen(rankingOrder_);
    c.inputScaling = chosen(inputScaling_);
    c.lossWeights = chosen(lossWeights_);
    c.weightDecay = weightDecay_->value();
    c.buffer = buffer_->value();
    c.indexFeatures = indexFeatures_->isChecked();
    c.epochs = epochs_->value();
    c.batchSize = batch_->value();
    c.lr = lr_->value();
    c.testFraction = testFraction_->value();
    c.earlyStop.enabled = earlyStop_->isChecked();
    c.earlyStop.patience = patience_->value();
    c.earlyStop.minEpochs = minEpochs_->value();
    c.earlyStop.minDelta = minDelta_->value();
    c.earlyStop.valFraction = valFraction_->value();
    c.attribution.method = method_->currentText().toStdString();
    c.attribution.samples = samples_->value();
    c.attribution.cells = chosen(attributionCells_);
    c.attribution.aggregate = chosen(aggregate_);
    c.attribution.baseline = chosen(igBaseline_);
    c.attribution.igSteps = igSteps_->value();
    c.attribution.internalBatch = internalBatch_->value();
    c.attribution.igMethod = igMethod_->currentText().toStdString();
    c.seed = uint64_t(seed_->value());
    c.threads = threads_->value();
    c.device = device_->currentData().toString().toStdString();
    return c;
}

QString RunConfigPanel::problem() const {
    if (backbone_->currentData().toString() == kTorchScriptPlaceholder)
        return tr("No TorchScript model file chosen: choose the backbone \"%1\" again to pick the file.")
            .arg(kTorchScriptPlaceholder);
    try {
        config().validate();
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

void RunConfigPanel::refresh() {
    for (QWidget* w : std::initializer_list<QWidget*>{patience_, minEpochs_, minDelta_, valFraction_})
        w->setEnabled(earlyStop_->isChecked());
    const bool ig = method_->currentText() == "integrated_gradients";
    igSteps_->setEnabled(ig);
    internalBatch_->setEnabled(ig);
    igMethod_->setEnabled(ig);
    igBaseline_->setEnabled(ig);
    gateAlpha_->setEnabled(chosen(gateKind_) != "floor");
    // The preset box names the settings shown, so "default" is never shown over edited ones.
    const std::string preset = matchingPreset(config());
    preset_->setCurrentIndex(preset_->findData(QString::fromStdString(preset.empty() ? "custom" : preset)));
    const QString p = problem();
    problem_->setText(p);
    problem_->setVisible(!p.isEmpty());
    emit changed();
}

}  // namespace dm::ui
