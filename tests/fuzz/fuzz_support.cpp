#include "fuzz_input.h"

#include <unistd.h>

namespace dm::fuzz {

std::string scratchPath(const std::string& name) {
    const char* dir = ::access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    return std::string(dir) + "/dmfuzz-" + std::to_string(::getpid()) + "-" + name;
}

}  // namespace dm::fuzz
