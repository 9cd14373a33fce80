// Child-process supervision for `mtbench run`.
#include "harness/runner.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "harness/calibration.h"
#include "harness/interrupt.h"
#include "harness/results.h"
#include "harness/scenario.h"

namespace mt::harness {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> ChildArgs(const RunOptions& o, const std::string& self,
                                   const ScenarioRecord& rec,
                                   const MachineFacts& facts) {
  ChildOptions child = o.child;
  child.scenario = rec.name;
  child.benchmark_json = rec.benchmark_json;
  child.sidecar_json = rec.sidecar_json;
  child.facts = facts;
  std::vector<std::string> args = {self, "child"};
  for (std::string& a : child.ToArgs()) args.push_back(std::move(a));
  return args;
}

// Starts the child in its own process group (so a timeout can end its own
// children too) with stdout and stderr on one pipe.
pid_t StartChild(const std::vector<std::string>& args, int* out_fd) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return -1;
  pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    dup2(fds[1], STDOUT_FILENO);
    dup2(fds[1], STDERR_FILENO);
    std::vector<char*> argv;
    for (const std::string& a : args)
      argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(fds[1]);
  if (pid < 0) {
    close(fds[0]);
    return -1;
  }
  setpgid(pid, pid);  // also from the parent, so the group exists at once
  *out_fd = fds[0];
  return pid;
}

// Streams the child's output to the console and the log until it exits or
// its time runs out; fills in status and reason.
void Supervise(pid_t pid, int fd, double timeout, std::ofstream& log,
               ScenarioRecord& rec) {
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration<double>(timeout);
  bool killed_for_time = false, killed_for_interrupt = false;
  bool open = true;
  int status = 0;
  // Copies what the child wrote within `wait_ms`: 1 copied, 0 nothing came,
  // -1 end of output.
  auto pump = [&](int wait_ms) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, wait_ms) <= 0) return 0;
    char buf[4096];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) return -1;
    std::cout.write(buf, n).flush();
    log.write(buf, n).flush();
    return 1;
  };
  for (;;) {
    if (open) {
      open = pump(100) >= 0;
    } else {
      usleep(20000);
    }
    if (waitpid(pid, &status, WNOHANG) == pid) {
      // Drain what it wrote before exiting; stop at the first quiet moment,
      // since a grandchild it left behind may hold the pipe open.
      while (open && pump(0) > 0) {
      }
      break;
    }
    if (Interrupted() && !killed_for_interrupt) {
      killed_for_interrupt = true;
      kill(-pid, SIGINT);
    }
    if (!killed_for_time && Clock::now() > deadline) {
      killed_for_time = true;
      kill(-pid, SIGKILL);
    }
  }
  kill(-pid, SIGKILL);  // grandchildren the scenario left behind
  close(fd);
  rec.wall_seconds =
      std::chrono::duration<double>(Clock::now() - start).count();
  std::ostringstream why;
  if (killed_for_time) {
    rec.status = "timed out";
    why << "no result within the " << timeout << " s limit; killed";
  } else if (killed_for_interrupt) {
    rec.status = "interrupted";
    why << "stopped by the user";
  } else if (WIFSIGNALED(status)) {
    rec.status = "crashed";
    why << "killed by signal " << WTERMSIG(status) << " ("
        << strsignal(WTERMSIG(status)) << ")";
  } else if (WEXITSTATUS(status) != 0) {
    rec.status = "failed";
    why << "exited with status " << WEXITSTATUS(status);
  } else {
    rec.status = "ok";
  }
  rec.reason = why.str();
}

}  // namespace

int RunScenarios(const RunOptions& o, const std::string& self) {
  std::string error;
  std::string dir = MakeRunDirectory(o.out_root, &error);
  if (dir.empty()) {
    std::cerr << "mtbench: " << error << "\n";
    return 2;
  }
  CatchInterrupts();

  const Topology& topo = Topology::Machine();
  RunFacts facts{NowIso(),      o.command_line,      o.child.pins,
                 o.child.quick, o.child.repetitions, {},
                 topo.Summary()};
  std::cout << "mtbench: " << facts.topology.ToString() << "\n"
            << "calibrating: the same compute on 1 and on " << topo.Pus()
            << " PUs ..." << std::endl;
  facts.machine = Calibrate(topo, o.child.quick);
  std::cout << std::fixed << std::setprecision(2)
            << "calibration: parallel speedup "
            << facts.machine.parallel_speedup << " of " << facts.machine.pus
            << " PUs, load average " << facts.machine.load_average
            << (facts.machine.DeliversParallelism()
                    ? ""
                    : "  -> scaling claims will say 'not measurable here'")
            << "\nresults: " << dir << "\n"
            << std::endl;

  std::vector<ScenarioRecord> records;
  for (const std::string& name : o.scenarios) {
    records.push_back({name, "skipped", "not reached", 0,
                       dir + "/" + name + ".benchmark.json",
                       dir + "/" + name + ".claims.json"});
  }
  const double timeout =
      o.timeout_seconds > 0 ? o.timeout_seconds : (o.child.quick ? 120 : 900);
  std::ofstream log(dir + "/console.log");
  int exit_code = 0;
  for (size_t i = 0; i < records.size(); ++i) {
    ScenarioRecord& rec = records[i];
    if (Interrupted()) {
      rec.reason = "run interrupted before this scenario";
      continue;
    }
    const Scenario* s = FindScenario(rec.name);
    std::ostringstream head;
    head << "[" << i + 1 << "/" << records.size() << "] " << rec.name << " - "
         << (s ? s->question : "") << "\n";
    std::cout << head.str() << std::flush;
    log << head.str();
    int fd = -1;
    pid_t pid = StartChild(ChildArgs(o, self, rec, facts.machine), &fd);
    if (pid < 0) {
      rec.status = "failed";
      rec.reason = std::string("could not start the child: ") + strerror(errno);
    } else {
      Supervise(pid, fd, timeout, log, rec);
    }
    if (rec.status != "ok") {
      exit_code = 1;
      std::cout << "!! " << rec.name << ": " << rec.status << " - "
                << rec.reason << "\n";
    }
    WriteJsonAtomically(dir + "/run.json", MergeRun(facts, records));
    PointLatestAt(o.out_root, dir);
  }
  WriteJsonAtomically(dir + "/run.json", MergeRun(facts, records));
  PointLatestAt(o.out_root, dir);

  std::cout << "\n"
            << std::left << std::setw(14) << "scenario" << std::setw(13)
            << "status" << std::right << std::setw(9) << "seconds"
            << "  reason\n";
  for (const ScenarioRecord& r : records) {
    std::cout << std::left << std::setw(14) << r.name << std::setw(13)
              << r.status << std::right << std::setw(9) << std::setprecision(1)
              << r.wall_seconds << "  " << r.reason << "\n";
  }
  std::cout << "\nresults: " << dir << "/run.json" << std::endl;
  if (Interrupted()) return 130;
  return exit_code;
}

}  // namespace mt::harness
