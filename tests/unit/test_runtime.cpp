// The numeric runtime's thread choice: an explicit count is used as given; "automatic"
// stays within one thread and the core count however busy the machine is.
#include "engine/runtime.h"

#include <torch/torch.h>

#include <QTest>

#include <thread>

class TestRuntime : public QObject {
    Q_OBJECT
private slots:
    void explicitThreadsAreUsed() {
        dm::configureRuntime(3);
        QCOMPARE(torch::get_num_threads(), 3);
        QCOMPARE(dm::runtimeInfo().threads, 3);
        dm::configureRuntime(1);
        QCOMPARE(torch::get_num_threads(), 1);
    }

    void automaticThreadsStayWithinTheCores() {
        const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
        const int t = dm::automaticThreads();
        QVERIFY2(t >= 1 && t <= cores, qPrintable(QString("%1 threads on %2 cores").arg(t).arg(cores)));
    }

    void versionReportNamesBlasAndThreads() {
        dm::configureRuntime(2);
        const std::string report = dm::versionReport();
        QVERIFY(report.find("BLAS ") != std::string::npos);
        QVERIFY(report.find("threads 2") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestRuntime)
#include "test_runtime.moc"
