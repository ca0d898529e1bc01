// `deepmapper inspect FILE`: what an input holds before anything is trained: matrices,
// shape, sparsity, whether values look like counts, obs columns with their categories.
#include "cli_commands.h"

#include "data/h5ad_inspect.h"

#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

namespace dm::cli {

namespace {

struct InspectOptions {
    std::string path;
    LoadOptions load;
    bool json = false;
};

nlohmann::json toJson(const InputSummary& s) {
    nlohmann::json j;
    j["path"] = s.path;
    j["format"] = s.format;
    j["cells"] = s.cells;
    j["genes"] = s.genes;
    j["matrix"] = s.chosen;
    j["nnz"] = s.nnz;
    j["density"] = s.density;
    j["min"] = s.minValue;
    j["max"] = s.maxValue;
    j["looks_like_counts"] = s.looksLikeCounts;
    j["sampled_values"] = s.sampledValues;
    j["first_cells"] = s.firstCells;
    j["first_genes"] = s.firstGenes;
    j["var_columns"] = s.varColumns;
    j["matrices"] = nlohmann::json::array();
    for (const auto& m : s.matrices)
        j["matrices"].push_back({{"name", m.name}, {"rows", m.rows}, {"cols", m.cols}, {"storage", m.storage},
                                 {"dtype", m.dtype}, {"stored", m.stored}});
    j["embeddings"] = nlohmann::json::array();
    for (const auto& e : s.embeddings) j["embeddings"].push_back({{"name", e.name}, {"rows", e.rows}, {"cols", e.cols}});
    j["obs"] = nlohmann::json::array();
    for (const auto& c : s.obs) {
        nlohmann::json col = {{"name", c.name}, {"kind", c.kind}, {"missing", c.missing}};
        if (!c.categories.empty()) {
            col["categories"] = c.categories;
            col["counts"] = c.counts;
        }
        if (c.kind == "string") col["distinct"] = c.distinct;
        if (c.kind.rfind("categorical", 0) == 0) {
            col["looks_numeric"] = c.looksNumeric;
            if (!c.tooManyClasses.empty()) col["too_many_classes"] = c.tooManyClasses;
        }
        j["obs"].push_back(col);
    }
    return j;
}

int runInspect(const InspectOptions& o) {
    const InputSummary s = inspectInput(o.path, o.load);
    if (o.json) std::cout << toJson(s).dump(2) << "\n";
    else std::cout << formatSummary(s);
    return kExitOk;
}

}  // namespace

void registerInspect(CLI::App& app, Registry& registry) {
    auto o = std::make_shared<InspectOptions>();
    CLI::App* sub = app.add_subcommand(
        "inspect", "Show what an input holds: matrices, shape, sparsity, counts or not, obs columns and categories");
    sub->add_option("FILE", o->path, "An .h5ad file, a 10x .h5 file or a 10x matrix folder")->required();
    sub->add_option("--matrix", o->load.h5ad.matrix, "Matrix of an .h5ad: auto (raw.X when present), X, raw, layer:NAME")
        ->capture_default_str();
    sub->add_option("--genome", o->load.tenx.genome, "10x .h5 with several genomes: the one to read");
    sub->add_flag("--all-features", o->load.tenx.allFeatures, "10x: keep antibody/CRISPR features too");
    sub->add_flag("--json", o->json, "Print the summary as JSON");
    registry.add(sub, [o] { return runInspect(*o); });
}

}  // namespace dm::cli
