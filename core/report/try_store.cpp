#include "report/try_store.h"

#include "common/atomic_file.h"
#include "common/error.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <ostream>

namespace dm {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kHeaderFormat = "deepmapper-tries";
constexpr const char* kTryFormat = "deepmapper-try";
constexpr int kVersion = 1;

// The configuration as compared between shards: without where it ran.
json comparable(const RunConfig& c) {
    json j = toJson(c);
    j.erase("threads");
    j.erase("device");
    return j;
}

// The first key path at which two JSON values differ, with both values.
std::string firstDifference(const json& a, const json& b, const std::string& path) {
    if (a.is_object() && b.is_object()) {
        for (const auto& item : a.items()) {
            const std::string key = path.empty() ? item.key() : path + "." + item.key();
            if (!b.contains(item.key())) return key + ": " + item.value().dump() + " vs absent";
            const std::string d = firstDifference(item.value(), b.at(item.key()), key);
            if (!d.empty()) return d;
        }
        for (const auto& item : b.items())
            if (!a.contains(item.key()))
                return (path.empty() ? item.key() : path + "." + item.key()) + ": absent vs " + item.value().dump();
        return {};
    }
    if (a == b) return {};
    return (path.empty() ? std::string("value") : path) + ": " + a.dump() + " vs " + b.dump();
}

json readJsonFile(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw InputError("cannot open '" + path + "': check the path and its permissions");
    try {
        json j;
        in >> j;
        return j;
    } catch (const json::exception& e) {
        throw InputError("'" + path + "' is not valid JSON (" + e.what() + "); a try file is written atomically, "
                         "so this one was changed by hand or copied incompletely: delete it to retrain that try");
    }
}

json headerToJson(const ShardHeader& h) {
    json genes = {{"name", h.featureNames}};
    if (!h.featureIds.empty()) genes["id"] = h.featureIds;
    if (!h.meanExpression.empty()) genes["mean_expression"] = h.meanExpression;
    return {{"format", kHeaderFormat}, {"format_version", kVersion}, {"configuration", toJson(h.config)},
            {"dataset", toJson(h.dataset)}, {"genes", genes}, {"versions", toJson(h.runtime)},
            {"input", h.input}};
}

ShardHeader headerFromJson(const json& j, const std::string& path) {
    if (!j.is_object() || j.value("format", "") != kHeaderFormat)
        throw InputError("'" + path + "' is not the header of a DeepMapper try folder (expected \"format\": \"" +
                         kHeaderFormat + "\")");
    if (j.value("format_version", 0) > kVersion)
        throw InputError("'" + path + "' was written by a newer DeepMapper (format version " +
                         std::to_string(j.value("format_version", 0)) + "); update DeepMapper");
    try {
        ShardHeader h;
        h.config = recordedRunConfig(j.at("configuration"));
        h.dataset = datasetSummaryFromJson(j.at("dataset"));
        h.featureNames = j.at("genes").at("name").get<std::vector<std::string>>();
        if (j.at("genes").contains("id")) h.featureIds = j.at("genes").at("id").get<std::vector<std::string>>();
        if (j.at("genes").contains("mean_expression"))
            h.meanExpression = j.at("genes").at("mean_expression").get<std::vector<double>>();
        if (!h.meanExpression.empty() && h.meanExpression.size() != h.featureNames.size())
            throw InputError("genes.mean_expression has " + std::to_string(h.meanExpression.size()) + " values for " +
                             std::to_string(h.featureNames.size()) + " genes");
        h.runtime = runtimeInfoFromJson(j.value("versions", json::object()));
        h.input = j.value("input", json::array());
        return h;
    } catch (const json::exception& e) {
        throw InputError("'" + path + "' is incomplete or malformed: " + e.what());
    } catch (const InputError& e) {
        throw InputError("'" + path + "': " + e.what());
    }
}

std::string tryFileName(int t) {
    char name[32];
    std::snprintf(name, sizeof name, "try-%06d.json", t);
    return name;
}

}  // namespace

std::string configDifference(const RunConfig& a, const RunConfig& b) {
    return firstDifference(comparable(a), comparable(b), "");
}

std::string headerDifference(const ShardHeader& a, const ShardHeader& b) {
    const std::string config = configDifference(a.config, b.config);
    if (!config.empty()) return "configuration differs in " + config;
    if (a.dataset.fingerprint != b.dataset.fingerprint)
        return "the input differs: dataset fingerprint " + a.dataset.fingerprint + " (" + a.dataset.source + ", " +
               std::to_string(a.dataset.cells) + " cells x " + std::to_string(a.dataset.genes) + " genes) vs " +
               b.dataset.fingerprint + " (" + b.dataset.source + ", " + std::to_string(b.dataset.cells) +
               " cells x " + std::to_string(b.dataset.genes) + " genes)";
    return {};
}

