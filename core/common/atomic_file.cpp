#include "common/atomic_file.h"

#include "common/error.h"

#include <cstdio>
#include <fstream>
#include <random>
#include <unistd.h>

namespace dm {

namespace {
std::string uniqueSuffix() {
    std::random_device rd;
    return ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(rd() % 1000000);
}
}  // namespace

AtomicPath::AtomicPath(std::string target) : target_(std::move(target)), temp_(target_ + uniqueSuffix()) {}

AtomicPath::~AtomicPath() {
    if (!committed_) std::remove(temp_.c_str());
}

void AtomicPath::commit() {
    if (std::rename(temp_.c_str(), target_.c_str()) != 0)
        throw Error("cannot move the finished file into place at '" + target_ +
                    "': check that the folder is writable");
    committed_ = true;
}

void writeFileAtomically(const std::string& path, const std::function<void(std::ostream&)>& write) {
    AtomicPath out(path);
    {
        std::ofstream stream(out.temp(), std::ios::binary | std::ios::trunc);
        if (!stream)
            throw Error("cannot write '" + path + "': the folder does not exist or is not writable");
        write(stream);
        stream.flush();
        if (!stream) throw Error("writing '" + path + "' failed (disk full?)");
    }
    out.commit();
}

}  // namespace dm
