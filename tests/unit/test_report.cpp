// Reports on a hand-made Findings: ranked tables (CSV/TSV quoting, columns, rows), the
// top-k list, passes.csv, XLSX, the run.json round trip, and atomic writes.
#include "common/error.h"
#include "report/ranking_table.h"
#include "report/ranking_xlsx.h"
#include "report/run_outputs.h"
#include "report/run_record.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <sstream>

using namespace dm;

namespace {

// Five genes, two of them with names that break naive CSV writers.
Findings handMadeFindings() {
    Findings f;
    f.featureNames = {"CD3E", "GENE,1", "Q\"X", "MS4A1", "NKG7"};
    f.featureIds = {"ENSG01", "ENSG02", "ENSG03", "ENSG04", "ENSG05"};
    f.selectionFrequency = {0.5, 1.0, 0.0, 0.75, 1.0};
    f.medianImportance = {0.2, 0.9, 0.01, 0.3, 0.4};
    f.meanRank = {2.5, 1.0, 5.0, 3.0, 1.5};
    f.topK = 2;
    for (int t = 0; t < 3; ++t) {
        PassRecord p;
        p.tryIndex = t;
        p.seed = 7 + static_cast<uint64_t>(t);
        p.accuracy = 0.8 + 0.05 * t;
        p.accepted = t != 1;
        p.stopEpoch = 10 + t;
        p.bestEpoch = 8 + t;
        p.seconds = 1.25;
        p.trainLoss = {1.0, 0.5};
        p.valLoss = {1.1, 0.6};
        if (p.accepted) p.geneImportance = {0.1f, 0.9f, 0.0f, 0.3f, 0.4f};
        f.passes.push_back(p);
    }
    f.accepted = 2;
    f.tries = 3;
    f.partial = true;
    return f;
}

RunRecord handMadeRecord() {
    RunRecord r;
    r.config.passes = 4;
    r.config.epochs = 3;
    r.config.backbone.kind = "mlp";
    r.config.seed = 7;
    r.runtime.appVersion = "test";
    r.runtime.threads = 2;
    r.dataset.source = "cells.h5ad";
    r.dataset.matrix = "raw.X";
    r.dataset.cells = 30;
    r.dataset.genes = 5;
    r.dataset.labelColumn = "cell_type";
    r.dataset.classes = {"B", "T"};
    r.dataset.classCounts = {10, 20};
    r.dataset.preprocessing = {"normalize_total(target_sum=10000) + log1p"};
    r.findings = handMadeFindings();
    r.timings.runSeconds = 3.5;
    r.startedAt = "2024-01-01T00:00:00Z";
    r.command = "deepmapper run cells.h5ad --label cell_type";
    return r;
}

std::string slurp(const QString& path) {
    std::ifstream in(path.toStdString(), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// RFC 4180 reader, enough to check that quoting keeps every row at the header's width.
std::vector<std::vector<std::string>> parseDelimited(const std::string& text, char sep) {
    std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
    bool quoted = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') rows.back().back() += '"', ++i;
            else if (c == '"') quoted = false;
            else rows.back().back() += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == sep) {
            rows.back().emplace_back();
        } else if (c == '\n') {
            rows.emplace_back(1);
        } else {
            rows.back().back() += c;
        }
    }
    if (rows.back().size() == 1 && rows.back()[0].empty()) rows.pop_back();
    return rows;
}

QStringList filesIn(const QString& dir) { return QDir(dir).entryList(QDir::Files | QDir::Hidden); }

}  // namespace

class TestReport : public QObject {
    Q_OBJECT
private slots:
    void csvHasColumnsRowsAndQuoting() {
        QTemporaryDir dir;
        const QString path = dir.filePath("ranking.csv");
        writeRankingCsv(handMadeFindings(), path.toStdString());
        const auto rows = parseDelimited(slurp(path), ',');
        QCOMPARE(rows.size(), size_t(6));
        const std::vector<std::string> header{"rank",      "gene", "gene_id", "selection_frequency", "median_importance",
                                              "mean_rank"};
        QVERIFY(rows[0] == header);
        for (const auto& row : rows) QCOMPARE(row.size(), header.size());
        // Best first: frequency 1.0 twice, broken by median importance.
        QCOMPARE(rows[1][1], std::string("GENE,1"));
        QCOMPARE(rows[1][0], std::string("1"));
        QCOMPARE(rows[1][2], std::string("ENSG02"));
        QCOMPARE(rows[2][1], std::string("NKG7"));
        QCOMPARE(rows[5][1], std::string("Q\"X"));
        QCOMPARE(std::stod(rows[1][3]), 1.0);
        QCOMPARE(std::stod(rows[1][4]), 0.9);
        QVERIFY(slurp(path).find("\"Q\"\"X\"") != std::string::npos);
    }

