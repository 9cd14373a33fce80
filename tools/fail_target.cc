// A tiny program that fails in one way per mode without a ThreadSanitizer
// report of its own (a failed assertion, its own check's exit status, a
// crash by a signal) or does not fail (timed sleeps), hunted by the `mtbench
// hunt` end-to-end tests; harness/testdata/hunt/ holds recorded outputs.
#undef NDEBUG  // the assertion is the point, in every build type
#include <unistd.h>

#include <cassert>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>

namespace {

int balance = 100;  // each mode's shared state, touched by one thread

__attribute__((noinline)) void CheckBalance(int expected) {
  assert(balance == expected && "transfers keep the total");
}

// A worker's check fails: glibc prints the assertion and aborts.
void Assert() {
  std::thread([] {
    balance -= 3;
    CheckBalance(100);
  }).join();
}

// The program's own check fails: a message with a number that differs from
// run to run (as counts of lost updates do), then a distinctive status.
void ExitStatus() {
  std::printf("checked 2000 transfers\n");
  std::fflush(stdout);  // in order with stderr in the one output file
  std::fprintf(stderr, "lost %d of 2000 updates\n", 10 + getpid() % 90);
  std::exit(3);
}

// A signal ThreadSanitizer does not report (it handles SEGV, BUS, FPE and,
// as the hunt asks, ABRT and ILL; not TERM): killed, no stack.
void Killed() {
  std::thread([] { std::raise(SIGTERM); }).join();
}

// A trap instruction (SIGILL), as __builtin_trap() or UBSan's traps give.
void Trap() {
  std::thread([] { __builtin_trap(); }).join();
}

// Every thread in a timed wait, no CPU used, for `ms`: slow, not hung.
void Sleep(int ms) {
  std::mutex m;
  std::condition_variable never;
  std::thread sleeper(
      [ms] { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); });
  std::thread waiter([&] {
    std::unique_lock<std::mutex> hold(m);
    never.wait_for(hold, std::chrono::milliseconds(ms));
  });
  sleeper.join();
  waiter.join();
}

int shared_count = 0;  // raced on in the by-seed mode

// A failure chosen by the run's seed (the hunt's MT_PERTURB_SEED), so a hunt
// with a fixed seed sees the same mix of findings on every machine and in
// any split into shards.
void BySeed() {
  const char* seed = std::getenv("MT_PERTURB_SEED");
  switch (seed ? std::strtoull(seed, nullptr, 10) % 4 : 3) {
    case 0:
      Assert();
      break;
    case 1:
      ExitStatus();
      break;
    case 2: {
      std::thread a([] { ++shared_count; }), b([] { ++shared_count; });
      a.join();
      b.join();
      break;
    }
    default:
      break;  // a clean run
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "assert") {
    Assert();
  } else if (mode == "exit-status") {
    ExitStatus();
  } else if (mode == "killed") {
    Killed();
  } else if (mode == "trap") {
    Trap();
  } else if (mode == "sleep" && argc == 3) {
    Sleep(std::atoi(argv[2]));
  } else if (mode == "by-seed") {
    BySeed();
  } else {
    std::fprintf(stderr,
                 "usage: fail_target MODE\nmodes: assert exit-status killed "
                 "trap by-seed, sleep MS\n");
    return 2;
  }
  return 0;
}
