#include "scientific_spin_box.h"

#include <QLocale>

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace dm::ui {

ScientificSpinBox::ScientificSpinBox(QWidget* parent) : QDoubleSpinBox(parent) {
    // QDoubleSpinBox rounds every value to its decimals; the most it allows keeps each
    // double from 1e-300 up exactly, so a loaded value is not rounded away.
    setDecimals(DBL_MAX_10_EXP + DBL_DIG);
}

QString ScientificSpinBox::textFromValue(double value) const {
    // As the CLI and the JSON write it ("3e-05", not the locale's "3E-05"), with the
    // locale's decimal point.
    QString text = QString::number(value, 'g', QLocale::FloatingPointShortest);
    return text.replace('.', locale().decimalPoint());
}

double ScientificSpinBox::valueFromText(const QString& text) const {
    bool ok = false;
    const double v = locale().toDouble(text.trimmed(), &ok);
    if (ok) return v;
    return QLocale::c().toDouble(text.trimmed());  // "1e-3" typed with a decimal comma locale
}

QValidator::State ScientificSpinBox::validate(QString& text, int&) const {
    const QString t = text.trimmed();
    if (t.isEmpty()) return QValidator::Intermediate;
    bool ok = false;
    double v = locale().toDouble(t, &ok);
    if (!ok) v = QLocale::c().toDouble(t, &ok);
    if (ok) return v >= minimum() && v <= maximum() ? QValidator::Acceptable : QValidator::Intermediate;
    // Half-typed numbers such as "1e", "1e-" or "0." may still become valid.
    for (const QChar c : t)
        if (!c.isDigit() && !QString(".,eE+-").contains(c)) return QValidator::Invalid;
    return QValidator::Intermediate;
}

void ScientificSpinBox::stepBy(int steps) {
    const double v = value();
    double next = 0.0;
    if (v <= 0.0) next = steps > 0 ? smallestStep_ * std::pow(10.0, steps - 1) : 0.0;
    else next = v * std::pow(10.0, steps);
    // Below the smallest step: 0 where 0 is allowed, else the smallest step itself.
    if (next < smallestStep_ * (1.0 - 1e-9)) next = minimum() > 0.0 ? smallestStep_ : 0.0;
    // 15 significant digits: 1e-3 x 10 is 0.01, not 0.010000000000000002.
    if (next > 0.0) next = QString::number(next, 'g', 15).toDouble();
    setValue(std::clamp(next, minimum(), maximum()));
    selectAll();
}

QAbstractSpinBox::StepEnabled ScientificSpinBox::stepEnabled() const {
    StepEnabled e = StepNone;
    if (value() < maximum()) e |= StepUpEnabled;
    if (value() > (minimum() > 0.0 ? smallestStep_ : minimum())) e |= StepDownEnabled;
    return e;
}

}  // namespace dm::ui
