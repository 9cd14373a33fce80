// The farms (TaskMaster, Redis) and the fault drill.
#include "workloads/remote/remote_farm.h"

#include <signal.h>
#include <unistd.h>

#include <functional>
#include <map>
#include <string>

#include "workloads/process/forked.h"
#include "workloads/remote/remote_frame.h"
#include "workloads/remote/task_master.h"
#include "workloads/remote/task_worker.h"

namespace mt::workloads {
namespace {

// A result not back in 30 s means a dead worker or a bug, not a slow machine.
constexpr std::chrono::seconds kPatience(30);
const std::string kTasksKey = "mt:tasks", kResultsKey = "mt:results";

// The seeds draw numbers from 0..10000; a fixed series keeps runs equal.
std::vector<std::int64_t> Numbers(int count) {
  std::vector<std::int64_t> out(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) out[std::size_t(i)] = (i * 7919ll) % 10001;
  return out;
}

// Reaps the workers; kills them first when they may be stuck mid-batch.
void ReapAll(const std::vector<pid_t>& pids, bool kill_first) {
  for (pid_t pid : pids) {
    if (kill_first) kill(pid, SIGKILL);
    WaitChild(pid);
  }
}

// Forks `workers` processes running `work` after on_start(w, workers), each
// exiting 0 when it returned no error; false when a fork failed (the ones
// started are in `pids`).
bool ForkWorkers(int workers, const std::function<std::string()>& work,
                 const OnWorkerStart& on_start, std::vector<pid_t>* pids) {
  for (int w = 0; w < workers; ++w) {
    const pid_t pid = ForkChild([&, w] {
      CallWorkerHook(on_start, w, workers);
      return work().empty() ? 0 : 1;
    });
    if (pid < 0) return false;
    pids->push_back(pid);
  }
  return true;
}

class MasterFarm : public SquaresFarm {
 public:
  explicit MasterFarm(int numbers)
      : numbers_(Numbers(numbers)), squares_(SquareAll(numbers_)) {}
  ~MasterFarm() override {
    master_.Finish();
    ReapAll(pids_, !healthy_);
  }
  bool Start(int workers, const OnWorkerStart& on_start) {
    const std::uint16_t port = master_.port();
    return healthy_ = ForkWorkers(
               workers,
               [port] {
                 return RunWorker({.port = port, .authkey = kFarmAuthkey})
                     .error;
               },
               on_start, &pids_);
  }
  std::int64_t RunBatch(int count) override {
    for (int i = 0; i < count; ++i) master_.PutTask({next_id_++, numbers_});
    std::int64_t bad = 0;
    for (int i = 0; i < count; ++i) {
      Task r;
      if (!master_.GetResult(&r, kPatience)) {
        healthy_ = false;
        return bad + count - i;
      }
      bad += r.numbers != squares_;
    }
    return bad;
  }

 private:
  TaskMaster master_{kFarmAuthkey};
  const std::vector<std::int64_t> numbers_, squares_;
  std::vector<pid_t> pids_;
  std::uint64_t next_id_ = 0;
  bool healthy_ = true;
};

class RedisFarm : public SquaresFarm {
 public:
  explicit RedisFarm(int numbers)
      : numbers_(Numbers(numbers)), squares_(SquareAll(numbers_)) {}
  ~RedisFarm() override {
    // One empty element per worker: each leaves after the last task.
    std::vector<std::string> leave = {"LPUSH", kTasksKey};
    leave.resize(2 + pids_.size());
    RespValue reply;
    ReapAll(pids_, !healthy_ || !client_.Command(leave, &reply));
  }
  bool Start(const RedisServer& server, int workers, std::string* error,
             const OnWorkerStart& on_start) {
    RespValue reply;
    if (!client_.Connect(server.port(), kFarmAuthkey) ||
        !client_.Command({"DEL", kTasksKey, kResultsKey}, &reply)) {
      *error = client_.error();
      return false;
    }
    const std::uint16_t port = server.port();
    return healthy_ = ForkWorkers(
               workers,
               [port] {
                 return RunRedisWorker(port, kFarmAuthkey, kTasksKey,
                                       kResultsKey)
                     .error;
               },
               on_start, &pids_);
  }
  std::int64_t RunBatch(int count) override {
    // One LPUSH for the batch, as a user filling a queue would.
    std::vector<std::string> push = {"LPUSH", kTasksKey};
    for (int i = 0; i < count; ++i) {
      auto payload = EncodeTaskPayload(next_id_++, numbers_);
      push.emplace_back(payload.begin(), payload.end());
    }
    RespValue reply;
    if (!client_.Command(push, &reply)) return healthy_ = false, count;
    std::int64_t bad = 0;
    const std::string timeout = std::to_string(kPatience.count());
    for (int i = 0; i < count; ++i) {
      if (!client_.Command({"BRPOP", kResultsKey, timeout}, &reply) ||
          reply.items.size() != 2) {
        healthy_ = false;
        return bad + count - i;
      }
      const std::string& e = reply.items[1].text;
      Task r;
      bad += !DecodeTaskPayload(reinterpret_cast<const std::uint8_t*>(e.data()),
                                e.size(), &r.id, &r.numbers) ||
             r.numbers != squares_;
    }
    return bad;
  }

