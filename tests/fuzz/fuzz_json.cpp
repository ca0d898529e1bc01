// The JSON readers on raw bytes: the run record (run.json, and the .dmrun a GUI saves)
// and the run configuration (--config FILE.json), each parsed from text as the file
// readers do (JSON syntax errors are InputErrors there too).
#include "common/error.h"
#include "engine/run_config.h"
#include "fuzz_targets.h"
#include "report/run_record.h"

#include <nlohmann/json.hpp>

namespace dm::fuzz {

namespace {

bool parse(const uint8_t* data, size_t size, nlohmann::json& j) {
    j = nlohmann::json::parse(data, data + size, nullptr, false);
    return !j.is_discarded();
}

}  // namespace

int runRecord(const uint8_t* data, size_t size) {
    nlohmann::json j;
    if (!parse(data, size, j)) return 0;
    try {
        const RunRecord r = runRecordFromJson(j);
        (void)toJson(r).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    } catch (const Error&) {
    }
    return 0;
}

int runConfig(const uint8_t* data, size_t size) {
    nlohmann::json j;
    if (!parse(data, size, j)) return 0;
    try {
        const RunConfig c = runConfigFromJson(j);
        (void)toJson(c).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    } catch (const Error&) {
    }
    return 0;
}

}  // namespace dm::fuzz

#ifdef DM_LIBFUZZER
#if defined(DM_FUZZ_RUN_RECORD)
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) { return dm::fuzz::runRecord(data, size); }
#elif defined(DM_FUZZ_RUN_CONFIG)
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) { return dm::fuzz::runConfig(data, size); }
#endif
#endif
