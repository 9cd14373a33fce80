// Question: what does a bounded Queue between processes cost, by backend and
//   message size, next to the same queue between threads?
// Model: a producer process streams messages to the benchmark thread
//   (messages/s), or echoes each back (round trip); pipe, socket pair, POSIX
//   mqueue, shared-memory ring with futexes; a mutex+condvar queue between
//   threads; 64 B ... 64 KiB, maxsize 8 (1 for round trips).
// Expect: every backend delivers in order with nothing lost; the shared
//   ring needs no system call per message and leads; the kernel queues pay
//   one per put and get; large messages are bound by copying.
#include "harness/bench_names.h"
#include "harness/placement.h"
#include "harness/scenario.h"
#include "scenarios/ipc/support.h"
#include "workloads/process/peer.h"
#include "workloads/queues/message_queue.h"
#include "workloads/queues/queue_traffic.h"

namespace mt::scenarios {
namespace {
using namespace mt::harness;
using namespace mt::workloads;

// Streaming depth: 8 stays under the default fs.mqueue.msg_max (10).
constexpr std::size_t kDepth = 8;

// One iteration: the benchmark thread gets one message (throughput) or puts
// one and gets its echo (round trip); the peer handles exactly as many.
// Placement: this thread is worker 0 of 2, the peer (a child process, or a
// thread for the in-process queue) worker 1, pinned as it starts.
void Exchange(benchmark::State& state, const std::string& name,
              QueueBackend backend, std::size_t size, PinPolicy pin,
              bool round_trip) {
  Placement placed(name, pin, 2);
  const auto me = placed.PinCaller(0, "caller");
  std::unique_ptr<MessageQueue> there, back;
  // A round trip has one message in flight each way: depth 1 keeps two
  // 64 KiB POSIX queues within RLIMIT_MSGQUEUE (800 KiB by default).
  const std::size_t depth = round_trip ? 1 : kDepth;
  try {
    there = MakeQueue(backend, {depth, size});
    if (round_trip) back = MakeQueue(backend, {depth, size});
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());  // e.g. above the kernel's msgsize_max
    return;
  }
  const std::int64_t n = state.max_iterations;
  // Allocated before the peer starts: it may be a forked child.
  std::vector<std::byte> msg(size), buf(size), peer_buf(size);
  // The peer only makes queue calls: safe in a forked child.
  Peer peer(
      there->crosses_processes() ? Peer::Kind::kProcess : Peer::Kind::kThread,
      [&] {
        return round_trip ? Echo(*there, *back, n, peer_buf)
                          : ProduceStamped(*there, n, peer_buf);
      },
      placed.Hook(1, "peer"));
  MessageQueue& from = round_trip ? *back : *there;
  std::int64_t seq = 0, errors = 0;
  for (auto _ : state) {
    if (round_trip) {
      StampMessage(msg, seq);
      there->Put(msg);
    }
    errors += !MessageIntact(std::span(buf).first(from.Get(buf)), size, seq++);
  }
  errors += peer.Wait() != 0;
  state.counters["errors"] = double(errors);  // lost, repeated, torn
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * std::int64_t(size));
}

void Register(const ScenarioContext& ctx) {
  const auto sizes = ctx.quick
                         ? std::vector<long long>{64, 4096, 65536}
                         : std::vector<long long>{64, 1024, 4096, 16384, 65536};
  for (bool rt : {false, true}) {
    for (QueueBackend backend : kAllQueueBackends) {
      for (long long size : sizes) {
        for (PinPolicy pin : ctx.PinAxis()) {
          const std::string name =
              Name({"ipc", rt ? "roundtrip" : "throughput",
                    QueueBackendName(backend), Axis("size", size),
                    Axis("pin", PinPolicyName(pin))});
          benchmark::RegisterBenchmark(name.c_str(), [=](benchmark::State& s) {
            Exchange(s, name, backend, std::size_t(size), pin, rt);
          })->UseRealTime();
        }
      }
    }
  }
}

Outcome NothingLost(const Results& r) {
  auto all = r.Matching("^ipc/");
  if (all.empty()) throw MissingMeasurement("no ipc benchmark ran");
  double errors = 0;
  for (const Measurement* m : all) errors += m->CounterMax("errors");
  return Judge(errors == 0, Fmt(errors) + " lost, repeated or torn in " +
                                std::to_string(all.size()) +
                                " benchmarks (worst repetition of each)");
}

// Compared within each pin policy: placement moves round trips more than
// the backend does. Needs the machine's PUs free (needs_parallelism): a
// round trip waits for the peer's PU, which a busy machine does not give.
Outcome ThreadsCheaper(const Results& r) {
  std::string numbers;
  bool holds = true;
  for (std::string pin : {"compact", "scatter", "none"}) {
    const std::string at = "/size:64/pin:" + pin + "/";
    if (r.Matching("^ipc/roundtrip/in_process" + at).empty()) continue;
    auto us = [&](const std::string& backend) {
      return r.First("^ipc/roundtrip/" + backend + at).real_ns / 1000;
    };
    numbers += pin + ": in_process " + Fmt(us("in_process")) + " us";
    for (const char* backend : {"pipe", "socketpair", "mqueue"}) {
      holds &= us("in_process") < us(backend);
      numbers += std::string(", ") + backend + " " + Fmt(us(backend)) + " us";
    }
    numbers += "; ";
  }
  if (numbers.empty()) throw MissingMeasurement("no 64 B round trip measured");
  return Judge(holds, numbers);
}

}  // namespace

MT_SCENARIO(ipc) {
  return {
      .name = "ipc",
      .question = "what does a bounded queue between processes cost?",
      .register_benchmarks = Register,
      .claims = {{"What one process puts into a Queue, another gets, in order.",
                  "errors == 0 (no message lost, repeated, reordered or torn) "
                  "on every backend and size",
                  false, NothingLost},
                 {"Threads share globals and exchange data without any other "
                  "mechanism, which is better than processes.",
                  "round trip(in_process, 64 B) < round trip(pipe, socketpair, "
                  "mqueue, 64 B), per pin policy (shm_ring shares memory too)",
                  true, ThreadsCheaper}},
      .analyses = {{"fastest between processes", ipc::Fastest}},
      .hunt_filter = "",
      .starts_workers = "^ipc/"};
}

}  // namespace mt::scenarios
