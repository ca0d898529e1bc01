// `deepmapper slurm DATA [run flags] --tasks N --out DIR`: a run spread over a Slurm
// cluster by tries. Writes a job-array script (task i runs one range of tries into
// DIR/shards/task-i) and a merge script (accumulates the shards into DIR); with --submit
// hands both to `sbatch`, the merge depending on the array. Talks to Slurm only through
// its own commands.
#include "cli_commands.h"
#include "cli_run.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "mapping/arrangement.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace dm::cli {

namespace {

namespace fs = std::filesystem;

struct SlurmCommand {
    DataOptions data;
    ConfigOptions config;
    OutputFlags output;
    int tasks = 0;
    int totalTries = 0;   // 0: passes
    int cpus = 0;         // 0: --threads, else 2
    bool submit = false;
    std::string sbatchArgs;
    std::string executable;  // deepmapper on the compute nodes; default: this one
};

int64_t roundUpMb(double bytes, int64_t step = 256) {
    const auto mb = static_cast<int64_t>(std::ceil(bytes / (1024.0 * 1024.0)));
    return (mb + step - 1) / step * step;
}

// Memory of one array task: the runtime, the prepared matrix (with room for the reader's
// copies while loading), and a training batch and an attribution batch of pseudo-images
// with their activations and gradients. Generous: a task killed for memory loses its work.
int64_t taskMemoryMb(const PreparedData& data, const RunConfig& c) {
    const double side = static_cast<double>(squareDim(data.dataset.X.cols, c.buffer));
    const double image = side * side * 4.0;
    const double batches = (c.batchSize + static_cast<double>(c.attribution.internalBatch) + c.attribution.samples) *
                           image * 48.0;
    return roundUpMb(1.25 * (768.0 * 1024 * 1024 + 3.0 * static_cast<double>(data.dataset.X.bytes()) + batches));
}

// The merge holds every try's importances and their ranks (plus the cells for
// --annotated-h5ad).
int64_t mergeMemoryMb(const PreparedData& data, int tries, bool annotated) {
    const double perTry = static_cast<double>(data.dataset.X.cols) * 40.0;
    return roundUpMb(1.25 * (512.0 * 1024 * 1024 + tries * perTry +
                             (annotated ? 3.0 * static_cast<double>(data.dataset.X.bytes()) : 0.0)));
}

// "--partition=short -A lab --time 2:00:00" -> one #SBATCH line per option with its value.
std::vector<std::string> sbatchLines(const std::string& args) {
    std::istringstream in(args);
    std::vector<std::string> lines;
    std::string token;
    while (in >> token) {
        if (token[0] == '-' || lines.empty())
            lines.push_back(token);
        else
            lines.back() += " " + token;
    }
    return lines;
}

std::string quoted(const std::vector<std::string>& args) {
    std::string s;
    for (const std::string& a : args) s += " " + shellQuote(a);
    return s;
}

std::string selfExecutable() {
    std::error_code ec;
    const fs::path p = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string("deepmapper") : p.string();
}

void writeScript(const std::string& path, const std::string& text) {
    writeFileAtomically(path, [&](std::ostream& out) { out << text; });
    fs::permissions(path, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec, fs::perm_options::add);
}

struct Plan {
    int tasks, totalTries, perTask, cpus;
    int64_t taskMb, mergeMb;
    std::string dir, exe, config;
};

std::string header(const std::string& name, const Plan& p, int cpus, int64_t mb, const std::string& log,
                   const std::vector<std::string>& site, const std::string& extra = "") {
    std::ostringstream s;
    s << "#!/bin/bash\n"
      << "#SBATCH --job-name=" << name << "\n"
      << extra
      << "#SBATCH --ntasks=1\n"
      << "#SBATCH --cpus-per-task=" << cpus << "\n"
      << "#SBATCH --mem=" << mb << "M\n"
      << "#SBATCH --output=" << p.dir << "/logs/" << log << "\n";
    for (const std::string& line : site) s << "#SBATCH " << line << "\n";  // last: site options win
    return s.str();
}

std::string triesScript(const Plan& p, const std::vector<std::string>& dataFlags, const std::vector<std::string>& site) {
    std::ostringstream s;
    s << header("deepmapper-tries", p, p.cpus, p.taskMb, "tries-%A_%a.log", site,
                "#SBATCH --array=0-" + std::to_string(p.tasks - 1) + "\n")
      << "# Written by `deepmapper slurm`: tries 0.." << p.totalTries - 1 << " of one DeepMapper run, " << p.perTask
      << " per array task;\n# each task keeps its tries in shards/task-<i>/tries (a requeued task reads back what it\n"
      << "# finished). The merge job accumulates the shards.\n"
      << "set -euo pipefail\n"
      << "per=" << p.perTask << "\n"
      << "total=" << p.totalTries << "\n"
      << "first=$(( SLURM_ARRAY_TASK_ID * per ))\n"
      << "end=$(( first + per < total ? first + per : total ))\n"
      << "exec " << shellQuote(p.exe) << " run" << quoted(dataFlags) << " --config " << shellQuote(p.config)
      << " --threads " << p.cpus << " --tries \"$first:$end\" --out " << shellQuote(p.dir + "/shards") << "/task-\"$SLURM_ARRAY_TASK_ID\"\n";
    return s.str();
}

std::string mergeScript(const Plan& p, const OutputFlags& out, const std::vector<std::string>& site) {
    std::ostringstream s;
    s << header("deepmapper-merge", p, 1, p.mergeMb, "merge-%j.log", site)
      << "# Written by `deepmapper slurm`: accumulates the shards of the array job into this folder\n"
      << "# (submitted with --dependency=afterany on the array, so missing tries are reported).\n"
      << "set -uo pipefail\n"
      << "shopt -s nullglob\n"
      << "shards=(" << shellQuote(p.dir + "/shards") << "/task-*)\n"
      << "exec " << shellQuote(p.exe) << " merge \"${shards[@]}\" --out " << shellQuote(p.dir);
    if (!out.figures.formats.empty())
        s << " --figures " << shellQuote(out.figures.formats) << " --figure-dpi " << out.figures.dpi;
    if (out.annotatedH5ad) s << " --annotated-h5ad";
    s << "\n";
    return s.str();
}

// Runs sbatch (a Slurm command, nothing else) and returns the job id it prints.
std::string sbatch(const std::vector<std::string>& args) {
    std::string cmd = "sbatch --parsable" + quoted(args) + " 2>&1";
    FILE* pipe = ::popen(cmd.c_str(), "r");
    if (!pipe) throw Error("cannot run sbatch: " + cmd);
    std::string output;
    char buf[512];
    while (std::fgets(buf, sizeof buf, pipe)) output += buf;
    const int status = ::pclose(pipe);
    while (!output.empty() && (output.back() == '\n' || output.back() == '\r')) output.pop_back();
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
            throw Error("sbatch not found: run `deepmapper slurm` on a machine with Slurm's commands, or without "
                        "--submit and submit the scripts yourself");
        throw Error("sbatch refused the job (" + cmd + "): " + output);
    }
    const size_t semi = output.find(';');  // "id;cluster"
    const std::string id = output.substr(0, semi);
    if (id.empty() || id.find_first_not_of("0123456789") != std::string::npos)
        throw Error("sbatch printed '" + output + "' where a job id was expected");
    return id;
}

