// Replays the fuzzers' seed corpora (tests/fuzz/corpus/<target>/) and every input a fuzzer
// ever found to crash (tests/fuzz/regression/<target>/) through the same harness entry
// points libFuzzer calls, in the normal build (and under ASan+UBSan in the sanitizer
// build): each must come back as an accepted input or a dm::Error, never a crash or
// another exception.
#include "fuzz_targets.h"

#include <QDir>
#include <QFile>
#include <QTest>

#include <map>

namespace {

using Target = int (*)(const uint8_t*, size_t);

const std::map<QString, Target>& targets() {
    static const std::map<QString, Target> t = {
        {"h5ad", dm::fuzz::h5adStructure},   {"tenx_h5", dm::fuzz::tenxH5Structure},
        {"tenx_mtx", dm::fuzz::tenxMtx},     {"run_record", dm::fuzz::runRecord},
        {"run_config", dm::fuzz::runConfig}, {"denovo", dm::fuzz::fastaQuant},
        {"dataset_stream", dm::fuzz::datasetStream},
    };
    return t;
}

}  // namespace

class TestFuzzReplay : public QObject {
    Q_OBJECT
private slots:
    void replay_data() {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("file");
        for (const auto& [name, fn] : targets()) {
            (void)fn;
            for (const char* kind : {"corpus", "regression"}) {
                QDir dir(QString(DM_FUZZ_DIR) + "/" + kind + "/" + name);
                for (const QString& f : dir.entryList(QDir::Files, QDir::Name))
                    QTest::newRow(qPrintable(QString("%1/%2/%3").arg(kind, name, f))) << name << dir.filePath(f);
            }
        }
    }

    void replay() {
        QFETCH(QString, target);
        QFETCH(QString, file);
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QCOMPARE(targets().at(target)(reinterpret_cast<const uint8_t*>(bytes.constData()),
                                      static_cast<size_t>(bytes.size())),
                 0);
    }

    void everyTargetHasSeeds() {
        for (const auto& [name, fn] : targets()) {
            (void)fn;
            QVERIFY2(!QDir(QString(DM_FUZZ_DIR) + "/corpus/" + name).entryList(QDir::Files).isEmpty(), qPrintable(name));
        }
    }
};

QTEST_GUILESS_MAIN(TestFuzzReplay)
#include "test_fuzz_replay.moc"
