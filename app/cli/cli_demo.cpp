// `deepmapper demo`: the planted-signal demo dataset, end to end.
#include "cli_commands.h"

#include "data/synthetic.h"

#include <chrono>
#include <iostream>
#include <memory>

namespace dm::cli {

namespace {
struct DemoOptions {
    SyntheticSpec spec;
};

int runDemo(const DemoOptions& o) {
    const auto t0 = std::chrono::steady_clock::now();
    const SyntheticData data = generateSynthetic(o.spec);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const Dataset& ds = data.dataset;
    std::cout << "demo dataset: " << ds.cells() << " cells x " << ds.genes() << " genes, "
              << ds.X.nnz() << " non-zeros (" << 100.0 * ds.X.density() << "% dense), generated in " << secs
              << " s\n";
    const Column* label = ds.obs.find(kSyntheticLabelColumn);
    const auto counts = label->categoryCounts();
    std::cout << "classes (" << label->name << "):";
    for (size_t k = 0; k < counts.size(); ++k) std::cout << " " << label->categories[k] << "=" << counts[k];
    std::cout << "\nplanted: " << data.genesWithRole(GeneRole::Marker).size() << " marker genes, "
              << data.genesWithRole(GeneRole::Chord).size() << " chord genes\n";
    return kExitOk;
}
}  // namespace

void registerDemo(CLI::App& app, Registry& registry) {
    auto o = std::make_shared<DemoOptions>();
    CLI::App* sub = app.add_subcommand("demo", "Run DeepMapper on the built-in planted-signal demo dataset");
    sub->add_option("--cells", o->spec.cells, "Number of cells")->check(CLI::Range(10, 10000000));
    sub->add_option("--genes", o->spec.genes, "Number of genes")->check(CLI::Range(10, 1000000));
    sub->add_option("--classes", o->spec.classes, "Number of classes")->check(CLI::Range(2, 100));
    sub->add_option("--data-seed", o->spec.seed, "Seed of the generated data");
    registry.add(sub, [o] { return runDemo(*o); });
}

}  // namespace dm::cli
