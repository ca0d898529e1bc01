#include "cli_commands.h"

#include "engine/runtime.h"

#include <QtGlobal>

namespace dm::cli {

std::string versionText() {
    dm::configureRuntime();
    std::string s = "deepmapper " + dm::versionReport(qVersion());
    if (!s.empty() && s.back() == '\n') s.pop_back();
    return s;
}

void registerCommands(CLI::App& app, Registry& registry) {
    registerRun(app, registry);
    registerDemo(app, registry);
    registerInspect(app, registry);
    registerDenovo(app, registry);
    registerEvaluate(app, registry);
    registerLinear(app, registry);
    registerEmbed(app, registry);
    registerMarkers(app, registry);
    registerChord(app, registry);
    registerMerge(app, registry);
    registerSlurm(app, registry);
}

}  // namespace dm::cli
