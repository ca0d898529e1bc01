#pragma once
// Never a half-written output file: writers produce a temporary sibling and rename it
// into place only when complete. Renaming within one folder is atomic on POSIX.
#include <functional>
#include <iosfwd>
#include <string>

namespace dm {

// A temporary path next to `target`; commit() renames it onto target, and the
// destructor removes it if commit() never ran (an exception unwound the writer).
class AtomicPath {
public:
    explicit AtomicPath(std::string target);
    ~AtomicPath();
    AtomicPath(const AtomicPath&) = delete;
    AtomicPath& operator=(const AtomicPath&) = delete;

    const std::string& temp() const { return temp_; }
    const std::string& target() const { return target_; }
    void commit();

private:
    std::string target_;
    std::string temp_;
    bool committed_ = false;
};

// Writes a text or binary file through a stream, atomically.
void writeFileAtomically(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace dm
