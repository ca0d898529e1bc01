// The planted-signal generator: deterministic, seed-sensitive, and the signal is real.
#include "common/error.h"
#include "data/synthetic.h"

#include <QTest>

#include <cmath>

using namespace dm;

namespace {
SyntheticSpec smallSpec(uint64_t seed) {
    SyntheticSpec s;
    s.cells = 300;
    s.genes = 400;
    s.seed = seed;
    return s;
}

// Mean of library-normalised expression of one gene in cells of class k vs the rest.
std::pair<double, double> classMeans(const SyntheticData& d, int64_t gene, int k) {
    const auto& X = d.dataset.X;
    const auto& codes = d.dataset.obs.find(kSyntheticLabelColumn)->codes;
    const auto lib = X.rowSums();
    double in = 0, out = 0;
    int64_t nIn = 0, nOut = 0;
    for (int64_t c = 0; c < X.rows; ++c) {
        const double v = X.at(c, gene) / lib[c] * 1e4;
        if (codes[c] == k) { in += v; ++nIn; } else { out += v; ++nOut; }
    }
    return {in / nIn, out / nOut};
}
}  // namespace

class TestSynthetic : public QObject {
    Q_OBJECT
private slots:
    void shapeAndLabels() {
        const SyntheticData d = generateSynthetic(smallSpec(1));
        d.dataset.validate();
        QCOMPARE(d.dataset.cells(), 300);
        QCOMPARE(d.dataset.genes(), 400);
        QCOMPARE(static_cast<int64_t>(d.truth.size()), 400);
        const Labels l = labelsFromColumn(d.dataset, kSyntheticLabelColumn);
        QCOMPARE(l.classes.size(), size_t(3));
        for (int64_t n : l.counts()) QCOMPARE(n, 100);
        QCOMPARE(d.genesWithRole(GeneRole::Marker).size(), size_t(30));
        QCOMPARE(d.genesWithRole(GeneRole::Chord).size(), size_t(30));
        // Counts are non-negative integers.
        for (float v : d.dataset.X.values) QVERIFY(v > 0 && v == std::floor(v));
    }
    void sameSeedSameData() {
        const SyntheticData a = generateSynthetic(smallSpec(7)), b = generateSynthetic(smallSpec(7));
        QCOMPARE(a.dataset.X.indptr, b.dataset.X.indptr);
        QCOMPARE(a.dataset.X.indices, b.dataset.X.indices);
        QCOMPARE(a.dataset.X.values, b.dataset.X.values);
        QCOMPARE(a.dataset.geneNames, b.dataset.geneNames);
        QCOMPARE(a.dataset.obs.find(kSyntheticLabelColumn)->codes, b.dataset.obs.find(kSyntheticLabelColumn)->codes);
    }
    void differentSeedDifferentData() {
        const SyntheticData a = generateSynthetic(smallSpec(7)), b = generateSynthetic(smallSpec(8));
        QVERIFY(a.dataset.X.values != b.dataset.X.values);
        QVERIFY(a.dataset.geneNames != b.dataset.geneNames);  // planted genes moved
    }
    void plantedGenesDifferBetweenClasses() {
        const SyntheticData d = generateSynthetic(smallSpec(3));
        for (int64_t g : d.genesWithRole(GeneRole::Marker)) {
            auto [in, out] = classMeans(d, g, d.truth[g].cls);
            QVERIFY2(in > 2.5 * out, qPrintable(QString("marker %1: %2 vs %3").arg(g).arg(in).arg(out)));
        }
        double chordIn = 0, chordOut = 0;
        for (int64_t g : d.genesWithRole(GeneRole::Chord)) {
            auto [in, out] = classMeans(d, g, d.truth[g].cls);
            chordIn += in;
            chordOut += out;
        }
        QVERIFY(chordIn > 1.2 * chordOut);
        // Background genes: no systematic shift.
        int64_t g = d.genesWithRole(GeneRole::Background).front();
        auto [in, out] = classMeans(d, g, 0);
        QVERIFY(std::abs(in - out) < 0.5 * (in + out) + 1e-9);
    }
    void rejectsImpossibleSpecs() {
        SyntheticSpec s = smallSpec(0);
        s.classes = 1;
        QVERIFY_THROWS_EXCEPTION(InputError, generateSynthetic(s));
        s = smallSpec(0);
        s.genes = 20;
        QVERIFY_THROWS_EXCEPTION(InputError, generateSynthetic(s));
    }
};

QTEST_GUILESS_MAIN(TestSynthetic)
#include "test_synthetic.moc"
