// RESP2 encoding and parsing, the redis-server child, the Redis worker.
#include "workloads/remote/redis_queue.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <thread>

#include "workloads/process/exec_path.h"
#include "workloads/process/forked.h"
#include "workloads/remote/remote_conn.h"
#include "workloads/remote/remote_frame.h"
#include "workloads/remote/task_master.h"
#include "workloads/remote/task_worker.h"

namespace mt::workloads {
namespace {

// Redis's own limit on a bulk string (proto-max-bulk-len default).
constexpr long long kMaxBulk = 512ll << 20;

bool ParseInteger(std::string_view text, long long* out) {
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::string EncodeCommand(const std::vector<std::string>& args) {
  std::string out = "*";
  out.append(std::to_string(args.size())).append("\r\n");
  for (const std::string& a : args) {
    out.append("$").append(std::to_string(a.size())).append("\r\n");
    out.append(a).append("\r\n");
  }
  return out;
}

RespParse ParseReply(const std::string& b, std::size_t* pos, RespValue* out) {
  std::size_t p = *pos;
  const std::size_t eol = b.find("\r\n", p);
  if (p >= b.size() || eol == std::string::npos) return RespParse::kNeedMore;
  const char kind = b[p];
  const std::string_view line(b.data() + p + 1, eol - p - 1);
  p = eol + 2;
  RespValue v;
  long long n = 0;
  if (kind == '+' || kind == '-') {
    v.kind = kind == '+' ? RespValue::Kind::kSimple : RespValue::Kind::kError;
    v.text = line;
  } else if (kind == ':') {
    if (!ParseInteger(line, &v.integer)) return RespParse::kBad;
    v.kind = RespValue::Kind::kInteger;
  } else if (kind == '$' || kind == '*') {
    if (!ParseInteger(line, &n) || n < -1 || n > kMaxBulk)
      return RespParse::kBad;
    if (n >= 0 && kind == '$') {
      if (b.size() < p + std::size_t(n) + 2) return RespParse::kNeedMore;
      if (b.compare(p + std::size_t(n), 2, "\r\n") != 0) return RespParse::kBad;
      v.kind = RespValue::Kind::kBulk;
      v.text = b.substr(p, std::size_t(n));
      p += std::size_t(n) + 2;
    } else if (n >= 0) {
      v.kind = RespValue::Kind::kArray;
      v.items.resize(std::size_t(n));
      for (RespValue& item : v.items) {
        RespParse r = ParseReply(b, &p, &item);
        if (r != RespParse::kValue) return r;
      }
    }  // n == -1: the null bulk string or array
  } else {
    return RespParse::kBad;
  }
  *out = std::move(v);
  *pos = p;
  return RespParse::kValue;
}

RespClient::~RespClient() {
  if (fd_ >= 0) close(fd_);
}

bool RespClient::Connect(std::uint16_t port, const std::string& password) {
  fd_ = ConnectTcp("127.0.0.1", port, &error_);
  if (fd_ < 0) return false;
  RespValue reply;
  if (password.empty()) return true;
  if (!Command({"AUTH", password}, &reply)) return false;
  if (reply.kind == RespValue::Kind::kError) error_ = "AUTH: " + reply.text;
  return reply.kind == RespValue::Kind::kSimple;
}

bool RespClient::Command(const std::vector<std::string>& args,
                         RespValue* reply) {
  const std::string request = EncodeCommand(args);
  if (send(fd_, request.data(), request.size(), MSG_NOSIGNAL) !=
      ssize_t(request.size())) {
    error_ = "send to redis-server failed";
    return false;
  }
  char chunk[1 << 16];  // 64 KiB reads: a large result in a few calls
  for (;;) {
    std::size_t pos = 0;
    switch (ParseReply(buffer_, &pos, reply)) {
      case RespParse::kValue:
        buffer_.erase(0, pos);
        return true;
      case RespParse::kBad:
        error_ = "malformed reply from redis-server";
        return false;
      case RespParse::kNeedMore:
        break;
    }
    ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) {
      error_ = "redis-server closed the connection";
      return false;
    }
    buffer_.append(chunk, std::size_t(n));
  }
}

std::unique_ptr<RedisServer> RedisServer::Start(const std::string& password,
                                                std::string* error) {
  const std::string binary = FindOnPath("redis-server");
  if (binary.empty()) {
    *error = "redis-server not found on PATH (Debian package redis-server)";
    return nullptr;
  }
  // The free port is found by binding port 0 and closing it; another
  // process may take it in between, so a failed start is retried.
  for (int attempt = 0; attempt < 3; ++attempt) {
    int probe = ListenLoopback(0, error);
    if (probe < 0) return nullptr;
    const std::uint16_t port = LocalPort(probe);
    close(probe);
    const std::string port_text = std::to_string(port);
    // Only async-signal-safe calls between fork and exec: the parent may
    // have other threads holding locks. ForkChild ties it to our life.
    pid_t pid = ForkChild([&] {
      int null_fd = open("/dev/null", O_WRONLY);
      if (null_fd >= 0) dup2(null_fd, STDOUT_FILENO);
      execl(binary.c_str(), "redis-server", "--bind", "127.0.0.1", "--port",
            port_text.c_str(), "--save", "", "--appendonly", "no",
            "--requirepass", password.c_str(), "--dir", "/tmp", "--loglevel",
            "warning", static_cast<char*>(nullptr));
      return 127;
    });
    if (pid < 0) {
      *error = "fork failed";
      return nullptr;
    }
    std::unique_ptr<RedisServer> server(new RedisServer(pid, port));
    // Up to 5 s for it to answer PING: start-up takes milliseconds.
    for (int wait = 0; wait < 500; ++wait) {
      RespClient probe_client;
      RespValue pong;
      if (probe_client.Connect(port, password) &&
          probe_client.Command({"PING"}, &pong) && pong.text == "PONG")
        return server;
      if (waitpid(pid, nullptr, WNOHANG) == pid) {  // it gave up (port taken)
        server->pid_ = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  *error = "redis-server did not start on 127.0.0.1 after 3 attempts";
  return nullptr;
}

RedisServer::~RedisServer() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  WaitChild(pid_);
}

RedisWorkerOutcome RunRedisWorker(std::uint16_t port,
                                  const std::string& password,
                                  const std::string& tasks_key,
                                  const std::string& results_key) {
  RedisWorkerOutcome outcome;
  RespClient client;
  if (!client.Connect(port, password)) {
    outcome.error = client.error();
    return outcome;
  }
  for (RespValue reply;;) {
    if (!client.Command({"BRPOP", tasks_key, "0"}, &reply) ||
        reply.items.size() != 2) {
      outcome.error = "BRPOP failed: " + client.error() + reply.text;
      return outcome;
    }
    const std::string& element = reply.items[1].text;
    if (element.empty()) return outcome;  // told to leave
    Task task;
    if (!DecodeTaskPayload(
            reinterpret_cast<const std::uint8_t*>(element.data()),
            element.size(), &task.id, &task.numbers)) {
      outcome.error = "malformed task in " + tasks_key;
      return outcome;
    }
    std::vector<std::uint8_t> result =
        EncodeTaskPayload(task.id, SquareAll(task.numbers));
    if (!client.Command(
            {"LPUSH", results_key, std::string(result.begin(), result.end())},
            &reply)) {
      outcome.error = client.error();
      return outcome;
    }
    ++outcome.tasks_done;
  }
}

}  // namespace mt::workloads
