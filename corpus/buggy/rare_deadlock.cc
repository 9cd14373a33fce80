// Bug: Commit locks table then journal; the flush in Record, taken only when
// two other entries are pending, holds journal and locks table. Shows:
// deadlock: A and B record, A holds table in Commit, C records and flushes.
// Fix: the flush releases the journal before locking the table.
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "corpus/corpus.h"

namespace {

class Store {
 public:
  void Put(int key) {
    Record(key);
    Commit(key);
  }
  int Size() {
    std::lock_guard<std::mutex> lock(table_mu_);
    return static_cast<int>(table_.size());
  }

 private:
  static constexpr size_t kFlushAt = 3;  // journal entries that force a flush

  void Record(int key) {
    std::unique_lock<std::mutex> journal_lock(journal_mu_);
    journal_.push_back(key);
    if (journal_.size() < kFlushAt) return;
#ifdef CORPUS_FIXED
    std::vector<int> pending;
    pending.swap(journal_);
    journal_lock.unlock();
    std::lock_guard<std::mutex> table_lock(table_mu_);
#else
    const std::vector<int>& pending = journal_;
    std::lock_guard<std::mutex> table_lock(table_mu_);  // journal, then table
#endif
    for (int k : pending) table_[k] = 1;
#ifndef CORPUS_FIXED
    journal_.clear();
#endif
  }
  void Commit(int key) {
    std::lock_guard<std::mutex> table_lock(table_mu_);
    CORPUS_WINDOW();
    table_[key] = 1;
    std::lock_guard<std::mutex> journal_lock(
        journal_mu_);  // table, then journal
    for (size_t i = 0; i < journal_.size(); ++i) {
      if (journal_[i] == key) {
        journal_.erase(journal_.begin() + static_cast<long>(i));
        break;
      }
    }
  }

  std::mutex table_mu_, journal_mu_;
  std::map<int, int> table_;
  std::vector<int> journal_;  // keys recorded but not yet committed
};

}  // namespace

int main() {
  Store store;
  constexpr int kWorkers = 3;
  std::vector<std::thread> workers;
  for (int key = 1; key <= kWorkers; ++key)
    workers.emplace_back([&store, key] { store.Put(key); });
  for (std::thread& t : workers) t.join();
  CORPUS_CHECK(store.Size() == kWorkers, "%d of %d keys stored", store.Size(),
               kWorkers);
  return 0;
}
