// The `async` scenario's I/O-bound tasks: each task talks over its own socket
// pair to a slow peer that echoes every message after a delay. Three ways to
// serve N such tasks: one thread with epoll, one thread per task, a fixed
// pool of threads; and the delayed-echo peer itself (one epoll thread).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mt::workloads {

enum class ServeModel { kEpoll, kThreadPerTask, kFixedPool };

struct EchoConfig {
  int rounds = 4;                         // request/echo exchanges per task
  std::chrono::microseconds delay{1000};  // the peer's delay per echo
  // Thread-per-task stacks: the task's frames need a few hundred bytes, so
  // 64 KiB (not glibc's 8 MiB default) leaves room for libc and sanitizers.
  std::size_t thread_stack_bytes = 64 << 10;
  int pool_threads = 8;  // kFixedPool
};

// Messages are 64 bytes: the task, the round, and filler the echo must
// return intact.
inline constexpr std::size_t kEchoMessageBytes = 64;

// Socket pairs (AF_UNIX, SOCK_SEQPACKET: one message per read): `server`
// ends for a model, `peer` ends for the echo. Empty with `error` set when
// the process runs out of descriptors; nothing is leaked then.
struct SocketPairs {
  std::vector<int> server, peer;
};
SocketPairs MakeSocketPairs(int count, std::string* error);

struct ServeResult {
  std::int64_t rounds_done = 0;  // echoes received intact
  std::int64_t bad_echoes = 0;   // echoes that did not match the request
  int threads = 0;               // threads the model started
  std::string error{};           // why it could not serve (e.g. no threads)
};

// A model set up and waiting: Start() creates its threads (or epoll set)
// without sending anything; Serve() lets every task run and returns when
// all are done. Each task closes its fd when done, which the peer sees.
// Thread safety: one thread calls Start then Serve.
class EchoServer {
 public:
  virtual ~EchoServer() = default;
  virtual bool Start(std::string* error) = 0;
  virtual ServeResult Serve() = 0;
};
std::unique_ptr<EchoServer> MakeEchoServer(ServeModel model,
                                           std::vector<int> fds,
                                           const EchoConfig& config);

// The slow peer: echoes each message after `delay`, on the calling thread,
// until every fd has been closed by its task. Returns messages echoed.
std::int64_t RunDelayedEcho(const std::vector<int>& fds,
                            std::chrono::microseconds delay);

}  // namespace mt::workloads
