// Bug: a transfer debits and credits under each account's own lock in turn
// (atomicity). Shows: assertion, an audit finds 90 of 100: the auditor sums
// both accounts between the debit and the credit. Fix: hold both locks.
#include <mutex>
#include <thread>
#include <vector>

#include "corpus/corpus.h"

namespace {

struct Account {
  std::mutex mu;
  int balance = 50;
};

void Transfer(Account& from, Account& to, int amount) {
#ifdef CORPUS_FIXED
  std::scoped_lock lock(from.mu, to.mu);
  from.balance -= amount;
  to.balance += amount;
#else
  {
    std::lock_guard<std::mutex> lock(from.mu);
    from.balance -= amount;
  }
  CORPUS_WINDOW();
  std::lock_guard<std::mutex> lock(to.mu);
  to.balance += amount;
#endif
}

int Audit(Account& a, Account& b) {
#ifdef CORPUS_FIXED
  std::scoped_lock lock(a.mu, b.mu);
  return a.balance + b.balance;
#else
  int total = 0;
  {
    std::lock_guard<std::mutex> lock(a.mu);
    total += a.balance;
  }
  std::lock_guard<std::mutex> lock(b.mu);
  return total + b.balance;
#endif
}

}  // namespace

int main() {
  Account checking, savings;
  std::vector<std::thread> threads;
  threads.emplace_back([&] { Transfer(checking, savings, 10); });
  threads.emplace_back([&] { Transfer(savings, checking, 20); });
  for (int a = 0; a < 2; ++a) {
    threads.emplace_back([&] {
      const int total = Audit(checking, savings);
      CORPUS_CHECK(total == 100,
                   "audit found %d of 100: money between two accounts' locks",
                   total);
    });
  }
  for (std::thread& t : threads) t.join();
  return 0;
}
