#pragma once
// A stop request from another thread (GUI button, Ctrl+C), polled by long work between
// steps (batches, passes). Everything below the engine that can be stopped takes one.
#include <atomic>

namespace dm {

// Polled between batches; set from any thread.
class CancelToken {
public:
    void cancel() { flag_.store(true); }
    bool cancelled() const { return flag_.load(std::memory_order_relaxed); }
    void reset() { flag_.store(false); }

private:
    std::atomic<bool> flag_{false};
};

}  // namespace dm
