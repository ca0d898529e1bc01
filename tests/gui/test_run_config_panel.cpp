// The run configuration panel's choices the CLI has as options (ranking order, weight
// decay, gate, input scaling, loss weights, attribution cells, aggregate and baseline):
// each shows the loaded value, follows the presets, writes back what the user picked, and
// a loaded configuration comes back from the panel unchanged.
#include "gui_test_helpers.h"
#include "run_config_panel.h"

#include "engine/presets.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QLocale>
#include <QTest>

using namespace dm;
using namespace dm::ui;

namespace {

QString data(const QComboBox* box) { return box->currentData().toString(); }

// Chooses `value` as a user does: the item is picked, then the combo reports activation.
void pick(QComboBox* box, const QString& value) {
    const int i = box->findData(value);
    QVERIFY2(i >= 0, qPrintable(box->objectName() + " has no " + value));
    box->setCurrentIndex(i);
    emit box->activated(i);
}

// Types `text` into a spin box and confirms it with Return.
void type(QDoubleSpinBox* spin, const QString& text) {
    spin->setFocus();
    spin->selectAll();
    QTest::keyClicks(spin, text);
    QTest::keyClick(spin, Qt::Key_Return);
}

std::string json(const RunConfig& c) { return toJson(c).dump(); }

}  // namespace

class TestRunConfigPanel : public QObject {
    Q_OBJECT

