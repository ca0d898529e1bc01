// The ranking's evidence banner: a ranking whose passes barely beat chance (or none did)
// carries a visible warning over the table; a clear one does not.
#include "gui_test_helpers.h"
#include "ranking_view.h"

#include <QLabel>
#include <QTest>

using namespace dm;
using namespace dm::ui;

namespace {
PassRecord pass(int t, double accuracy, double chance) {
    PassRecord r;
    r.tryIndex = t;
    r.accuracy = accuracy;
    r.testCells = 100;
    r.chanceRate = chance;
    r.geneImportance = {3, 2, 1};
    return r;
}

FindingsPtr findingsOf(std::vector<PassRecord> records, double minAccuracy) {
    GateRule floor;
    floor.kind = "floor";
    floor.minAccuracy = minAccuracy;
    return std::make_shared<const Findings>(
        accumulateFindings(std::move(records), 2, floor, 0, 2, {"a", "b", "c"}));
}
}  // namespace

class TestEvidenceBanner : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { test::isolateSettings(); }

    void bannerFollowsTheEvidence() {
        RankingView view;
        view.show();
        auto* banner = view.findChild<QLabel*>("evidenceBanner");
        QVERIFY(banner);
        // 0.36 against a majority-class rate of 0.34: accepted by the floor, but weak.
        view.setFindings(findingsOf({pass(0, 0.36, 0.34), pass(1, 0.37, 0.34)}, 0.0));
        QVERIFY(banner->isVisible());
        QVERIFY2(banner->text().contains("Weak evidence"), qPrintable(banner->text()));
        // Nothing accepted: the banner says the classes could not be told apart.
        view.setFindings(findingsOf({pass(0, 0.36, 0.34), pass(1, 0.37, 0.34)}, 0.9));
        QVERIFY(banner->isVisible());
        QVERIFY2(banner->text().contains("could not be told apart"), qPrintable(banner->text()));
        // Clear evidence: no banner.
        view.setFindings(findingsOf({pass(0, 0.95, 0.34), pass(1, 0.96, 0.34)}, 0.0));
        QVERIFY(!banner->isVisible());
    }

    // One class's own ranking built on a few held-out cells per pass says so; a class with
    // many cells, and the pooled ranking, do not.
    void bannerWarnsOfAClassWithFewCells() {
        Findings f = *findingsOf({pass(0, 0.95, 0.34), pass(1, 0.96, 0.34)}, 0.0);
        f.classNames = {"big", "tiny"};
        f.byClass.resize(2);
        for (ClassFindings& c : f.byClass) {
            c.passes = 2;
            c.selectionFrequency = {1, 0.5, 0};
            c.medianImportance = {3, 2, 1};
            c.meanRank = {1, 2, 3};
        }
        f.byClass[0].cells = 60;
        f.byClass[1].cells = 7;
        RankingView view;
        view.show();
        view.setFindings(std::make_shared<const Findings>(f));
        auto* banner = view.findChild<QLabel*>("evidenceBanner");
        QVERIFY(!banner->isVisible());  // pooled
        view.setCurrentClass(1);
        QVERIFY(banner->isVisible());
        QVERIFY2(banner->text().contains("Few cells") && banner->text().contains("tiny") &&
                     banner->text().contains("3.5 attributed held-out cells per pass"),
                 qPrintable(banner->text()));
        view.setCurrentClass(0);
        QVERIFY(!banner->isVisible());
    }
};

QTEST_MAIN(TestEvidenceBanner)
#include "test_evidence_banner.moc"
