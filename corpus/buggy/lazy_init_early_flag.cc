// Bug: lazy initialisation sets the ready flag before loading the config.
// Shows: assertion, port 0: the loader sets ready and pauses before Load();
// the other caller takes the fast path and reads the empty config.
// Fix: load, then set the flag (release).
#include <atomic>
#include <mutex>
#include <thread>

#include "corpus/corpus.h"

namespace {

// Where settings come from (a file, the environment): it has its own lock.
class Source {
 public:
  int Get(int key) {
    std::lock_guard<std::mutex> lock(mu_);
    return key == 0 ? 8080 : 30;
  }

 private:
  std::mutex mu_;
};

class Config {
 public:
  explicit Config(Source* source) : source_(source) {}
  int Port() {
    EnsureLoaded();
    return port_.load(std::memory_order_relaxed);
  }
  int TimeoutSeconds() {
    EnsureLoaded();
    return timeout_.load(std::memory_order_relaxed);
  }

 private:
  void EnsureLoaded() {
    if (ready_.load(std::memory_order_acquire)) return;
    std::lock_guard<std::mutex> lock(mu_);
    if (ready_.load(std::memory_order_relaxed)) return;
#ifdef CORPUS_FIXED
    Load();
    ready_.store(true, std::memory_order_release);
#else
    ready_.store(true, std::memory_order_release);
    CORPUS_WINDOW();
    Load();
#endif
  }
  void Load() {
    port_.store(source_->Get(0), std::memory_order_relaxed);
    timeout_.store(source_->Get(1), std::memory_order_relaxed);
  }

  Source* source_;
  std::mutex mu_;
  std::atomic<bool> ready_{false};
  // Atomics: the fast path reads them without the lock.
  std::atomic<int> port_{0}, timeout_{0};
};

}  // namespace

int main() {
  Source source;
  Config config(&source);
  std::thread server([&] {
    const int port = config.Port();
    CORPUS_CHECK(port == 8080, "port %d: read before the config was loaded",
                 port);
  });
  std::thread client([&] {
    const int timeout = config.TimeoutSeconds();
    CORPUS_CHECK(timeout == 30, "timeout %d: read before the config was loaded",
                 timeout);
  });
  server.join();
  client.join();
  return 0;
}
