// The named start methods, each checking how its task ended.
#include "workloads/process/start_methods.h"

#include <memory>
#include <stdexcept>

#include "workloads/pools/prestarted_pool.h"
#include "workloads/process/spawn.h"

namespace mt::workloads {
namespace {

// About 1 µs of compute: small enough that starting the task is what counts.
constexpr SpawnTask kTask{1000, 7, 0};

void Exit0(const ChildExit& how) {
  if (!how.exited || how.code != 0)
    throw std::runtime_error("child ended by " + how.ToString());
}

void Result(std::uint64_t got) {
  static const std::uint64_t want = RunSpawnTask(kTask);
  if (got != want) throw std::runtime_error("task returned a wrong result");
}

std::function<StartOp(const OnWorkerStart&)> Plain(StartOp op) {
  return [op](const OnWorkerStart&) { return op; };
}

}  // namespace

std::vector<StartMethod> StartMethods(const std::string& helper) {
  // One path and argv for every exec of the helper, owned by the operations.
  auto path = std::make_shared<std::string>(helper);
  auto argv = std::make_shared<std::vector<char*>>(
      std::vector<char*>{path->data(), nullptr});
  return {
      {"fork_exit", Plain([] { Exit0(ForkAndExit(0)); })},
      {"vfork_exit", Plain([] { Exit0(VforkAndExit(0)); })},
      {"clone_vm_vfork",
       Plain([] { Exit0(CloneVmAndRun([](void*) { return 0; }, nullptr)); })},
      {"fork_exec",
       Plain([path, argv] { Exit0(ForkExec(path->c_str(), argv->data())); })},
      {"posix_spawn", Plain([path, argv] {
         Exit0(PosixSpawnAndWait(path->c_str(), argv->data()));
       })},
      {"thread", Plain([] { ThreadCreateJoin([] {}); })},
      {"mp_spawn",
       Plain([path] { Result(RunInSpawnedHelper(path->c_str(), kTask)); })},
      {"mp_fork", Plain([] { Result(RunInForkedChild(kTask)); })},
      {"pool",
       [](const OnWorkerStart& on_start) {
         auto pool = std::make_shared<PrestartedPool>(1, on_start);
         return StartOp([pool] { Result(pool->Run(kTask)); });
       },
       1},
  };
}

}  // namespace mt::workloads