    void tsvAndLinearColumn() {
        QTemporaryDir dir;
        const QString path = dir.filePath("ranking.tsv");
        RankingExtras extras{{0.1, 0.2, 0.3, 0.4, 0.5}};
        writeRankingTsv(handMadeFindings(), path.toStdString(), extras);
        const auto rows = parseDelimited(slurp(path), '\t');
        QCOMPARE(rows.size(), size_t(6));
        QCOMPARE(rows[0].back(), std::string("linear_importance"));
        QCOMPARE(rows[0].size(), size_t(7));
        QCOMPARE(rows[1][1], std::string("GENE,1"));  // a comma needs no quotes in TSV
        QCOMPARE(std::stod(rows[1][6]), 0.2);          // GENE,1 is feature 1
    }

    void noIdColumnWithoutIds() {
        QTemporaryDir dir;
        Findings f = handMadeFindings();
        f.featureIds.clear();
        const QString path = dir.filePath("ranking.csv");
        writeRankingCsv(f, path.toStdString());
        const auto rows = parseDelimited(slurp(path), ',');
        QCOMPARE(rows[0].size(), size_t(5));
        QCOMPARE(rows[0][2], std::string("selection_frequency"));
    }

    void delimitedFieldQuotesOnlyWhenNeeded() {
        QCOMPARE(delimitedField("CD3E", ','), std::string("CD3E"));
        QCOMPARE(delimitedField("a,b", ','), std::string("\"a,b\""));
        QCOMPARE(delimitedField("a,b", '\t'), std::string("a,b"));
        QCOMPARE(delimitedField("say \"hi\"", '\t'), std::string("\"say \"\"hi\"\"\""));
        QCOMPARE(delimitedField("two\nlines", ','), std::string("\"two\nlines\""));
        QCOMPARE(formatNumber(0.1), std::string("0.1"));
        QCOMPARE(std::stod(formatNumber(1.0 / 3.0)), 1.0 / 3.0);
    }

    void topGenesAndPasses() {
        QTemporaryDir dir;
        const Findings f = handMadeFindings();
        writeTopGenes(f, dir.filePath("top.txt").toStdString(), 3);
        QCOMPARE(slurp(dir.filePath("top.txt")), std::string("GENE,1\nNKG7\nMS4A1\n"));
        writePassesCsv(f, dir.filePath("passes.csv").toStdString());
        const auto rows = parseDelimited(slurp(dir.filePath("passes.csv")), ',');
        QCOMPARE(rows.size(), size_t(4));
        const std::vector<std::string> header{"pass",       "seed",       "accuracy", "accepted",
                                              "stop_epoch", "best_epoch", "seconds"};
        QVERIFY(rows[0] == header);
        QCOMPARE(rows[2][1], std::string("8"));
        QCOMPARE(rows[2][3], std::string("false"));
        QCOMPARE(rows[3][4], std::string("12"));
    }

    void xlsxIsAZipWorkbook() {
        QTemporaryDir dir;
        const QString path = dir.filePath("ranking.xlsx");
        writeRankingXlsx(handMadeRecord(), path.toStdString());
        const std::string bytes = slurp(path);
        QVERIFY(bytes.size() > 1000);
        QCOMPARE(bytes.substr(0, 2), std::string("PK"));
        // The sheet names are stored uncompressed in the zip's directory of xl/workbook.xml
        // only when deflated contents are not inspected; check the parts exist instead.
        QVERIFY(bytes.find("xl/worksheets/sheet1.xml") != std::string::npos);
        QVERIFY(bytes.find("xl/worksheets/sheet2.xml") != std::string::npos);
        QCOMPARE(filesIn(dir.path()), QStringList{"ranking.xlsx"});
    }

