// Bug: Withdraw reads the balance under the lock and writes it back under a
// second locking (atomicity). Shows: assertion, a deposit lost: the payer
// deposits between the spender's read and write. Fix: one locked section for
// read, check and write.
#include <mutex>
#include <thread>

#include "corpus/corpus.h"

namespace {

class Account {
 public:
  int Balance() {
    std::lock_guard<std::mutex> lock(mu_);
    return balance_;
  }
  void Deposit(int amount) {
    std::lock_guard<std::mutex> lock(mu_);
    balance_ += amount;
  }
  bool Withdraw(int amount) {
#ifdef CORPUS_FIXED
    std::lock_guard<std::mutex> lock(mu_);
    if (balance_ < amount) return false;
    balance_ -= amount;
    return true;
#else
    const int balance = Balance();
    if (balance < amount) return false;
    CORPUS_WINDOW();
    Set(balance - amount);
    return true;
#endif
  }

 private:
  void Set(int balance) {
    std::lock_guard<std::mutex> lock(mu_);
    balance_ = balance;
  }

  std::mutex mu_;
  int balance_ = 100;
};

}  // namespace

int main() {
  Account account;
  std::thread spender([&] {
    for (int i = 0; i < 2; ++i) account.Withdraw(10);
  });
  std::thread payer([&] {
    for (int i = 0; i < 2; ++i) account.Deposit(5);
  });
  spender.join();
  payer.join();
  const int balance = account.Balance();
  CORPUS_CHECK(balance == 90,
               "balance %d after 100 - 2 x 10 + 2 x 5, expected 90: an update "
               "was lost",
               balance);
  return 0;
}