    template <class W>
    static W* child(const RunConfigPanel& panel, const char* name) {
        W* w = panel.findChild<W*>(name);
        if (!w) qFatal("no widget %s", name);
        return w;
    }

private slots:
    void initTestCase() {
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));  // "0.001", not "0,001"
        test::isolateSettings();
    }

    void defaultConfigShowsTheDefaults() {
        RunConfigPanel panel;
        QCOMPARE(data(child<QComboBox>(panel, "rankingOrderCombo")), QString("median_importance"));
        QCOMPARE(child<QComboBox>(panel, "rankingOrderCombo")->currentText(), QString("median_importance"));
        auto* decay = child<QDoubleSpinBox>(panel, "weightDecaySpin");
        QCOMPARE(decay->value(), 0.0);
        QCOMPARE(decay->text(), QString("0"));  // not 0.000000
        QCOMPARE(data(child<QComboBox>(panel, "aggregateCombo")), QString("class_abs"));
        QCOMPARE(data(child<QComboBox>(panel, "attributionCellsCombo")), QString("held_out"));
        QCOMPARE(data(child<QComboBox>(panel, "igBaselineCombo")), QString("mean"));
        QCOMPARE(data(child<QComboBox>(panel, "gateKindCombo")), QString("permutation"));
        QCOMPARE(child<QDoubleSpinBox>(panel, "gateAlphaSpin")->text(), QString("0.05"));
        QVERIFY(child<QDoubleSpinBox>(panel, "gateAlphaSpin")->isEnabled());
        QCOMPARE(data(child<QComboBox>(panel, "inputScalingCombo")), QString("rank"));
        QCOMPARE(data(child<QComboBox>(panel, "lossWeightsCombo")), QString("none"));
        // Every item says what it means.
        auto* order = child<QComboBox>(panel, "rankingOrderCombo");
        QVERIFY(order->toolTip().contains("lucky entries"));
        for (int i = 0; i < order->count(); ++i) QVERIFY(!order->itemData(i, Qt::ToolTipRole).toString().isEmpty());
        const RunConfig defaults;
        QCOMPARE(json(panel.config()), json(defaults));
        QVERIFY(panel.problem().isEmpty());
    }

    void seedPresetShowsTheSeedsValues() {
        RunConfigPanel panel;
        auto* preset = child<QComboBox>(panel, "presetCombo");
        pick(preset, "seed");
        QCOMPARE(child<QComboBox>(panel, "rankingOrderCombo")->currentText(), QString("frequency"));
        QCOMPARE(data(child<QComboBox>(panel, "aggregateCombo")), QString("abs"));
        QCOMPARE(data(child<QComboBox>(panel, "igBaselineCombo")), QString("zero"));
        QCOMPARE(data(child<QComboBox>(panel, "gateKindCombo")), QString("floor"));
        QVERIFY(!child<QDoubleSpinBox>(panel, "gateAlphaSpin")->isEnabled());  // the floor gate has no test
        QCOMPARE(data(child<QComboBox>(panel, "inputScalingCombo")), QString("none"));
        QCOMPARE(child<QDoubleSpinBox>(panel, "weightDecaySpin")->text(), QString("0"));
        QCOMPARE(json(panel.config()), json(seedRunConfig()));
        pick(preset, "default");
        QCOMPARE(data(child<QComboBox>(panel, "rankingOrderCombo")), QString("median_importance"));
        QCOMPARE(json(panel.config()), json(defaultRunConfig()));
        QCOMPARE(data(preset), QString("default"));
    }

    // The preset box names what is shown: an edit away from both presets reads "custom", an
    // edit back reads the preset again, and a loaded configuration shows its preset.
    void presetBoxFollowsTheSettings() {
        RunConfigPanel panel;
        auto* preset = child<QComboBox>(panel, "presetCombo");
        QCOMPARE(data(preset), QString("default"));
        auto* aggregate = child<QComboBox>(panel, "aggregateCombo");
        pick(aggregate, "abs");
        QCOMPARE(data(preset), QString("custom"));
        QVERIFY(!(preset->model()->flags(preset->model()->index(preset->currentIndex(), 0)) & Qt::ItemIsEnabled));
        pick(aggregate, "class_abs");
        QCOMPARE(data(preset), QString("default"));
        // How long the run goes is not the analysis: fewer passes is still the default.
        RunConfig shorter = defaultRunConfig();
        shorter.passes = 4;
        shorter.seed = 7;
        panel.setConfig(shorter);
        QCOMPARE(data(preset), QString("default"));
        RunConfig seedish = seedRunConfig();
        panel.setConfig(seedish);
        QCOMPARE(data(preset), QString("seed"));
        seedish.backbone.kind = "mlp";
        panel.setConfig(seedish);
        QCOMPARE(data(preset), QString("custom"));
        QCOMPARE(matchingPreset(seedish), std::string());
    }

    void widgetsSetTheConfiguration() {
        RunConfigPanel panel;
        pick(child<QComboBox>(panel, "rankingOrderCombo"), "mean_rank");
        pick(child<QComboBox>(panel, "aggregateCombo"), "class_signed");
        pick(child<QComboBox>(panel, "attributionCellsCombo"), "all");
        pick(child<QComboBox>(panel, "igBaselineCombo"), "zero");
        pick(child<QComboBox>(panel, "gateKindCombo"), "binomial");
        pick(child<QComboBox>(panel, "inputScalingCombo"), "scale");
        pick(child<QComboBox>(panel, "lossWeightsCombo"), "balanced");
        auto* decay = child<QDoubleSpinBox>(panel, "weightDecaySpin");
        type(decay, "2.5e-4");
        QCOMPARE(decay->value(), 2.5e-4);
        auto* alpha = child<QDoubleSpinBox>(panel, "gateAlphaSpin");
        type(alpha, "0.01");

        RunConfig c = panel.config();
        QCOMPARE(c.rankingOrder, std::string("mean_rank"));
        QCOMPARE(c.attribution.aggregate, std::string("class_signed"));
        QCOMPARE(c.attribution.cells, std::string("all"));
        QCOMPARE(c.attribution.baseline, std::string("zero"));
        QCOMPARE(c.gate.kind, std::string("binomial"));
        QCOMPARE(c.gate.alpha, 0.01);
        QCOMPARE(c.inputScaling, std::string("scale"));
        QCOMPARE(c.lossWeights, std::string("balanced"));
        QCOMPARE(c.weightDecay, 2.5e-4);
        QVERIFY(panel.problem().isEmpty());

        // The arrows step the weight decay by factors of ten, down to 0 and up from it.
        QTest::keyClick(decay, Qt::Key_Up);
        QCOMPARE(panel.config().weightDecay, 2.5e-3);
        type(decay, "0");
        QCOMPARE(decay->text(), QString("0"));
        QTest::keyClick(decay, Qt::Key_Up);
        QCOMPARE(panel.config().weightDecay, 1e-6);
        QTest::keyClick(decay, Qt::Key_Down);
        QCOMPARE(panel.config().weightDecay, 0.0);
        // Out of range cannot be typed: the weight decay stays within [0, 1].
        type(decay, "5");
        QVERIFY(panel.config().weightDecay <= 1.0);
        // IG's baseline only matters for integrated gradients.
        auto* method = child<QComboBox>(panel, "methodCombo");
        method->setCurrentIndex(method->findText("saliency"));
        QVERIFY(!child<QComboBox>(panel, "igBaselineCombo")->isEnabled());
    }

    void loadedConfigurationShowsAndRoundTrips() {
        // As a configuration file says it (the exact doubles a JSON reader makes).
        const RunConfig loaded = runConfigFromJson(nlohmann::json::parse(R"({
            "ranking_order": "frequency", "weight_decay": 3e-05, "input_scaling": "scale",
            "loss_weights": "balanced", "gate": {"kind": "binomial", "alpha": 0.001},
            "auto_passes": {"enabled": true, "target": 0.8, "min_passes": 6, "max_passes": 40},
            "attribution": {"cells": "all", "aggregate": "signed", "baseline": "zero"},
            "backbone": {"kind": "cnn_small", "img_size": 0, "in_chans": 1, "extra": {"width": 8}}})"));
        loaded.validate();
        RunConfigPanel panel;
        panel.setConfig(loaded);
        QCOMPARE(data(child<QComboBox>(panel, "rankingOrderCombo")), QString("frequency"));
        QCOMPARE(child<QDoubleSpinBox>(panel, "weightDecaySpin")->text(), QString("3e-05"));
        QCOMPARE(data(child<QComboBox>(panel, "inputScalingCombo")), QString("scale"));
        QCOMPARE(data(child<QComboBox>(panel, "lossWeightsCombo")), QString("balanced"));
        QCOMPARE(data(child<QComboBox>(panel, "gateKindCombo")), QString("binomial"));
        QCOMPARE(child<QDoubleSpinBox>(panel, "gateAlphaSpin")->text(), QString("0.001"));
        QCOMPARE(data(child<QComboBox>(panel, "attributionCellsCombo")), QString("all"));
        QCOMPARE(data(child<QComboBox>(panel, "aggregateCombo")), QString("signed"));
        QCOMPARE(data(child<QComboBox>(panel, "igBaselineCombo")), QString("zero"));
        QCOMPARE(json(panel.config()), json(loaded));

        // Any double comes back unchanged, not rounded to the box's display.
        RunConfig odd = loaded;
        odd.weightDecay = 0.1 + 0.2;  // 0.30000000000000004
        odd.gate.alpha = 1.0 / 3.0;
        panel.setConfig(odd);
        QCOMPARE(panel.config().weightDecay, odd.weightDecay);
        QCOMPARE(panel.config().gate.alpha, odd.gate.alpha);
        QCOMPARE(json(panel.config()), json(odd));
    }

    void unknownValueIsKeptAndExplained() {
        // A value this version does not offer (a hand-edited file) is shown as it is and
        // named by the inline problem, never silently replaced.
        RunConfig c;
        c.rankingOrder = "by_luck";
        RunConfigPanel panel;
        panel.setConfig(c);
        QCOMPARE(child<QComboBox>(panel, "rankingOrderCombo")->currentText(), QString("by_luck"));
        QCOMPARE(panel.config().rankingOrder, std::string("by_luck"));
        QVERIFY2(panel.problem().contains("ranking_order"), qPrintable(panel.problem()));
        pick(child<QComboBox>(panel, "rankingOrderCombo"), "mean_rank");
        QVERIFY(panel.problem().isEmpty());
    }
};

QTEST_MAIN(TestRunConfigPanel)
#include "test_run_config_panel.moc"
