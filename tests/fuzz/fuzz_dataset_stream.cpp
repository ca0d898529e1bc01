// The isolated reader's answer as the application parses it (data/dataset_stream.h): a
// reader killed mid-write or a bug must give an error, never a read past the buffer.
#include "common/error.h"
#include "data/dataset_stream.h"
#include "fuzz_targets.h"

#include <string>

namespace dm::fuzz {

int datasetStream(const uint8_t* data, size_t size) {
    try {
        const Dataset ds = datasetFromBytes(std::string(reinterpret_cast<const char*>(data), size), "fuzz");
        (void)datasetToBytes(ds);
    } catch (const Error&) {
    }
    return 0;
}

}  // namespace dm::fuzz

#ifdef DM_LIBFUZZER
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) { return dm::fuzz::datasetStream(data, size); }
#endif
