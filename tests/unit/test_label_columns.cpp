// Label columns with too many classes (one per cell, or about one per few cells) are
// refused by the one input preparation with a message naming the column and suggesting
// categorical columns with fewer classes; `deepmapper inspect` lists at most ten
// categories per column and says when a categorical column looks numeric.
#include "common/error.h"
#include "data/data_selection.h"
#include "data/h5ad_inspect.h"
#include "data/label_columns.h"

#include <QTest>

#include <algorithm>
#include <string>

using namespace dm;

namespace {

constexpr int64_t kCells = 1200;

// kCells cells x 4 genes with obs columns: cell_type (3 classes), batch (2), cluster (30
// of 40 cells), n_genes (300 numeric-looking categories of 4 cells) and barcode (one per cell).
Dataset dataset() {
    Dataset ds;
    ds.source = "test";
    ds.matrix = "X";
    ds.X.rows = kCells;
    ds.X.cols = 4;
    ds.X.indptr = {0};
    for (int64_t i = 0; i < kCells; ++i) {
        ds.X.indices.push_back(static_cast<int32_t>(i % 4));
        ds.X.values.push_back(1.0f + static_cast<float>(i % 3));
        ds.X.indptr.push_back(i + 1);
        ds.cellNames.push_back("cell" + std::to_string(i));
    }
    ds.geneNames = {"g0", "g1", "g2", "g3"};
    auto column = [](const std::string& name, int64_t categories, auto codeOf, auto nameOf) {
        std::vector<std::string> names;
        for (int64_t k = 0; k < categories; ++k) names.push_back(nameOf(k));
        std::vector<int32_t> codes;
        for (int64_t i = 0; i < kCells; ++i) codes.push_back(static_cast<int32_t>(codeOf(i)));
        return Column::categorical(name, names, codes);
    };
    ds.obs.add(column("cell_type", 3, [](int64_t i) { return i % 3; },
                      [](int64_t k) { return std::string(1, static_cast<char>('A' + k)); }));
    ds.obs.add(column("batch", 2, [](int64_t i) { return i % 2; }, [](int64_t k) { return "b" + std::to_string(k); }));
    ds.obs.add(column("cluster", 30, [](int64_t i) { return i % 30; }, [](int64_t k) { return "c" + std::to_string(k); }));
    ds.obs.add(column("n_genes", 300, [](int64_t i) { return i % 300; },
                      [](int64_t k) { return std::to_string(1000 + 7 * k); }));
    ds.obs.add(column("barcode", kCells, [](int64_t i) { return i; }, [](int64_t k) { return "AAC" + std::to_string(k); }));
    ds.validate();
    return ds;
}

std::string refusalOf(const Dataset& ds, const std::string& column) {
    DataSelection s;
    s.labelColumn = column;
    try {
        prepareInput(ds, s);
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The line of `column` in the inspect text, and the indented lines under it.
std::string columnBlock(const std::string& text, const std::string& column) {
    const size_t start = text.find("\n  " + column + "  [");
    if (start == std::string::npos) return "";
    size_t end = text.find("\n  ", start + 1);
    while (end != std::string::npos && text.compare(end, 5, "\n    ") == 0) end = text.find("\n  ", end + 1);
    return text.substr(start + 1, end == std::string::npos ? std::string::npos : end - start - 1);
}

}  // namespace

class TestLabelColumns : public QObject {
    Q_OBJECT
private slots:
    void theRule() {
        QVERIFY(tooManyClasses(9, 6276).empty());
        QVERIFY(tooManyClasses(20, 40).empty());     // few classes: small data is the user's call
        QVERIFY(tooManyClasses(200, 20000).empty()); // fine-grained types with enough cells
        QVERIFY(!tooManyClasses(1911, 6276).empty());  // the PBMC file's 1,911-category column
        QVERIFY(!tooManyClasses(1500, 1000000).empty());
        QVERIFY(!tooManyClasses(300, 1200).empty());  // 4 cells per class
        QVERIFY(has(tooManyClasses(1911, 6276), "1911 classes for 6276 cells (3.3 cells per class)"));
        QVERIFY(looksNumeric({"0", "12", "3.5", "1e3"}));
        QVERIFY(!looksNumeric({"0", "B cell"}));
        QVERIFY(!looksNumeric({}));
    }

    void oneClassPerCellRefused() {
        const std::string m = refusalOf(dataset(), "barcode");
        QVERIFY2(has(m, "label column 'barcode'") && has(m, "1200 classes for 1200 cells"), m.c_str());
        // Suggestions: the categorical columns that pass, fewest classes first.
        QVERIFY2(has(m, "batch (2 classes), cell_type (3 classes), cluster (30 classes)"), m.c_str());
        QVERIFY2(!has(m, "n_genes ("), m.c_str());
    }

    void aFewCellsPerClassRefused() {
        const std::string m = refusalOf(dataset(), "n_genes");
        QVERIFY2(has(m, "label column 'n_genes'") && has(m, "4.0 cells per class"), m.c_str());
        QVERIFY2(has(m, "cell_type (3 classes)"), m.c_str());
    }

    void usableColumnsPrepared() {
        const Dataset ds = dataset();
        QVERIFY(refusalOf(ds, "cell_type").empty());
        QVERIFY(refusalOf(ds, "cluster").empty());
        // Choosing a few classes of a wide column is fine: the rule counts what the run sees.
        DataSelection s;
        s.labelColumn = "barcode";
        s.classes = {"AAC0", "AAC1", "AAC2"};
        const PreparedData p = prepareInput(ds, s);
        QCOMPARE(p.labels.classes.size(), size_t(3));
        QCOMPARE(p.dataset.cells(), int64_t(3));
    }

    void inspectListsAtMostTenCategories() {
        const std::string text = formatSummary(summarizeDataset(dataset()));
        const std::string barcode = columnBlock(text, "barcode");
        QVERIFY2(has(barcode, "1200 categories, the 10 largest:"), barcode.c_str());
        QVERIFY2(has(barcode, "... and 1190 more"), barcode.c_str());
        QCOMPARE(std::count(barcode.begin(), barcode.end(), '='), std::ptrdiff_t(10));
        QVERIFY2(has(barcode, "not usable as --label: 1200 classes for 1200 cells"), barcode.c_str());
        const std::string types = columnBlock(text, "cell_type");
        QVERIFY2(has(types, "3 categories: A=400, B=400, C=400"), types.c_str());
        QVERIFY2(!has(types, "more") && !has(types, "looks numeric") && !has(types, "not usable"), types.c_str());
        // Lines stay few however many categories: one line per column plus its notes.
        QVERIFY(std::count(text.begin(), text.end(), '\n') < 40);
    }

    void inspectSaysWhenCategoriesLookNumeric() {
        const std::string text = formatSummary(summarizeDataset(dataset()));
        const std::string n = columnBlock(text, "n_genes");
        QVERIFY2(has(n, "looks numeric"), n.c_str());
        QVERIFY2(has(n, "... and 290 more"), n.c_str());
        QVERIFY2(!has(columnBlock(text, "batch"), "looks numeric"), text.c_str());
        const std::vector<ColumnSummary> obs = summarizeDataset(dataset()).obs;
        for (const ColumnSummary& c : obs) QCOMPARE(c.looksNumeric, c.name == "n_genes");
    }
};

QTEST_GUILESS_MAIN(TestLabelColumns)
#include "test_label_columns.moc"
