#pragma once
// A spin box for small positive numbers such as a weight decay of 1e-4 or a test level of
// 0.01: shows the shortest text that reads back as the same double ("0", "0.001", "2.5e-05"),
// accepts scientific notation as typed, keeps every double of its range exactly (a loaded
// configuration comes back unchanged), and the arrows step by factors of ten.
#include <QDoubleSpinBox>

namespace dm::ui {

class ScientificSpinBox : public QDoubleSpinBox {
    Q_OBJECT
public:
    explicit ScientificSpinBox(QWidget* parent = nullptr);

    // The value one arrow step up from 0 (and below which a step down reaches 0).
    void setSmallestStep(double v) { smallestStep_ = v; }

    QString textFromValue(double value) const override;
    double valueFromText(const QString& text) const override;
    QValidator::State validate(QString& text, int& pos) const override;
    void stepBy(int steps) override;

protected:
    StepEnabled stepEnabled() const override;

private:
    double smallestStep_ = 1e-6;
};

}  // namespace dm::ui
