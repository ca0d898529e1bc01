#pragma once
// A Dataset as a compact binary stream: how the isolated reader process hands what it
// parsed to its parent (see isolated_reader.h). Arrays are written and read in place, in
// chunks: the writer releases each array once it is out, the reader can give the stream's
// memory back behind itself, so neither side holds two full copies.
#include "data/dataset.h"

#include <cstdint>
#include <functional>
#include <string>

namespace dm {

// Writes `ds` to the file descriptor (a memfd or a file, from its current offset),
// emptying ds's arrays as they are written. Throws dm::Error on a write failure.
void writeDatasetStream(Dataset&& ds, int fd);

// Reads what writeDatasetStream wrote, from offset 0 of `fd`. With punchHoles, the bytes
// already consumed are released (fallocate PUNCH_HOLE; a memfd then gives its memory
// back as the vectors fill). Throws dm::Error naming `what` when the stream is cut short
// or inconsistent (every length is checked against what remains).
// An interruption point (common/interrupt.h) every chunk (16 MB).
Dataset readDatasetStream(int fd, const std::string& what, bool punchHoles = false);

// The same format in memory, for the fuzzer and tests.
std::string datasetToBytes(const Dataset& ds);
Dataset datasetFromBytes(const std::string& bytes, const std::string& what);

}  // namespace dm
