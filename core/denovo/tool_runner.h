#pragma once
// Running the external bioinformatics tools (HISAT2, rnaSPAdes/Trinity, Salmon) as child
// processes: the exact command line goes to a log file, the tool's own output is streamed
// there too, and a cancel flag polled while the tool runs kills its whole process group.
#include "common/error.h"

#include <functional>
#include <string>
#include <vector>

namespace dm {

// A required program is not on PATH. The message names the program, what it is needed for
// and the Debian package that provides it.
struct ToolUnavailable : Error {
    ToolUnavailable(const std::string& program, const std::string& debianPackage, const std::string& purpose);
    std::string program;
    std::string package;
};

// Full path of `program` found on $PATH (or `program` itself when it contains a '/' and is
// executable); empty when not found.
std::string findOnPath(const std::string& program);

// findOnPath, or throw ToolUnavailable.
std::string requireTool(const std::string& program, const std::string& debianPackage, const std::string& purpose);

// The command line as a shell would accept it (for the log, and for a user to re-run it).
std::string shellCommandLine(const std::vector<std::string>& argv);

struct ToolCommand {
    std::vector<std::string> argv;     // argv[0] is looked up on PATH
    std::string logPath;               // command line, stdout and stderr are appended here
    std::string stdoutPath;            // when set, stdout goes to this file instead of the log
    std::function<bool()> cancelled;   // polled every 50 ms while the tool runs; may be empty
};

// Runs the command to completion. Throws Cancelled (after killing the tool's process group)
// when `cancelled` turns true, and Error naming the tool, its exit status and the log file
// when it fails.
void runTool(const ToolCommand& command);

}  // namespace dm
