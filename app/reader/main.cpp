// deepmapper-reader: parses one HDF5-based input (.h5ad, 10x .h5) for deepmapper and
// deepmapper-studio in its own process, so a damaged file that crashes or hangs libhdf5
// takes down only this helper. See core/data/isolated_reader.h.
#include "data/isolated_reader.h"

int main(int argc, char** argv) { return dm::isolation::readerMain(argc, argv); }
