// Tests for what of a stack is the program's own: user frames, the own call
// chain a signature reads, key frames, short names.
#include "harness/tsan_report_frames.h"

#include <gtest/gtest.h>

namespace mt::harness {
namespace {

Frame F(const std::string& function, const std::string& file, int line,
        const std::string& module) {
  return {function, file, line, module};
}

// A report's stack as TSan prints it for a helper chain called from a
// std::thread: interceptor, <mutex> header frames, three user frames, a
// caller, std::thread's header frames, then libstdc++.
Stack HelperStack() {
  return {"Mutex M1 acquired here while holding mutex M0 in thread T1",
          {F("pthread_mutex_lock", "", 0, "prog"),
           F("std::mutex::lock()", "/usr/include/c++/12/bits/std_mutex.h", 100,
             "prog"),
           F("Acquire(Account&)", "/src/bank.cc", 10, "prog"),
           F("LockBoth(Account&, Account&)", "/src/bank.cc", 13, "prog"),
           F("Transfer(Account&, Account&)", "/src/bank.cc", 17, "prog"),
           F("std::__invoke_impl<...>", "/usr/include/c++/12/bits/invoke.h", 61,
             "prog"),
           F("PayRent()", "/src/bank.cc", 30, "prog"),
           F("std::thread::_State_impl<...>::_M_run()",
             "/usr/include/c++/12/bits/std_thread.h", 210, "prog"),
           F("<null>", "", 0, "libstdc++.so.6"),
           F("start_thread", "nptl/pthread_create.c", 442, "libc.so.6"),
           F("main", "/src/bank.cc", 99, "prog")},
          true};
}

TEST(OwnFrames, UserFramesFromTheFirstToASystemLibrary) {
  std::vector<Frame> own = OwnFrames(HelperStack(), 8);
  ASSERT_EQ(own.size(), 4u);  // header frames skipped; main is past libc
  EXPECT_EQ(own[0].function, "Acquire(Account&)");
  EXPECT_EQ(own[3].function, "PayRent()");
  EXPECT_EQ(OwnFrames(HelperStack(), 2).size(), 2u);
}

TEST(OwnFrames, GdbLibcSourcesAreSystemFrames) {
  // gdb names glibc's frames by its relative source paths, not a module.
  Stack s{"Thread 2",
          {F("futex_wait", "../sysdeps/nptl/futex-internal.h", 146, ""),
           F("Worker()", "/src/a.cc", 5, ""),
           F("start_thread", "./nptl/pthread_create.c", 442, ""),
           F("main", "/src/a.cc", 9, "")},
          true};
  std::vector<Frame> own = OwnFrames(s, 8);
  ASSERT_EQ(own.size(), 1u);
  EXPECT_EQ(own[0].function, "Worker()");
}

TEST(IsUserFrame, NeedsALineOutsideTheSystem) {
  EXPECT_TRUE(IsUserFrame(F("f", "/src/a.cc", 3, "prog")));
  EXPECT_FALSE(IsUserFrame(F("f", "/src/a.cc", 0, "prog")));
  EXPECT_FALSE(IsUserFrame(F("f", "/usr/include/x.h", 3, "prog")));
  EXPECT_FALSE(IsUserFrame(F("f", "nptl/x.c", 3, "libc.so.6")));
  EXPECT_FALSE(IsUserFrame(
      F("f", "/llvm/compiler-rt/lib/tsan/rtl/tsan_rtl.cpp", 3, "prog")));
}

TEST(KeyFrames, FallsBackToNamedFramesWithoutDebugInfo) {
  Stack s{"", {{"<null>", "", 0, "a.out"}, {"Foo()", "", 0, "a.out"}}, true};
  EXPECT_EQ(KeyFrames(s), (std::vector<std::string>{"Foo() (a.out)"}));
}

TEST(DescribeFrame, ShortOrFull) {
  const Frame f = F("ns::Bank::Transfer(int)", "/src/bank.cc", 17, "prog");
  EXPECT_EQ(DescribeFrame(f, false), "ns::Bank::Transfer(int) bank.cc:17");
  EXPECT_EQ(DescribeFrame(f, true), "Bank::Transfer bank.cc:17");
  EXPECT_EQ(DescribeFrame(F("g", "", 0, "lib.so"), true), "g (lib.so)");
}

TEST(ShortFunctionName, KeepsTheLastTwoScopes) {
  EXPECT_EQ(ShortFunctionName("mt::workloads::RacyCounter::Increment()"),
            "RacyCounter::Increment");
  EXPECT_EQ(ShortFunctionName(
                "void mt::scenarios::(anonymous namespace)::AddShared<mt::"
                "workloads::RacyCounter>(mt::harness::ScenarioContext "
                "const&)::'lambda'(mt::workloads::RacyCounter&, "
                "int)::operator()(mt::workloads::RacyCounter&, int) const"),
            "'lambda'::operator()");
  EXPECT_EQ(ShortFunctionName("(anonymous namespace)::Peek()"), "Peek");
  EXPECT_EQ(ShortFunctionName("main"), "main");
  EXPECT_EQ(ShortFunctionName("operator delete(void*)"), "operator delete");
}

}  // namespace
}  // namespace mt::harness
