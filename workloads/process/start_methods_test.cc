// Every start method runs its task to a clean end and leaves no child
// behind; a missing exec target is an error, not a silent success.
#include "workloads/process/start_methods.h"

#include <errno.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>

namespace mt::workloads {
namespace {

const char kHelper[] = MT_TOOLS_DIR "/spawn_target";

bool NoChildren() {
  return waitpid(-1, nullptr, WNOHANG) == -1 && errno == ECHILD;
}

TEST(StartMethods, EachStartsAndReapsItsTask) {
  std::set<std::string> names;
  for (const StartMethod& m : StartMethods(kHelper)) {
    names.insert(m.name);
    {
      StartOp op = m.prepare({});
      for (int i = 0; i < 3; ++i) EXPECT_NO_THROW(op()) << m.name;
    }
    EXPECT_TRUE(NoChildren()) << m.name << " left a child";
  }
  EXPECT_EQ(names.size(), 9u) << "names must be distinct";
}

// The pool's worker calls the hook in its own process before serving; the
// other methods start no worker that lasts.
TEST(StartMethods, PooledWorkersCallTheHookInTheirChild) {
  void* page = mmap(nullptr, 4096, PROT_READ | PROT_WRITE,
                    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(page, MAP_FAILED);
  auto* seen = static_cast<int*>(page);  // pid, worker, workers
  for (const StartMethod& m : StartMethods(kHelper)) {
    seen[0] = seen[1] = seen[2] = -1;
    {
      StartOp op = m.prepare([seen](int worker, int workers) {
        seen[0] = int(getpid());
        seen[1] = worker;
        seen[2] = workers;
      });
      op();  // the worker has started (and hooked) once it answered
    }
    if (m.pooled_workers == 0) {
      EXPECT_EQ(seen[0], -1) << m.name;
      continue;
    }
    EXPECT_EQ(m.pooled_workers, 1) << m.name;
    EXPECT_NE(seen[0], int(getpid())) << m.name;
    EXPECT_GT(seen[0], 0) << m.name;
    EXPECT_EQ(seen[1], 0) << m.name;
    EXPECT_EQ(seen[2], 1) << m.name;
  }
  munmap(page, 4096);
}

TEST(StartMethods, MissingHelperFailsLoudly) {
  for (const StartMethod& m : StartMethods("/nonexistent/spawn_target")) {
    const std::string name = m.name;
    if (name != "fork_exec" && name != "posix_spawn" && name != "mp_spawn")
      continue;
    StartOp op = m.prepare({});
    EXPECT_ANY_THROW(op()) << name;
  }
  EXPECT_TRUE(NoChildren());
}

}  // namespace
}  // namespace mt::workloads
