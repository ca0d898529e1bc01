#pragma once
// Every fuzz target, callable from libFuzzer (each harness's LLVMFuzzerTestOneInput,
// compiled with -DDM_LIBFUZZER by build-fuzzers.sh) and from the regression replay test
// (tests/unit/test_fuzz_replay.cpp, the normal build). A target returns 0 when our code
// either accepted the input or refused it with a dm::Error; anything else (a crash, a
// sanitizer report, another exception type escaping) is a finding.
#include <cstddef>
#include <cstdint>

namespace dm::fuzz {

int h5adStructure(const uint8_t* data, size_t size);   // .h5ad built from decisions, read by our reader
int tenxH5Structure(const uint8_t* data, size_t size); // 10x .h5 (v2 and v3) the same way
int tenxMtx(const uint8_t* data, size_t size);         // matrix.mtx / features / barcodes, plain or gzipped
int runRecord(const uint8_t* data, size_t size);       // run.json / .dmrun
int runConfig(const uint8_t* data, size_t size);       // configuration JSON
int fastaQuant(const uint8_t* data, size_t size);      // de-novo path: FASTA and Salmon quant.sf
int datasetStream(const uint8_t* data, size_t size);   // the isolated reader's answer to its parent

}  // namespace dm::fuzz
