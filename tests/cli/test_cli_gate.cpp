// The honest gate and the stability statistics as a user meets them: labels that carry no
// signal exit 3 with a message saying the classes could not be told apart; run.json
// records the gate and the stability; --passes auto stops on its agreement target;
// --preset seed gives the seed document's configuration.
#include "cli_support.h"

#include "data/h5ad_writer.h"
#include "data/synthetic.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QTest>

using dm::test::CliResult;
using dm::test::readAll;
using dm::test::runCli;

class TestCliGate : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString planted_, noise_;

private slots:
    void initTestCase() {
        QVERIFY2(QFile::exists(dm::test::deepmapperBinary()), "deepmapper not built");
        planted_ = dir_.filePath("planted.h5ad");
        dm::test::writePlantedH5ad(planted_, 300, 200, 5);
        // Same generator, no fold change anywhere: the labels are independent of the genes.
        dm::SyntheticSpec spec;
        spec.cells = 300;
        spec.genes = 200;
        spec.classes = 3;
        spec.markersPerClass = 5;
        spec.chordPerClass = 5;
        spec.markerFoldChange = 1.0;
        spec.chordFoldChange = 1.0;
        spec.seed = 9;
        noise_ = dir_.filePath("noise.h5ad");
        dm::writeH5ad(dm::generateSynthetic(spec).dataset, noise_.toStdString());
    }

    void labelsWithoutSignalExitThree() {
        const QString out = dir_.filePath("noise_out");
        const CliResult r = runCli({"run", noise_, "--label", "cell_type", "--out", out, "--passes", "2",
                                    "--max-tries", "3", "--epochs", "3", "--threads", "1", "--attribution-samples", "8"});
        QVERIFY2(r.code == 3, qPrintable(QString("exit %1\n%2\n%3").arg(r.code).arg(r.out, r.err)));
        QVERIFY2(r.out.contains("could not be told apart"), qPrintable(r.out));
        QVERIFY2(r.out.contains("majority-class rate"), qPrintable(r.out));
        const auto record = nlohmann::json::parse(readAll(out + "/run.json").toStdString());
        QCOMPARE(record.at("accepted").get<int>(), 0);
        QCOMPARE(record.at("gate").at("kind").get<std::string>(), std::string("permutation"));
        QCOMPARE(record.at("gate").at("evidence").get<std::string>(), std::string("none"));
        for (const auto& p : record.at("passes")) {
            QCOMPARE(p.at("test_cells").get<int>(), 75);
            QVERIFY(p.at("p_value").get<double>() >= 0.05);
        }
    }

    void gateAndStabilityInTheRecord() {
        const QString out = dir_.filePath("planted_out");
        const CliResult r = runCli({"run", planted_, "--label", "cell_type", "--out", out, "--passes", "3",
                                    "--epochs", "4", "--threads", "1", "--attribution-samples", "16"});
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        QVERIFY2(r.out.contains("split-half agreement of the top 20"), qPrintable(r.out));
        const auto record = nlohmann::json::parse(readAll(out + "/run.json").toStdString());
        QCOMPARE(record.at("accepted").get<int>(), 3);
        for (const auto& p : record.at("passes")) QVERIFY(p.at("p_value").get<double>() < 0.05);
        const auto& st = record.at("stability");
        QCOMPARE(st.at("split_half_curve").size(), size_t(2));  // after 2 and 3 passes
        const double j = st.at("split_half_jaccard").get<double>();
        QVERIFY(j >= 0 && j <= 1);
        QCOMPARE(st.at("meinshausen_buhlmann").size(), size_t(3));
        // q = 20 of 200 genes at pi = 0.75: 400 / (0.5 * 200) = 4
        QVERIFY(std::abs(st.at("meinshausen_buhlmann")[1].at("expected_false_positives_bound").get<double>() - 4.0) <
                1e-9);
        QVERIFY(record.at("expression_bias").at("top_k_among_most_expressed").is_number_integer());
        QCOMPARE(record.at("genes").at("mean_expression").size(), size_t(200));
    }

    void autoPassesStopsAtTheTarget() {
        const QString out = dir_.filePath("auto_out");
        const CliResult r =
            runCli({"run", planted_, "--label", "cell_type", "--out", out, "--passes", "auto", "--stability-target",
                    "0.3", "--max-passes", "6", "--epochs", "4", "--threads", "1", "--attribution-samples", "16"});
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        const auto record = nlohmann::json::parse(readAll(out + "/run.json").toStdString());
        const int accepted = record.at("accepted").get<int>();
        QVERIFY2(accepted >= 4 && accepted <= 6, qPrintable(QString::number(accepted)));  // min_passes 4, max 6
        const auto& curve = record.at("stability").at("split_half_curve");
        QCOMPARE(curve.size(), size_t(accepted - 1));
        // It stopped at the first pass count (from 4) whose agreement reached the target, or at the maximum.
        for (int n = 4; n < accepted; ++n) QVERIFY(curve[n - 2].get<double>() < 0.3);
        if (accepted < 6) QVERIFY(curve.back().get<double>() >= 0.3);
        QVERIFY(!record.at("partial").get<bool>());
        QVERIFY(record.at("configuration").at("auto_passes").at("enabled").get<bool>());
        // A bad value is refused with exit 2.
        const CliResult bad = runCli({"run", planted_, "--label", "cell_type", "--out", out, "--passes", "many"});
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains("--passes"), qPrintable(bad.err));
    }

    void seedPresetIsTheSeedConfiguration() {
        const QString saved = dir_.filePath("seed.json");
        const CliResult r = runCli({"run", "--preset", "seed", "--save-config", saved});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto c = nlohmann::json::parse(readAll(saved).toStdString());
        QCOMPARE(c.at("backbone").at("kind").get<std::string>(), std::string("cnn_small"));
        QCOMPARE(c.at("epochs").get<int>(), 20);
        QCOMPARE(c.at("early_stopping").at("min_epochs").get<int>(), 40);
        QCOMPARE(c.at("gate").at("kind").get<std::string>(), std::string("floor"));
        QCOMPARE(c.at("input_scaling").get<std::string>(), std::string("none"));
        QCOMPARE(c.at("attribution").at("baseline").get<std::string>(), std::string("zero"));
        const CliResult both = runCli({"run", "--preset", "seed", "--config", saved, "--save-config", saved});
        QCOMPARE(both.code, 2);
    }
};

QTEST_GUILESS_MAIN(TestCliGate)
#include "test_cli_gate.moc"
