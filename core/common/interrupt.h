#pragma once
// Stopping long calls whose signatures carry no cancel token (the dataset readers, the
// linear baseline) from another thread. The caller installs a check for its own thread
// with an InterruptScope; the long loops call interruptionPoint() between blocks, which
// throws Cancelled once the check says so. Without a scope it costs one thread-local read.
#include <functional>

namespace dm {

class InterruptScope {
public:
    // `interrupted` is called on this thread at every interruption point while the scope lives.
    explicit InterruptScope(std::function<bool()> interrupted);
    ~InterruptScope();
    InterruptScope(const InterruptScope&) = delete;
    InterruptScope& operator=(const InterruptScope&) = delete;

private:
    std::function<bool()> interrupted_;
    const InterruptScope* previous_;
    friend void interruptionPoint();
};

// Throws Cancelled when the innermost scope of this thread says it was interrupted.
void interruptionPoint();

}  // namespace dm
