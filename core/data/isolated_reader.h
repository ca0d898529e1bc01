#pragma once
// Reading HDF5-based inputs (.h5ad, 10x .h5) in a separate process.
//
// libhdf5 1.10 can crash (SIGSEGV in H5HG_read under H5T__conv_vlen: variable-length
// strings pointing into a damaged global heap) or loop forever on a damaged file, and no
// check of ours can stop it before it happens. So the applications never let the library
// see a user's file in their own process: a small executable, deepmapper-reader, parses it
// under a memory limit while the caller watches for progress, and hands the parsed Dataset
// back through a memfd (dataset_stream.h) that the caller reads into its vectors while
// releasing it behind itself: one full copy in memory at a time.
//
// The reader reports the object it is about to read before every read
// (h5::setReadObserver), so when it dies or stops making progress the message names the
// file, the object (e.g. /obs/cell_type/categories), says the file looks damaged and what
// to do. The caller (GUI or CLI) is never taken down; a stop request (the caller's
// InterruptScope, common/interrupt.h, polled every 100 ms) kills the reader.
//
// The GUI is a multi-threaded Qt process, so the reader is started with posix_spawn (which
// execs at once: nothing runs between fork and exec in the child) in its own process
// group (a Ctrl-C on the terminal reaches only the caller, which then stops it), with the
// signal mask reset and only its two pipes open; it dies with its parent (PR_SET_PDEATHSIG).
#include "data/dataset.h"
#include "data/h5ad_inspect.h"
#include "data/h5ad_writer.h"
#include "data/readers.h"

#include <string>
#include <vector>

namespace dm::isolation {

struct Settings {
    std::string readerPath;        // the deepmapper-reader executable
    int stallSeconds = 60;         // no progress report for this long = the library hung
    int64_t memoryLimitBytes = 0;  // address-space limit of the reader; 0 = 3/4 of RAM
};

// Turns isolation on for this process: from now on loadDataset, inspectInput and
// listH5adMatrices parse HDF5 files through deepmapper-reader. The reader is looked for in
// $DM_READER, beside the running executable, in ../libexec/deepmapper-studio/ from it,
// then in the build tree. DM_READER_STALL_SECONDS and DM_READER_MEMORY_MB override the
// limits. Called by the application mains (and tests of containment); the reader itself
// and the library's own tests read in process.
void enable();
void enable(const Settings& settings);
void disable();
bool enabled();
const Settings& settings();

// An existing file the isolated reader should parse (.h5ad or .h5; folders and 10x .mtx
// inputs are read by our own code in process).
bool isHdf5Input(const std::string& path);

Dataset loadDataset(const std::string& path, const LoadOptions& options);
InputSummary inspectInput(const std::string& path, const LoadOptions& options);
std::vector<H5adMatrixInfo> listH5adMatrices(const std::string& path);
// writeAnnotatedCopy (h5ad_writer.h) done by the reader: copying reads every object of the
// user's file, including ones the analysis never touched.
bool writeAnnotatedCopy(const std::string& inputPath, const std::string& outputPath, const H5adAnnotation& annotation);

// main() of deepmapper-reader: argv[1] is the request (JSON), fd 3 receives the result
// (and holds the payload of an annotate request), fd 4 the progress lines.
int readerMain(int argc, char** argv);

}  // namespace dm::isolation
