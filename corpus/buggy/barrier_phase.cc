// Bug: Wait() arrives and then reads the generation to wait past in a second
// locked section. Shows: deadlock: A arrives and pauses; B and C arrive and C
// releases the phase; A then reads the new generation and waits for the next
// one. Fix: read the generation in the section that counts the arrival.
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "corpus/corpus.h"

namespace {

// A reusable barrier, built like std::barrier: arrive, then wait for the
// phase's release.
class Barrier {
 public:
  explicit Barrier(int parties) : parties_(parties) {}
  void Wait() {
#ifdef CORPUS_FIXED
    std::unique_lock<std::mutex> lock(mu_);
    const int generation = generation_;
    if (Arrive()) return;
#else
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (Arrive()) return;
    }
    CORPUS_WINDOW();
    std::unique_lock<std::mutex> lock(mu_);
    const int generation = generation_;  // the next phase's, if released
#endif
    released_.wait(lock, [&] { return generation_ != generation; });
  }

 private:
  // Counts the caller in (mu_ held); true when it was the last, and has
  // released the phase.
  bool Arrive() {
    if (++arrived_ < parties_) return false;
    arrived_ = 0;
    ++generation_;
    released_.notify_all();
    return true;
  }

  const int parties_;
  std::mutex mu_;
  std::condition_variable released_;
  int arrived_ = 0;
  int generation_ = 0;
};

// What each thread produced in phase 1, read by all in phase 2.
class Board {
 public:
  void Post(int who) {
    std::lock_guard<std::mutex> lock(mu_);
    posted_ |= 1 << who;
  }
  int Posted() {
    std::lock_guard<std::mutex> lock(mu_);
    return posted_;
  }

 private:
  std::mutex mu_;
  int posted_ = 0;
};

}  // namespace

int main() {
  constexpr int kThreads = 3;
  Barrier barrier(kThreads);
  Board board;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      board.Post(t);  // phase 1
      barrier.Wait();
      CORPUS_CHECK(board.Posted() == (1 << kThreads) - 1,  // phase 2
                   "phase 2 began before every phase-1 post");
    });
  }
  for (std::thread& t : threads) t.join();
  return 0;
}
