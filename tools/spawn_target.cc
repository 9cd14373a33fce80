// The tiny program the spawn scenario and its tests exec: exits at once (as
// lmbench's hello does), or with a given code or signal, or serves tasks.
// Usage: spawn_target [--exit CODE | --signal NUMBER | --task]
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "workloads/process/spawn_task.h"

namespace {

int Usage(const char* why) {
  fprintf(stderr,
          "spawn_target: %s\nusage: spawn_target [--exit CODE | --signal "
          "NUMBER | --task]\n  (no option)     exit 0 at once\n  --exit CODE"
          "     exit with CODE (0-255)\n  --signal NUMBER die by that signal "
          "(1-64)\n  --task          read tasks from stdin, write results to "
          "stdout\n",
          why);
  return 2;
}

// A whole decimal number in [low, high], or -1.
long Number(const char* text, long low, long high) {
  char* end = nullptr;
  long v = strtol(text, &end, 10);
  return (*text != '\0' && *end == '\0' && v >= low && v <= high) ? v : -1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 1) return 0;
  if (argc == 2 && strcmp(argv[1], "--task") == 0) {
    return mt::workloads::ServeSpawnTasks(STDIN_FILENO, STDOUT_FILENO);
  }
  if (argc == 3 && strcmp(argv[1], "--exit") == 0) {
    long code = Number(argv[2], 0, 255);
    return code < 0 ? Usage("--exit wants a code from 0 to 255")
                    : static_cast<int>(code);
  }
  if (argc == 3 && strcmp(argv[1], "--signal") == 0) {
    long sig = Number(argv[2], 1, 64);
    if (sig < 0) return Usage("--signal wants a signal number from 1 to 64");
    const rlimit no_core{0, 0};  // a deliberate death leaves no core file
    setrlimit(RLIMIT_CORE, &no_core);
    signal(static_cast<int>(sig), SIG_DFL);
    raise(static_cast<int>(sig));
    return Usage("the signal did not end the process");
  }
  return Usage("unknown arguments");
}
