#include "cli_options.h"

#include "engine/presets.h"

#include "common/error.h"
#include "data/preprocess.h"
#include "data/readers.h"
#include "models/backbone_catalog.h"

#include <climits>
#include <cstdio>
#include <filesystem>
#include <cmath>
#include <fstream>
#include <iterator>
#include <sstream>

namespace dm::cli {

namespace {

// ---- flag validators: the message names the allowed range (CLI11 prefixes the flag) --

std::string formatBound(double v) {
    std::ostringstream s;
    s << v;
    return s.str();
}

CLI::Validator atLeast(double lo, const std::string& what = "a number") {
    return CLI::Validator(
        [lo, what](std::string& input) -> std::string {
            double v = 0;
            if (!CLI::detail::lexical_cast(input, v) || !(v >= lo))
                return "value " + input + " is not allowed: it must be " + what + " >= " + formatBound(lo);
            return {};
        },
        ">= " + formatBound(lo));
}

CLI::Validator between(double lo, double hi, bool open) {
    return CLI::Validator(
        [lo, hi, open](std::string& input) -> std::string {
            double v = 0;
            const bool ok = CLI::detail::lexical_cast(input, v) && (open ? v > lo && v < hi : v >= lo && v <= hi);
            if (!ok)
                return "value " + input + " is not allowed: it must be a fraction " +
                       (open ? "strictly between " : "from ") + formatBound(lo) + (open ? " and " : " to ") +
                       formatBound(hi);
            return {};
        },
        std::string(open ? "in (" : "in [") + formatBound(lo) + ", " + formatBound(hi) + (open ? ")" : "]"));
}

CLI::Validator oneOf(const std::vector<std::string>& values) {
    std::string list;
    for (const auto& v : values) list += (list.empty() ? "" : "|") + v;
    return CLI::Validator(
        [values, list](std::string& input) -> std::string {
            for (const auto& v : values)
                if (input == v) return {};
            return "'" + input + "' is not allowed: use one of " + list;
        },
        list);
}

// A kind of the backbone catalog (or torchscript:FILE), refused before any data loads.
CLI::Validator backboneKind() {
    return CLI::Validator(
        [](std::string& input) -> std::string {
            if (isKnownBackbone(input)) return {};
            return "unknown backbone '" + input + "': use one of " + backboneKindList() +
                   " (torchscript:FILE for a saved TorchScript model)";
        },
        "KIND");
}

// ---- data pipeline -----------------------------------------------------------------

H5adReadOptions h5adOptions(const std::string& matrix) {
    H5adReadOptions o;
    o.matrix = matrix == "raw.X" ? "raw" : matrix;
    if (o.matrix != "auto" && o.matrix != "X" && o.matrix != "raw" &&
        !(o.matrix.rfind("layer:", 0) == 0 && o.matrix.size() > 6))
        throw InputError("--matrix '" + matrix + "' is not allowed: use auto, X, raw or layer:NAME");
    return o;
}

std::vector<PopulationSource> parsePopulations(const std::vector<std::string>& specs) {
    std::vector<PopulationSource> sources;
    for (const auto& spec : specs) {
        const size_t eq = spec.rfind('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size())
            throw InputError("--population '" + spec + "' must be DIR=LABEL, e.g. --population cd4_naive/=CD4_naive");
        sources.push_back({spec.substr(0, eq), spec.substr(eq + 1)});
    }
    if (sources.size() < 2)
        throw InputError("--population given once; give one --population DIR=LABEL per sorted population (at least two)");
    return sources;
}

Dataset loadInput(const DataOptions& o, uint64_t seed, std::string& labelColumn,
                  const std::function<void(const std::string&)>& log) {
    LoadOptions load;
    load.h5ad = h5adOptions(o.matrix);
    load.tenx.allFeatures = o.allFeatures;
    load.tenx.genome = o.genome;
    if (!o.populations.empty()) {
        if (!o.path.empty())
            throw InputError("give either DATA or --population DIR=LABEL ..., not both");
        labelColumn = o.label.empty() ? "population" : o.label;
        log("loading " + std::to_string(o.populations.size()) + " populations");
        return loadPopulations(parsePopulations(o.populations), load, o.maxPerClass, seed, labelColumn);
    }
    if (o.path.empty()) throw InputError("no input: give DATA (.h5ad, 10x .h5 or 10x folder) or --population DIR=LABEL");
    if (o.label.empty() && !o.labelOptional)
        throw InputError("--label COLUMN is required: name the obs column holding the classes (e.g. --label cell_type)");
    labelColumn = o.label;
    log("loading " + o.path);
    return loadDataset(o.path, load);
}

}  // namespace

// ---- data ------------------------------------------------------------------------------

void addDataOptions(CLI::App* sub, DataOptions& o) {
    sub->add_option("DATA", o.path, "Input: .h5ad file, 10x .h5 file, or 10x matrix folder (matrix.mtx + genes/features)");
    sub->add_option("--label,-l", o.label, "obs column holding the classes (e.g. cell_type, bulk_labels)");
    sub->add_option("--matrix", o.matrix, ".h5ad matrix to analyse: auto (raw.X when present, else X), X, raw, layer:NAME")
        ->capture_default_str();
    sub->add_option("--normalize", o.normalize,
                    "normalize_total + log1p: auto (only when the matrix holds raw counts), yes, no")
        ->check(oneOf({"auto", "yes", "no"}))
        ->capture_default_str();
    sub->add_option("--target-sum", o.targetSum, "Counts per cell after normalize_total")
        ->check(atLeast(1e-12))
        ->capture_default_str();
    sub->add_option("--classes", o.classes, "Keep only these classes, comma-separated (e.g. --classes B,T,NK)")
        ->delimiter(',')
        ->expected(1)  // one value per occurrence: DATA after --classes is not taken as a class
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    sub->add_option("--one-vs-rest", o.oneVsRest, "One class against all other cells");
    sub->add_option("--max-per-class", o.maxPerClass, "At most N cells per class (seeded subsample; 0: all)")
        ->check(atLeast(0, "a whole number"));
    sub->add_option("--population", o.populations,
                    "A sorted population as DIR=LABEL (10x folder or file); repeat once per population")
        ->expected(1)
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    sub->add_flag("--all-features", o.allFeatures, "10x: keep every feature type, not only Gene Expression");
    sub->add_option("--genome", o.genome, "10x v2 .h5: the genome group to read when there are several");
}

bool hasData(const DataOptions& o) { return !o.path.empty() || !o.populations.empty(); }

namespace {
std::string absolutePath(const std::string& path) {
    std::error_code ec;
    const std::filesystem::path abs = std::filesystem::absolute(path, ec);
    return ec ? path : abs.lexically_normal().string();
}
}  // namespace

std::vector<std::string> dataFlags(const DataOptions& o) {
    std::vector<std::string> f;
    if (!o.path.empty()) f.push_back(absolutePath(o.path));
    const auto add = [&f](const std::string& flag, const std::string& value) {
        f.push_back(flag);
        f.push_back(value);
    };
    if (!o.label.empty()) add("--label", o.label);
    add("--matrix", o.matrix);
    add("--normalize", o.normalize);
    char sum[40];
    std::snprintf(sum, sizeof sum, "%.17g", o.targetSum);
    add("--target-sum", sum);
    for (const std::string& c : o.classes) add("--classes", c);
    if (!o.oneVsRest.empty()) add("--one-vs-rest", o.oneVsRest);
    if (o.maxPerClass > 0) add("--max-per-class", std::to_string(o.maxPerClass));
    for (const std::string& p : o.populations) {
        const size_t eq = p.rfind('=');
        add("--population", eq == std::string::npos ? p : absolutePath(p.substr(0, eq)) + p.substr(eq));
    }
    if (o.allFeatures) f.push_back("--all-features");
    if (!o.genome.empty()) add("--genome", o.genome);
    return f;
}

DataOptions dataOptionsFromFlags(const std::vector<std::string>& flags) {
    CLI::App app;
    DataOptions o;
    addDataOptions(&app, o);
    std::vector<std::string> reversed(flags.rbegin(), flags.rend());  // CLI11 takes them last first
    try {
        app.parse(reversed);
    } catch (const CLI::ParseError& e) {
        throw InputError(std::string("the data flags recorded with the finished tries do not parse (") + e.what() +
                         "); give DATA and its flags again");
    }
    return o;
}

PreparedData prepareData(const DataOptions& o, uint64_t seed, const std::function<void(const std::string&)>& log) {
    std::string labelColumn;
    Dataset ds = loadInput(o, seed, labelColumn, log);
    log("loaded " + std::to_string(ds.cells()) + " cells x " + std::to_string(ds.genes()) + " genes (" + ds.matrix +
        ")");
    if (labelColumn.empty() && (!o.classes.empty() || !o.oneVsRest.empty() || o.maxPerClass > 0))
        throw InputError("--classes, --one-vs-rest and --max-per-class need --label COLUMN to name the classes");
    DataSelection selection;
    selection.labelColumn = labelColumn;
    selection.classes = o.classes;
    selection.oneVsRest = o.oneVsRest;
    selection.maxPerClass = o.populations.empty() ? o.maxPerClass : 0;  // populations were subsampled while loading
    selection.seed = seed;
    selection.normalize = o.normalize;
    selection.targetSum = o.targetSum;
    return prepareInput(std::move(ds), selection, log);
}

// ---- run configuration -----------------------------------------------------------------

template <class Field>
CLI::Option* ConfigOptions::bind(CLI::App* sub, const std::string& name, Field field, const std::string& help) {
    CLI::Option* opt = sub->add_option(name, field(flags_), help)->capture_default_str();
    setters_.emplace_back(opt, [this, field](RunConfig& c) { field(c) = field(flags_); });
    return opt;
}

void ConfigOptions::add(CLI::App* sub, const RunConfig& defaults) {
    defaults_ = defaults;
    flags_ = defaults;
    const std::string g = "Run configuration";
    sub->add_option("--config", configFile_, "Load the run configuration from a JSON file; flags given override it")
        ->check(CLI::ExistingFile)
        ->group(g);
    sub->add_option("--save-config", saveConfig_, "Write the effective run configuration (JSON) to FILE")->group(g);

    sub->add_option("--preset", preset_,
                    "Start from a named configuration: default, or seed (the seed document's defaults, to compare "
                    "with pydeepmapper); other flags override it")
        ->check(CLI::IsMember(presetNames()))
        ->group(g);
    passesOption_ = sub->add_option("--passes", passesText_,
                                    "Accepted passes to accumulate (default " + std::to_string(defaults.passes) +
                                        "), or auto: add passes until the split-half agreement of the top k reaches "
                                        "--stability-target (at most --max-passes)")
                        ->group(g);
    bind(sub, "--stability-target", [](RunConfig& c) -> double& { return c.autoPasses.target; },
         "--passes auto: split-half top-k Jaccard agreement to reach")
        ->check(between(0, 1, false))->group(g);
    bind(sub, "--max-passes", [](RunConfig& c) -> int& { return c.autoPasses.maxPasses; },
         "--passes auto: most accepted passes")
        ->check(atLeast(2, "a whole number"))->group(g);
    bind(sub, "--min-accuracy", [](RunConfig& c) -> double& { return c.minAccuracy; },
         "Gate: a fixed floor on the held-out accuracy a pass needs to count (added to --gate)")
        ->check(between(0, 1, false))->group(g);
    bind(sub, "--gate", [](RunConfig& c) -> std::string& { return c.gate.kind; },
         "permutation: a pass counts only if its held-out predictions depend on the true labels (balanced "
         "accuracy against 1,999 label shuffles, at --gate-alpha; honest under class imbalance); binomial: "
         "held-out accuracy significantly above the majority-class rate (one-sided binomial test); floor: "
         "--min-accuracy only")
        ->check(oneOf({"permutation", "binomial", "floor"}))->group(g);
    bind(sub, "--gate-alpha", [](RunConfig& c) -> double& { return c.gate.alpha; }, "Level of the gate's test")
        ->check(between(0, 1, true))->group(g);
    bind(sub, "--input-scaling", [](RunConfig& c) -> std::string& { return c.inputScaling; },
         "Per-gene input scaling: rank (normal scores of each gene's ranks over the cells, then "
         "standardized; the default), standardize (z-score, clipped at 10), scale (divide by the sd) or none")
        ->check(oneOf({"none", "standardize", "scale", "rank"}))->group(g);
    bind(sub, "--loss-weights", [](RunConfig& c) -> std::string& { return c.lossWeights; },
         "Class weights in the training loss: balanced (every class weighs the same, so a small class is not "
         "ignored) or none")
        ->check(oneOf({"none", "balanced"}))->group(g);
    bind(sub, "--ranking-order", [](RunConfig& c) -> std::string& { return c.rankingOrder; },
         "Order of the accumulated ranking: median_importance (median importance across passes, every gene's "
         "place read from every pass), mean_rank (Borda) or frequency (the seed's: selection frequency in the "
         "per-pass top k first)")
        ->check(oneOf({"frequency", "median_importance", "mean_rank"}))->group(g);
    bind(sub, "--max-tries", [](RunConfig& c) -> int& { return c.maxTries; }, "Give up after this many tries (0: 3 x passes)")
        ->check(atLeast(0, "a whole number"))->group(g);
    bind(sub, "--top-k", [](RunConfig& c) -> int& { return c.topK; },
         "Top set size per pass for the selection frequency (and length of top_genes.txt)")
        ->check(atLeast(1, "a whole number"))->group(g);
    bind(sub, "--buffer", [](RunConfig& c) -> int& { return c.buffer; }, "Extra padding pixels of the pseudo-image")
        ->check(atLeast(0, "a whole number"))->group(g);
    {
        CLI::Option* opt = sub->add_flag("--index-features", flags_.indexFeatures,
                                         "Report genes by column index instead of name")->group(g);
        setters_.emplace_back(opt, [this](RunConfig& c) { c.indexFeatures = flags_.indexFeatures; });
    }
    bind(sub, "--epochs", [](RunConfig& c) -> int& { return c.epochs; }, "Maximum epochs per pass")
        ->check(atLeast(1, "a whole number"))->group(g);
    bind(sub, "--batch-size", [](RunConfig& c) -> int& { return c.batchSize; }, "Cells per training batch")
        ->check(atLeast(1, "a whole number"))->group(g);
    bind(sub, "--lr", [](RunConfig& c) -> double& { return c.lr; }, "Adam learning rate")
        ->check(atLeast(1e-12))->group(g);
    bind(sub, "--weight-decay", [](RunConfig& c) -> double& { return c.weightDecay; },
         "L2 penalty on the weights, added to the loss (Adam's weight_decay); 0: none")
        ->check(between(0, 1, false))->group(g);
    bind(sub, "--test-size", [](RunConfig& c) -> double& { return c.testFraction; },
         "Fraction of cells held out to measure accuracy")
        ->check(between(0, 1, true))->group(g);
    {
        CLI::Option* opt = sub->add_flag("--early-stopping,!--no-early-stopping", flags_.earlyStop.enabled,
                                         "Stop a pass at the validation-loss plateau (default on)")->group(g);
        setters_.emplace_back(opt, [this](RunConfig& c) { c.earlyStop.enabled = flags_.earlyStop.enabled; });
    }
    bind(sub, "--patience", [](RunConfig& c) -> int& { return c.earlyStop.patience; },
         "Early stopping: epochs without improvement before stopping")
        ->check(atLeast(0, "a whole number"))->group(g);
    bind(sub, "--min-epochs", [](RunConfig& c) -> int& { return c.earlyStop.minEpochs; },
         "Early stopping: never stop before this epoch")
        ->check(atLeast(0, "a whole number"))->group(g);
    bind(sub, "--min-delta", [](RunConfig& c) -> double& { return c.earlyStop.minDelta; },
         "Early stopping: smallest validation-loss drop that counts as improvement")
        ->check(atLeast(0))->group(g);
    bind(sub, "--val-size", [](RunConfig& c) -> double& { return c.earlyStop.valFraction; },
         "Early stopping: fraction of the training cells used for validation")
        ->check(between(0, 1, true))->group(g);
    bind(sub, "--attribution", [](RunConfig& c) -> std::string& { return c.attribution.method; },
         "Attribution method")
        ->check(oneOf({"integrated_gradients", "saliency", "input_x_gradient", "occlusion", "attention_rollout"}))
        ->group(g);
    bind(sub, "--attribution-samples", [](RunConfig& c) -> int& { return c.attribution.samples; },
         "Cells attributed per pass (a seeded sample)")
        ->check(atLeast(1, "a whole number"))->group(g);
    bind(sub, "--attribution-cells", [](RunConfig& c) -> std::string& { return c.attribution.cells; },
         "Which cells are attributed: held_out (the pass's test cells) or all (training cells too)")
        ->check(oneOf({"held_out", "all"}))->group(g);
    bind(sub, "--ig-steps", [](RunConfig& c) -> int& { return c.attribution.igSteps; }, "Integrated gradients: steps")
        ->check(atLeast(2, "a whole number"))->group(g);
    bind(sub, "--ig-internal-batch", [](RunConfig& c) -> int& { return c.attribution.internalBatch; },
         "Integrated gradients: interpolation points per forward/backward (memory bound)")
        ->check(atLeast(1, "a whole number"))->group(g);
    bind(sub, "--ig-method", [](RunConfig& c) -> std::string& { return c.attribution.igMethod; },
         "Integrated gradients: quadrature")
        ->check(oneOf({"gausslegendre", "riemann_trapezoid"}))->group(g);
    bind(sub, "--ig-baseline", [](RunConfig& c) -> std::string& { return c.attribution.baseline; },
         "Integrated gradients: reference input, zero or mean (the mean training cell)")
        ->check(oneOf({"zero", "mean"}))->group(g);
    bind(sub, "--attribution-aggregate", [](RunConfig& c) -> std::string& { return c.attribution.aggregate; },
         "Per-gene score over the attributed cells: abs (mean |attribution|), signed (mean signed, negatives 0), "
         "class_abs or class_signed (the same mean within each class's cells; the best class)")
        ->check(oneOf({"abs", "signed", "class_abs", "class_signed"}))->group(g);
    bind(sub, "--backbone", [](RunConfig& c) -> std::string& { return c.backbone.kind; },
         "Model: " + backboneKindList())
        ->check(backboneKind())
        ->group(g);
    bind(sub, "--img-size", [](RunConfig& c) -> int& { return c.backbone.imgSize; },
         "Backbone input side (0: the pseudo-image side; else resized)")
        ->check(atLeast(0, "a whole number"))->group(g);
    bind(sub, "--in-chans", [](RunConfig& c) -> int& { return c.backbone.inChans; }, "Backbone input channels")
        ->check(atLeast(1, "a whole number"))->group(g);
    backboneExtraOption_ = sub->add_option("--backbone-extra", backboneExtra_,
                                           "Backbone-specific options as a JSON object, e.g. '{\"width\": 32}'")
                               ->group(g);
    bind(sub, "--seed", [](RunConfig& c) -> uint64_t& { return c.seed; }, "Seed: pass t uses seed + t")->group(g);
    bind(sub, "--threads", [](RunConfig& c) -> int& { return c.threads; }, "CPU threads (0: one per core not busy with other work)")
        ->check(atLeast(0, "a whole number"))->group(g);
    bind(sub, "--device", [](RunConfig& c) -> std::string& { return c.device; }, "cpu or cuda")
        ->check(oneOf({"cpu", "cuda"}))->group(g);
}

RunConfig ConfigOptions::effective() const {
    if (!preset_.empty() && !configFile_.empty())
        throw ConfigError("--preset and --config both set the starting configuration; give one of them");
    return effectiveOver(!configFile_.empty() ? loadRunConfig(configFile_) : !preset_.empty() ? presetConfig(preset_) : defaults_);
}

RunConfig ConfigOptions::effectiveOver(const RunConfig& base) const {
    RunConfig c = base;
    for (const auto& [option, set] : setters_)
        if (option->count() > 0) set(c);
    if (passesOption_ && passesOption_->count() > 0) {
        if (passesText_ == "auto") {
            c.autoPasses.enabled = true;
        } else {
            size_t used = 0;
            int n = 0;
            try {
                n = std::stoi(passesText_, &used);
            } catch (const std::exception&) {
                used = 0;
            }
            if (used != passesText_.size() || n < 1)
                throw ConfigError("--passes is '" + passesText_ + "'; give a whole number >= 1, or auto");
            c.passes = n;
            c.autoPasses.enabled = false;
        }
    }
    if (backboneExtraOption_ && backboneExtraOption_->count() > 0) {
        nlohmann::json extra;
        try {
            extra = nlohmann::json::parse(backboneExtra_);
        } catch (const nlohmann::json::exception& e) {
            throw ConfigError("--backbone-extra is not valid JSON (" + std::string(e.what()) +
                              "); give an object such as '{\"width\": 32}'");
        }
        if (!extra.is_object())
            throw ConfigError("--backbone-extra must be a JSON object such as '{\"width\": 32}', got " + extra.dump());
        c.backbone.extra = extra;
    }
    c.validate();
    return c;
}

std::string shellQuote(const std::string& arg) {
    if (!arg.empty() && arg.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                              "-_./=:,+@%") == std::string::npos)
        return arg;
    std::string q = "'";
    for (char c : arg) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

std::string commandLine() {
    std::ifstream in("/proc/self/cmdline", std::ios::binary);
    const std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::string out;
    size_t start = 0;
    while (start < raw.size()) {
        size_t end = raw.find('\0', start);
        if (end == std::string::npos) end = raw.size();
        out += (out.empty() ? "" : " ") + shellQuote(raw.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

}  // namespace dm::cli
