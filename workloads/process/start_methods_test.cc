// Every start method runs its task to a clean end and leaves no child
// behind; a missing exec target is an error, not a silent success.
#include "workloads/process/start_methods.h"

#include <errno.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

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
      StartOp op = m.prepare();
      for (int i = 0; i < 3; ++i) EXPECT_NO_THROW(op()) << m.name;
    }
    EXPECT_TRUE(NoChildren()) << m.name << " left a child";
  }
  EXPECT_EQ(names.size(), 9u) << "names must be distinct";
}

TEST(StartMethods, MissingHelperFailsLoudly) {
  for (const StartMethod& m : StartMethods("/nonexistent/spawn_target")) {
    const std::string name = m.name;
    if (name != "fork_exec" && name != "posix_spawn" && name != "mp_spawn")
      continue;
    StartOp op = m.prepare();
    EXPECT_ANY_THROW(op()) << name;
  }
  EXPECT_TRUE(NoChildren());
}

}  // namespace
}  // namespace mt::workloads
