// The worker's loop: handshake both ways, then ask, square, answer.
#include "workloads/remote/task_worker.h"

#include "workloads/remote/remote_conn.h"

namespace mt::workloads {

std::vector<std::int64_t> SquareAll(const std::vector<std::int64_t>& numbers) {
  std::vector<std::int64_t> out(numbers.size());
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    const auto n = std::uint64_t(numbers[i]);
    out[i] = std::int64_t(n * n);
  }
  return out;
}

namespace {

enum class Handshake { kDone, kRefused, kImpostor };

Handshake Authenticate(FrameConnection& conn, const std::string& authkey) {
  Message m;
  if (!AnswerChallenge(conn, authkey) ||
      conn.Receive(&m) != FrameConnection::Status::kMessage ||
      m.type != MessageType::kWelcome)
    return Handshake::kRefused;
  // Python's managers authenticate both ways: the master must know the key
  // too, or an impostor could collect our results.
  return ChallengePeer(conn, authkey) ? Handshake::kDone : Handshake::kImpostor;
}

}  // namespace

bool MasterDropsAfter(std::uint16_t port, const std::string& authkey,
                      const std::vector<std::uint8_t>& bytes) {
  std::string error;
  int fd = ConnectTcp("127.0.0.1", port, &error);
  if (fd < 0) return false;
  FrameConnection conn(fd);
  Message m;
  return Authenticate(conn, authkey) == Handshake::kDone &&
         conn.SendRaw(bytes.data(), bytes.size()) &&
         conn.Receive(&m) == FrameConnection::Status::kClosed;
}

WorkerOutcome RunWorker(const WorkerOptions& o) {
  WorkerOutcome outcome;
  int fd = ConnectTcp(o.host, o.port, &outcome.error);
  if (fd < 0) return outcome;
  FrameConnection conn(fd);
  switch (Authenticate(conn, o.authkey)) {
    case Handshake::kRefused:
      outcome.error = "the master refused our authkey";
      return outcome;
    case Handshake::kImpostor:
      outcome.authenticated = true;
      outcome.error = "the master failed our challenge";
      return outcome;
    case Handshake::kDone:
      outcome.authenticated = true;
  }
  Message m;
  for (;;) {
    if (!conn.Send({.type = MessageType::kGetTask}) ||
        conn.Receive(&m) != FrameConnection::Status::kMessage) {
      outcome.error = "connection to the master lost";
      return outcome;
    }
    if (m.type == MessageType::kNoMoreTasks) return outcome;
    if (m.type != MessageType::kTask) {
      outcome.error = "unexpected message from the master";
      return outcome;
    }
    if (o.hold_after_tasks > 0 &&
        outcome.tasks_done + 1 == o.hold_after_tasks) {
      if (o.on_hold) o.on_hold();
      outcome.error = "held mid-task (fault injection)";
      return outcome;
    }
    if (!conn.Send({.type = MessageType::kResult,
                    .task_id = m.task_id,
                    .numbers = SquareAll(m.numbers)})) {
      outcome.error = "connection to the master lost";
      return outcome;
    }
    ++outcome.tasks_done;
  }
}

}  // namespace mt::workloads
