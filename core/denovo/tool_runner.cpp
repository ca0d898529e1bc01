#include "denovo/tool_runner.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace dm {

ToolUnavailable::ToolUnavailable(const std::string& program_, const std::string& debianPackage,
                                 const std::string& purpose)
    : Error("'" + program_ + "' was not found on PATH; it is needed for " + purpose +
            ". Install it (Debian/Ubuntu: sudo apt-get install " + debianPackage +
            ") or add its folder to PATH"),
      program(program_),
      package(debianPackage) {}

namespace {
bool isExecutableFile(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}
}  // namespace

std::string findOnPath(const std::string& program) {
    if (program.empty()) return {};
    if (program.find('/') != std::string::npos) return isExecutableFile(program) ? program : std::string();
    const char* env = std::getenv("PATH");
    const std::string path = env ? env : "";
    size_t start = 0;
    while (start <= path.size()) {
        size_t colon = path.find(':', start);
        if (colon == std::string::npos) colon = path.size();
        const std::string dir = colon > start ? path.substr(start, colon - start) : ".";
        const std::string candidate = dir + "/" + program;
        if (isExecutableFile(candidate)) return candidate;
        start = colon + 1;
    }
    return {};
}

std::string requireTool(const std::string& program, const std::string& debianPackage, const std::string& purpose) {
    std::string found = findOnPath(program);
    if (found.empty()) throw ToolUnavailable(program, debianPackage, purpose);
    return found;
}

std::string shellCommandLine(const std::vector<std::string>& argv) {
    std::string line;
    for (const std::string& a : argv) {
        if (!line.empty()) line += ' ';
        const bool plain = !a.empty() && a.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                             "0123456789_-+=/.,:%@") == std::string::npos;
        if (plain) {
            line += a;
            continue;
        }
        line += '\'';
        for (char c : a) line += c == '\'' ? std::string("'\\''") : std::string(1, c);
        line += '\'';
    }
    return line;
}

namespace {
// RAII for the spawn attribute/file-action objects.
struct SpawnSetup {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    SpawnSetup() {
        posix_spawn_file_actions_init(&actions);
        posix_spawnattr_init(&attr);
    }
    ~SpawnSetup() {
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attr);
    }
};

void appendToLog(const std::string& logPath, const std::string& text) {
    std::ofstream log(logPath, std::ios::app);
    if (!log) throw Error("cannot write the log file '" + logPath + "': check that the work folder is writable");
    log << text;
}

std::string describeStatus(int status) {
    if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) return std::string("signal ") + strsignal(WTERMSIG(status));
    return "status " + std::to_string(status);
}

// Ends the tool and everything it started (SPAdes and Trinity run helpers of their own).
void killGroup(pid_t pid) {
    ::kill(-pid, SIGTERM);
    int status = 0;
    for (int i = 0; i < 40; ++i) {  // up to 2 s to exit cleanly
        if (::waitpid(pid, &status, WNOHANG) == pid) {
            ::kill(-pid, SIGKILL);  // helpers that outlived the leader
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::kill(-pid, SIGKILL);
    ::waitpid(pid, &status, 0);
}
}  // namespace

void runTool(const ToolCommand& command) {
    if (command.argv.empty()) throw Error("runTool: empty command");
    if (command.cancelled && command.cancelled()) throw Cancelled();
    const std::string program = command.argv.front();
    appendToLog(command.logPath, "$ " + shellCommandLine(command.argv) +
                                     (command.stdoutPath.empty() ? "" : " > " + command.stdoutPath) + "\n");

    SpawnSetup setup;
    const std::string& out = command.stdoutPath.empty() ? command.logPath : command.stdoutPath;
    const int outFlags = O_WRONLY | O_CREAT | (command.stdoutPath.empty() ? O_APPEND : O_TRUNC);
    posix_spawn_file_actions_addopen(&setup.actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&setup.actions, STDOUT_FILENO, out.c_str(), outFlags, 0644);
    posix_spawn_file_actions_addopen(&setup.actions, STDERR_FILENO, command.logPath.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0644);
    // Own process group, so cancel can kill the tool together with its helpers.
    posix_spawnattr_setpgroup(&setup.attr, 0);
    posix_spawnattr_setflags(&setup.attr, POSIX_SPAWN_SETPGROUP);

    std::vector<char*> argv;
    for (const std::string& a : command.argv) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, program.c_str(), &setup.actions, &setup.attr, argv.data(), environ);
    if (rc != 0)
        throw Error("cannot start '" + program + "': " + std::strerror(rc) + " (see " + command.logPath + ")");

    int status = 0;
    while (true) {
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) break;
        if (done < 0 && errno != EINTR) throw Error("lost track of '" + program + "': " + std::strerror(errno));
        if (command.cancelled && command.cancelled()) {
            killGroup(pid);
            appendToLog(command.logPath, "# cancelled: " + program + " was stopped\n");
            throw Cancelled();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
        appendToLog(command.logPath, "# " + program + " failed with " + describeStatus(status) + "\n");
        throw Error("'" + program + "' failed with " + describeStatus(status) + "; its output is in " +
                    command.logPath);
    }
}

}  // namespace dm