int runSlurm(const SlurmCommand& c) {
    checkFigures(c.output);
    if (c.output.out.empty()) throw InputError("--out DIR is required: the folder for the scripts, the shards and the results");
    RunConfig config = c.config.effective();
    if (config.autoPasses.enabled)
        throw InputError("--passes auto stops once the accepted passes are stable, which needs every earlier try: it "
                         "cannot be spread over tasks (a merge of its shards is refused). Give --passes N for a cluster "
                         "run, or run --passes auto in one process");
    const int total = c.totalTries > 0 ? c.totalTries : config.passes;
    if (c.tasks > total)
        throw InputError("--tasks " + std::to_string(c.tasks) + " is more than the " + std::to_string(total) +
                         " tries to run: give at most " + std::to_string(total) + " tasks (or more --total-tries)");
    if (total > config.effectiveMaxTries())
        throw InputError("--total-tries " + std::to_string(total) + " is more than max_tries (" +
                         std::to_string(config.effectiveMaxTries()) + "): tries past it are never used; raise --max-tries");
    const auto log = stderrLog(c.output.quiet);
    // Loading checks the data flags now, not on the cluster, and sizes the memory request.
    const PreparedData data = prepareData(c.data, config.seed, log);

    Plan p;
    p.tasks = c.tasks;
    p.totalTries = total;
    p.perTask = (total + c.tasks - 1) / c.tasks;
    p.tasks = (total + p.perTask - 1) / p.perTask;  // no task left without tries
    p.cpus = c.cpus > 0 ? c.cpus : config.threads > 0 ? config.threads : 2;
    config.threads = p.cpus;  // each task uses exactly the cpus it was given
    p.taskMb = taskMemoryMb(data, config);
    p.mergeMb = mergeMemoryMb(data, total, c.output.annotatedH5ad);
    std::error_code ec;
    p.dir = fs::absolute(c.output.out, ec).lexically_normal().string();
    while (p.dir.size() > 1 && p.dir.back() == '/') p.dir.pop_back();
    p.exe = c.executable.empty() ? selfExecutable() : c.executable;
    p.config = p.dir + "/config.json";
    for (const char* sub : {"", "/shards", "/logs"}) fs::create_directories(p.dir + sub, ec);
    if (!fs::is_directory(p.dir + "/logs"))
        throw InputError("cannot create the folder '" + p.dir + "': choose another --out");

    saveRunConfig(config, p.config);
    const std::vector<std::string> site = sbatchLines(c.sbatchArgs);
    const std::string triesPath = p.dir + "/deepmapper-tries.sbatch", mergePath = p.dir + "/deepmapper-merge.sbatch";
    writeScript(triesPath, triesScript(p, dataFlags(c.data), site));
    writeScript(mergePath, mergeScript(p, c.output, site));
    log("wrote " + triesPath + " (" + std::to_string(p.tasks) + " tasks x " + std::to_string(p.perTask) + " tries, " +
        std::to_string(p.cpus) + " cpus, " + std::to_string(p.taskMb) + " MB each) and " + mergePath);

    nlohmann::json summary = {{"tries_script", triesPath}, {"merge_script", mergePath}, {"tasks", p.tasks},
                              {"tries_per_task", p.perTask}, {"total_tries", total}, {"cpus_per_task", p.cpus},
                              {"mem_mb_per_task", p.taskMb}, {"merge_mem_mb", p.mergeMb}, {"out", p.dir}};
    if (c.submit) {
        const std::string array = sbatch({triesPath});
        const std::string merge = sbatch({"--dependency=afterany:" + array, mergePath});
        summary["array_job"] = array;
        summary["merge_job"] = merge;
        if (!c.output.json)
            std::cout << "submitted job array " << array << " (" << p.tasks << " tasks) and merge job " << merge
                      << " (runs after the array); results in " << p.dir << "\n";
    } else if (!c.output.json) {
        std::cout << "submit with:\n  jid=$(sbatch --parsable " << shellQuote(triesPath) << ")\n"
                  << "  sbatch --dependency=afterany:$jid " << shellQuote(mergePath) << "\n";
    }
    if (c.output.json) std::cout << summary.dump(2) << std::endl;
    return kExitOk;
}

}  // namespace