TryStore::TryStore(const std::string& runDir) : folder_((fs::path(runDir) / kTriesFolder).string()) {}

bool TryStore::exists() const { return fs::is_regular_file(fs::path(folder_) / "header.json"); }

ShardHeader TryStore::header() const {
    const std::string path = (fs::path(folder_) / "header.json").string();
    return headerFromJson(readJsonFile(path), path);
}

void TryStore::create(const ShardHeader& header) const {
    std::error_code ec;
    fs::remove_all(folder_, ec);
    fs::create_directories(folder_, ec);
    if (ec || !fs::is_directory(folder_))
        throw InputError("cannot create the folder '" + folder_ + "' for the finished tries: " +
                         (ec ? ec.message() : std::string("a file of that name exists")) + "; choose another --out");
    const json j = headerToJson(header);
    writeFileAtomically((fs::path(folder_) / "header.json").string(), [&](std::ostream& out) { out << j.dump(1) << '\n'; });
    cached_ = header;
}

void TryStore::open(const ShardHeader& header) const {
    if (!exists()) return create(header);
    const ShardHeader existing = this->header();
    const std::string diff = headerDifference(existing, header);
    if (!diff.empty())
        throw InputError("'" + folder_ + "' holds tries of another run (" + diff +
                         "); give another --out folder, or the same settings and data as that run");
    cached_ = existing;
}

void TryStore::add(const PassRecord& record) const {
    const json j = {{"format", kTryFormat},
                    {"format_version", kVersion},
                    {"configuration", toJson(cached_.config)},
                    {"dataset_fingerprint", cached_.dataset.fingerprint},
                    {"pass", toJson(record)}};
    writeFileAtomically((fs::path(folder_) / tryFileName(record.tryIndex)).string(),
                        [&](std::ostream& out) { out << j.dump() << '\n'; });
}

std::vector<PassRecord> TryStore::records() const {
    const ShardHeader h = header();
    std::vector<std::string> files;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder_, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("try-", 0) == 0 && entry.path().extension() == ".json") files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
    std::vector<PassRecord> out;
    out.reserve(files.size());
    for (const std::string& path : files) {
        const json j = readJsonFile(path);
        if (!j.is_object() || j.value("format", "") != kTryFormat)
            throw InputError("'" + path + "' is not a DeepMapper try record (expected \"format\": \"" + kTryFormat + "\")");
        try {
            const std::string diff = configDifference(h.config, recordedRunConfig(j.at("configuration")));
            if (!diff.empty())
                throw InputError("'" + path + "' was trained under another configuration than its folder's header (" +
                                 diff + ")");
            if (j.at("dataset_fingerprint").get<std::string>() != h.dataset.fingerprint)
                throw InputError("'" + path + "' was trained on another input than its folder's header (fingerprint " +
                                 j.at("dataset_fingerprint").get<std::string>() + " vs " + h.dataset.fingerprint + ")");
            out.push_back(passRecordFromJson(j.at("pass")));
        } catch (const json::exception& e) {
            throw InputError("'" + path + "' is incomplete or malformed: " + e.what());
        }
        if (fs::path(path).filename().string() != tryFileName(out.back().tryIndex))
            throw InputError("'" + path + "' holds try " + std::to_string(out.back().tryIndex) +
                             ": the file was renamed; give it back its name " + tryFileName(out.back().tryIndex));
    }
    return out;
}

void TryStore::remove() const {
    std::error_code ec;
    fs::remove_all(folder_, ec);
}

Shard readShard(const std::string& path) {
    if (!fs::is_directory(path))
        throw InputError("shard '" + path + "' is not a folder: give the --out folder of `deepmapper run --tries A:B`");
    fs::path dir = fs::path(path).lexically_normal();
    if (!dir.has_filename()) dir = dir.parent_path();  // "shard/" -> "shard"
    // The tries folder itself was given: its parent is the run folder.
    if (dir.filename() == kTriesFolder && fs::is_regular_file(dir / "header.json")) dir = dir.parent_path();
    const TryStore store(dir.string());
    if (!store.exists())
        throw InputError("'" + path + "' holds no finished tries (no " + store.folder() +
                         "/header.json): give the --out folder of `deepmapper run --tries A:B`");
    Shard s;
    s.path = path;
    s.header = store.header();
    s.records = store.records();
    return s;
}

}  // namespace dm
