// The evaluation refuses a split with no test cell, naming the flag that fixes it as the
// command line spells it (--test-size).
#include "common/error.h"
#include "engine/evaluate.h"

#include <QTest>

using namespace dm;

class TestEvaluateSplit : public QObject {
    Q_OBJECT
private slots:
    void emptyTestSplitNamesTestSize() {
        // Two classes of two cells: round(2 x 0.1) = 0 test cells in each.
        CsrMatrix X;
        X.rows = 4;
        X.cols = 16;
        X.indptr = {0, 1, 2, 3, 4};
        X.indices = {0, 1, 2, 3};
        X.values = {1, 1, 1, 1};
        RunInput in;
        in.X = &X;
        in.y = {0, 0, 1, 1};
        in.classes = {"A", "B"};
        RunConfig c;
        c.passes = 1;
        c.epochs = 1;
        c.testFraction = 0.1;
        c.earlyStop.enabled = false;
        c.threads = 1;
        std::string message;
        try {
            evaluateEnsemble(in, c);
        } catch (const InputError& e) {
            message = e.what();
        }
        QVERIFY2(message.find("no cells in the test split") != std::string::npos, message.c_str());
        QVERIFY2(message.find("--test-size") != std::string::npos, message.c_str());
        QVERIFY2(message.find("--test-fraction") == std::string::npos, message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestEvaluateSplit)
#include "test_evaluate_split.moc"
