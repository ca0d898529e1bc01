// The numeric runtime's thread choice: an explicit count is used as given; "automatic"
// stays within one thread and the core count however busy the machine is, and leaves out
// a core that is busy now.
#include "engine/runtime.h"

#include <torch/torch.h>

#include <QTest>

#include <atomic>
#include <chrono>
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

    void busyCoresAreLeftOut() {
        QCOMPARE(dm::threadsForBusyCores(2, 0.0), 2);
        QCOMPARE(dm::threadsForBusyCores(2, 0.4), 2);
        QCOMPARE(dm::threadsForBusyCores(2, 0.6), 1);
        QCOMPARE(dm::threadsForBusyCores(2, 7.0), 1);
        QCOMPARE(dm::threadsForBusyCores(8, 3.2), 5);
        QCOMPARE(dm::threadsForBusyCores(1, 0.0), 1);
    }

    void aCoreBusyNowIsSeen() {
        // One spinning thread of this process keeps a core busy while the choice is made.
        const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
        std::atomic<bool> stop{false}, spinning{false};
        std::thread spinner([&] {
            spinning = true;
            while (!stop) {
            }
        });
        while (!spinning) std::this_thread::yield();
        const int t = dm::automaticThreads();
        stop = true;
        spinner.join();
        QVERIFY2(t <= std::max(1, cores - 1),
                 qPrintable(QString("%1 threads on %2 cores, one busy").arg(t).arg(cores)));
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
