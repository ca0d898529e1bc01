// Arrangements match CPython's random.Random(seed).shuffle and DeepMapper's square sizing
// on every case of the reference files (incl. seeds above 2^32 and a 33,538-gene layout).
#include "mapping/arrangement.h"
#include "test_support.h"

#include <nlohmann/json.hpp>

#include <QTest>

#include <fstream>

using namespace dm;

namespace {
nlohmann::json loadGolden(const char* name) {
    std::ifstream in(test::sharedPath(QString("golden/") + name));
    if (!in) return {};
    return nlohmann::json::parse(in);
}
}  // namespace

class TestPermutationGolden : public QObject {
    Q_OBJECT
private slots:
    void permutationsMatchCpython() {
        DM_REQUIRE_SHARED();
        const auto golden = loadGolden("permutations.json");
        QVERIFY(golden.contains("cases"));
        int checked = 0;
        bool sawWideSeed = false, sawFullGenome = false;
        for (const auto& c : golden["cases"]) {
            const auto n = c["n"].get<int64_t>();
            const auto seed = c["seed"].get<uint64_t>();
            const auto expected = c["perm"].get<std::vector<int64_t>>();
            const auto got = cpythonPermutation(n, seed);
            if (got != expected) {
                size_t first = 0;
                while (first < got.size() && got[first] == expected[first]) ++first;
                QFAIL(qPrintable(QString("n=%1 seed=%2 differs first at position %3").arg(n).arg(seed).arg(first)));
            }
            sawWideSeed = sawWideSeed || seed > 0xffffffffULL;
            sawFullGenome = sawFullGenome || n == 33538;
            ++checked;
        }
        QVERIFY(checked >= 43);
        QVERIFY(sawWideSeed);
        QVERIFY(sawFullGenome);
    }

    void squareDimMatches() {
        DM_REQUIRE_SHARED();
        const auto golden = loadGolden("square_dim.json");
        QVERIFY(golden.contains("cases"));
        int checked = 0;
        for (const auto& c : golden["cases"]) {
            QCOMPARE(squareDim(c["n_features"].get<int64_t>(), c["buffer"].get<int64_t>()), c["dim"].get<int64_t>());
            ++checked;
        }
        QVERIFY(checked > 0);
    }
};

QTEST_GUILESS_MAIN(TestPermutationGolden)
#include "test_permutation_golden.moc"