    void runJsonRoundTrip() {
        QTemporaryDir dir;
        const QString path = dir.filePath("run.json");
        RunRecord r = handMadeRecord();
        r.linearImportance = {0.5, 0.4, 0.3, 0.2, 0.1};
        writeRunJson(r, path.toStdString());
        const nlohmann::json j = nlohmann::json::parse(slurp(path));
        for (const char* key : {"configuration", "versions", "dataset", "passes", "timings", "partial", "genes"})
            QVERIFY2(j.contains(key), key);
        QCOMPARE(j.at("partial").get<bool>(), true);
        QCOMPARE(j.at("dataset").at("classes").size(), size_t(2));

        const RunRecord back = loadRunRecord(path.toStdString());
        QCOMPARE(back.config.passes, 4);
        QCOMPARE(back.config.backbone.kind, std::string("mlp"));
        QCOMPARE(back.config.seed, uint64_t(7));
        QCOMPARE(back.dataset.matrix, std::string("raw.X"));
        QVERIFY(back.dataset.classCounts == (std::vector<int64_t>{10, 20}));
        QCOMPARE(back.dataset.preprocessing.size(), size_t(1));
        QCOMPARE(back.runtime.threads, 2);
        QCOMPARE(back.timings.runSeconds, 3.5);
        QCOMPARE(back.command, r.command);
        QVERIFY(back.linearImportance == r.linearImportance);
        const Findings& f = back.findings;
        QVERIFY(f.featureNames == r.findings.featureNames);
        QVERIFY(f.featureIds == r.findings.featureIds);
        QVERIFY(f.selectionFrequency == r.findings.selectionFrequency);
        QVERIFY(f.medianImportance == r.findings.medianImportance);
        QVERIFY(f.meanRank == r.findings.meanRank);
        QCOMPARE(f.passes.size(), size_t(3));
        QCOMPARE(f.passes[2].seed, uint64_t(9));
        QCOMPARE(f.passes[1].accepted, false);
        QCOMPARE(f.passes[2].geneImportance.size(), size_t(5));
        QCOMPARE(f.accepted, 2);
        QCOMPARE(f.tries, 3);
        QCOMPARE(f.topK, 2);
        QCOMPARE(f.partial, true);
        // The reopened run ranks exactly as the original.
        QCOMPARE(f.ranking(3)[0].name, std::string("GENE,1"));
    }

    void runRecordRefusesOtherJson() {
        QVERIFY_THROWS_EXCEPTION(InputError, runRecordFromJson(nlohmann::json{{"passes", 3}}));
        nlohmann::json j = toJson(handMadeRecord());
        j["genes"]["mean_rank"] = {1.0};  // wrong length
        QVERIFY_THROWS_EXCEPTION(InputError, runRecordFromJson(j));
        QTemporaryDir dir;
        QFile bad(dir.filePath("bad.json"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("{ not json");
        bad.close();
        QVERIFY_THROWS_EXCEPTION(InputError, loadRunRecord(bad.fileName().toStdString()));
        QVERIFY_THROWS_EXCEPTION(InputError, loadRunRecord(dir.filePath("missing.json").toStdString()));
    }

    void failingWriterLeavesNoFile() {
        QTemporaryDir dir;
        const QString path = dir.filePath("ranking.csv");
        RankingExtras wrong{{1.0, 2.0}};  // 2 values for 5 genes: refused before anything is written
        QVERIFY_THROWS_EXCEPTION(Error, writeRankingCsv(handMadeFindings(), path.toStdString(), wrong));
        QVERIFY(filesIn(dir.path()).isEmpty());

        // An earlier good file survives a failed rewrite untouched, with no temp left over.
        writeRankingCsv(handMadeFindings(), path.toStdString());
        const std::string before = slurp(path);
        QVERIFY_THROWS_EXCEPTION(Error, writeRankingCsv(handMadeFindings(), path.toStdString(), wrong));
        QCOMPARE(slurp(path), before);
        QCOMPARE(filesIn(dir.path()), QStringList{"ranking.csv"});

        // A folder that does not exist: an error, and nothing half-made.
        const std::string nowhere = dir.filePath("no/such/folder/ranking.xlsx").toStdString();
        QVERIFY_THROWS_EXCEPTION(Error, writeRankingXlsx(handMadeRecord(), nowhere));
        QVERIFY_THROWS_EXCEPTION(Error, writeRunJson(handMadeRecord(), dir.filePath("no/run.json").toStdString()));
        QCOMPARE(filesIn(dir.path()), QStringList{"ranking.csv"});
    }

    void runOutputsWritesEveryFile() {
        QTemporaryDir dir;
        RunRecord r = handMadeRecord();
        const QString out = dir.filePath("results/sub");
        const auto files = writeRunOutputs(r, out.toStdString());
        QCOMPARE(files.size(), size_t(6));
        QCOMPARE(filesIn(out), (QStringList{"passes.csv", "ranking.csv", "ranking.tsv", "ranking.xlsx", "run.json",
                                            "top_genes.txt"}));
        // top_k = 2 lines.
        QCOMPARE(slurp(QDir(out).filePath("top_genes.txt")), std::string("GENE,1\nNKG7\n"));

        // No accepted pass: no ranking, only what explains why.
        RunRecord none = handMadeRecord();
        none.findings.accepted = 0;
        const QString out2 = dir.filePath("none");
        writeRunOutputs(none, out2.toStdString());
        QCOMPARE(filesIn(out2), (QStringList{"passes.csv", "run.json"}));

        // --out naming a file is refused.
        QFile file(dir.filePath("plainfile"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        QVERIFY_THROWS_EXCEPTION(InputError, writeRunOutputs(r, file.fileName().toStdString()));
    }
};

QTEST_GUILESS_MAIN(TestReport)
#include "test_report.moc"