 private:
  RespClient client_;
  const std::vector<std::int64_t> numbers_, squares_;
  std::vector<pid_t> pids_;
  std::uint64_t next_id_ = 0;
  bool healthy_ = true;
};

}  // namespace

std::unique_ptr<SquaresFarm> StartMasterFarm(int workers, int numbers,
                                             std::string* error,
                                             const OnWorkerStart& on_start) {
  auto farm = std::make_unique<MasterFarm>(numbers);
  if (farm->Start(workers, on_start)) return farm;
  *error = "fork of a worker failed";
  return nullptr;
}

std::unique_ptr<SquaresFarm> StartRedisFarm(const RedisServer& server,
                                            int workers, int numbers,
                                            std::string* error,
                                            const OnWorkerStart& on_start) {
  auto farm = std::make_unique<RedisFarm>(numbers);
  if (farm->Start(server, workers, error, on_start)) return farm;
  if (error->empty()) *error = "fork of a worker failed";
  return nullptr;
}

FaultReport RunFaultDrill(int tasks, const OnWorkerStart& on_start) {
  FaultReport report;
  TaskMaster master(kFarmAuthkey);
  const std::uint16_t port = master.port();
  for (int i = 0; i < tasks; ++i) master.PutTask({std::uint64_t(i), {i}});
  master.Finish();  // requeued tasks still go out: see TaskMaster::Finish
  report.wrong_key_refused =
      !RunWorker({.port = port, .authkey = "hello"}).authenticated;
  // Probes run before any worker is forked: a child inheriting the
  // master's end of a probe's socket would keep it open.
  const std::vector<std::vector<std::uint8_t>> bad_frames = {
      {0, 0, 0, 1, 99},          // unknown message type
      {0x7f, 0xff, 0xff, 0xff},  // 2 GiB announced: over the limit
      {0, 0, 0, 3, 6, 1, 2},     // a task too short for its id
  };
  for (const auto& frame : bad_frames) {
    ++report.probes;
    report.probes_dropped += MasterDropsAfter(port, kFarmAuthkey, frame);
  }
  int holding[2];
  if (pipe(holding) != 0) return report.error = "pipe failed", report;
  const int hold_fd = holding[1];
  pid_t doomed = ForkChild([port, hold_fd, &on_start] {
    CallWorkerHook(on_start, 0, kDrillWorkers);
    RunWorker({.port = port,
               .authkey = kFarmAuthkey,
               .hold_after_tasks = 3,
               .on_hold = [hold_fd] {
                 char byte = 1;
                 (void)!write(hold_fd, &byte, 1);
                 pause();  // holding its task until killed
               }});
    return 1;
  });
  close(holding[1]);
  char byte = 0;
  if (doomed > 0 && read(holding[0], &byte, 1) == 1) {
    kill(doomed, SIGKILL);
    const int status = WaitChild(doomed);
    report.worker_killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  } else if (doomed > 0) {
    WaitChild(doomed);
  }
  close(holding[0]);
  std::vector<pid_t> survivors;
  for (int w = 0; w < kDrillWorkers - 1; ++w) {
    survivors.push_back(ForkChild([port, w, &on_start] {
      CallWorkerHook(on_start, 1 + w, kDrillWorkers);
      return int(
          RunWorker({.port = port, .authkey = kFarmAuthkey}).error.size());
    }));
  }
  std::map<std::uint64_t, int> seen;
  Task r;
  for (int i = 0; i < tasks && master.GetResult(&r, kPatience); ++i) {
    const auto n = std::int64_t(r.id);
    report.wrong += r.numbers != std::vector<std::int64_t>{n * n};
    report.duplicated += ++seen[r.id] > 1;
  }
  report.lost = tasks - std::int64_t(seen.size());
  ReapAll(survivors, report.lost > 0);
  report.requeued = master.Stats().requeued;
  return report;
}

}  // namespace mt::workloads
