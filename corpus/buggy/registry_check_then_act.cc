// Bug: Open() looks a name up under the shared lock, then creates it under the
// exclusive lock without looking again. Shows: assertion, a leaked handle: two
// threads both miss "db" before either creates it, and both create it.
// Fix: look again under the exclusive lock.
#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "corpus/corpus.h"

namespace {

class Registry {
 public:
  int Open(const std::string& name) {
    {
      std::shared_lock<std::shared_mutex> lock(mu_);
      auto it = handles_.find(name);
      if (it != handles_.end()) return it->second;
    }
    CORPUS_WINDOW();
    std::lock_guard<std::shared_mutex> lock(mu_);
#ifdef CORPUS_FIXED
    auto it = handles_.find(name);
    if (it != handles_.end()) return it->second;
#endif
    const int handle = ++created_;  // e.g. a file descriptor opened here
    handles_[name] = handle;        // a second creation overwrites the first
    return handle;
  }
  // Handles created but no longer reachable from the table.
  int Leaked() {
    std::shared_lock<std::shared_mutex> lock(mu_);
    return created_ - static_cast<int>(handles_.size());
  }

 private:
  std::shared_mutex mu_;
  std::map<std::string, int> handles_;
  int created_ = 0;
};

}  // namespace

int main() {
  Registry registry;
  std::vector<std::thread> threads;
  for (const char* first : {"db", "log", "db"}) {
    threads.emplace_back([&registry, first] {
      registry.Open(first);
      registry.Open("cache");
    });
  }
  for (std::thread& t : threads) t.join();
  const int leaked = registry.Leaked();
  CORPUS_CHECK(leaked == 0,
               "%d handle(s) created twice for one name and leaked", leaked);
  return 0;
}
