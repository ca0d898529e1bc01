#include "common/hdf5_info.h"

#include <hdf5.h>

namespace dm {
std::string hdf5Version() {
    unsigned maj = 0, min = 0, rel = 0;
    H5get_libversion(&maj, &min, &rel);
    return std::to_string(maj) + "." + std::to_string(min) + "." + std::to_string(rel);
}
}  // namespace dm
