// The seeds' bank account lessons on top of the counters: "balance += n;
// balance -= n" (should stay 0) and 100 depositors each adding 1 with a delay
// between reading and writing the balance (should end at 100).
#pragma once

#include <chrono>
#include <cstdint>
#include <thread>
#include <vector>

namespace mt::workloads {

// Thread safety: ChangeIt from any number of threads at once (that is the
// lesson); RunDepositors starts and joins its own threads, from one caller.

// The seeds' change_it(n): deposit then withdraw the same amount. The
// balance stays 0 unless another thread's update lands between a read and
// its write. `Balance` is SplitRmwCounter or LockedCounter<...>.
template <typename Balance>
void ChangeIt(Balance& balance, std::int64_t n) {
  balance.Add(n);
  balance.Add(-n);
}

// `depositors` threads each deposit 1, sleeping `delay` between reading the
// balance and writing it back (the seeds' "processing takes 0.01 s").
// Returns the final balance: `depositors` when updates are serialised.
template <typename Balance>
std::int64_t RunDepositors(Balance& balance, int depositors,
                           std::chrono::microseconds delay) {
  balance.Reset();
  std::vector<std::thread> threads;
  threads.reserve(static_cast<size_t>(depositors));
  for (int i = 0; i < depositors; ++i) {
    threads.emplace_back([&balance, delay] {
      balance.Add(1, [delay] { std::this_thread::sleep_for(delay); });
    });
  }
  for (std::thread& t : threads) t.join();
  return balance.Get();
}

}  // namespace mt::workloads