void registerSlurm(CLI::App& app, Registry& registry) {
    auto c = std::make_shared<SlurmCommand>();
    CLI::App* sub = app.add_subcommand(
        "slurm", "Spread a run over a Slurm cluster by tries: writes a job-array script (one range of tries per task)\n"
                 "and a merge job that writes the run's outputs into --out; --submit hands them to sbatch.\n"
                 "Example: deepmapper slurm pbmc.h5ad --label bulk_labels --passes 100 --tasks 20 --out run1 --submit");
    addDataOptions(sub, c->data);
    addOutputOptions(sub, c->output, true);
    const std::string g = "Slurm";
    sub->add_option("--tasks", c->tasks, "Array tasks: the tries are split into this many ranges")
        ->required()
        ->check(CLI::Range(1, 100000))
        ->group(g);
    sub->add_option("--total-tries", c->totalTries,
                    "Tries to spread over the tasks (default: --passes; more when the gate rejects passes)")
        ->check(CLI::Range(0, 10000000))
        ->group(g);
    sub->add_option("--cpus-per-task", c->cpus, "CPUs per task, also its --threads (default: --threads, else 2)")
        ->check(CLI::Range(0, 4096))
        ->group(g);
    sub->add_flag("--submit", c->submit, "Submit with sbatch and print the job ids")->group(g);
    sub->add_option("--sbatch-args", c->sbatchArgs,
                    "Site options written into both scripts, e.g. \"--partition=short --account=lab --time=4:00:00\"")
        ->group(g);
    sub->add_option("--executable", c->executable,
                    "Path of deepmapper on the compute nodes (default: this executable's path)")
        ->group(g);
    c->config.add(sub);
    registry.add(sub, [c] { return runSlurm(*c); });
}

}  // namespace dm::cli
