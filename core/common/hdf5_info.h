#pragma once
#include <string>

namespace dm {
// "1.10.8": the HDF5 library the readers and writers are linked against.
std::string hdf5Version();
}  // namespace dm
