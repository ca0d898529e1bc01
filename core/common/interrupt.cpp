#include "common/interrupt.h"

#include "common/error.h"

namespace dm {

namespace {
thread_local const InterruptScope* current = nullptr;
}

InterruptScope::InterruptScope(std::function<bool()> interrupted)
    : interrupted_(std::move(interrupted)), previous_(current) {
    current = this;
}

InterruptScope::~InterruptScope() { current = previous_; }

void interruptionPoint() {
    if (current && current->interrupted_ && current->interrupted_()) throw Cancelled();
}

}  // namespace dm
