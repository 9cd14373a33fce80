// The reference a user would otherwise pick for the remote master: a Redis
// list as the task queue and another as the result queue. A RESP client
// (no hiredis), a redis-server started on loopback, and the squaring worker.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mt::workloads {

struct RespValue {
  enum class Kind { kSimple, kError, kInteger, kBulk, kNull, kArray };
  Kind kind = Kind::kNull;
  std::string text;  // kSimple, kError, kBulk
  long long integer = 0;
  std::vector<RespValue> items{};  // kArray
};

// A command as RESP sends it: an array of bulk strings.
std::string EncodeCommand(const std::vector<std::string>& args);
enum class RespParse { kNeedMore, kValue, kBad };
// Parses one reply starting at *pos; on kValue advances *pos past it.
RespParse ParseReply(const std::string& buffer, std::size_t* pos,
                     RespValue* out);

// One connection to a Redis server. Thread safety: one thread at a time.
class RespClient {
 public:
  ~RespClient();
  // Connects to 127.0.0.1:`port` and, if `password` is not empty, AUTHs.
  bool Connect(std::uint16_t port, const std::string& password);
  // Sends one command and waits for its reply; false on I/O or protocol
  // errors (error() says which). A Redis error reply is a reply: kError.
  bool Command(const std::vector<std::string>& args, RespValue* reply);
  const std::string& error() const { return error_; }

 private:
  int fd_ = -1;
  std::string buffer_;
  std::string error_;
};

// A redis-server child on 127.0.0.1, a free port, no persistence, with
// `password` required. It dies with the thread that started it
// (PR_SET_PDEATHSIG), so a killed scenario leaves no server behind.
class RedisServer {
 public:
  // nullptr with `error` set when redis-server is not on PATH or will not
  // start.
  static std::unique_ptr<RedisServer> Start(const std::string& password,
                                            std::string* error);
  ~RedisServer();  // SIGTERM, then reaped
  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }  // e.g. to pin it

 private:
  RedisServer(pid_t pid, std::uint16_t port) : pid_(pid), port_(port) {}
  pid_t pid_;
  std::uint16_t port_;
};

// The worker over Redis: BRPOP a task from `tasks_key`, LPUSH its squares
// to `results_key`; an empty element is the signal to leave.
struct RedisWorkerOutcome {
  std::int64_t tasks_done = 0;
  std::string error;
};
RedisWorkerOutcome RunRedisWorker(std::uint16_t port,
                                  const std::string& password,
                                  const std::string& tasks_key,
                                  const std::string& results_key);

}  // namespace mt::workloads
