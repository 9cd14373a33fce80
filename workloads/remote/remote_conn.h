// TCP plumbing shared by the remote master, its workers and their tests:
// loopback listening, connecting, one framed connection, and the authkey
// challenge-response of Python's multiprocessing managers (HMAC-SHA256).
#pragma once

#include <cstdint>
#include <string>

#include "workloads/remote/remote_frame.h"

namespace mt::workloads {

// A socket listening on 127.0.0.1:`port` (0: the kernel picks a free port);
// -1 with `error` set on failure.
int ListenLoopback(std::uint16_t port, std::string* error);
std::uint16_t LocalPort(int fd);  // the port a socket is bound to, 0 on error
// A TCP socket connected to IPv4 address `host` (TCP_NODELAY: frames are
// small and answered at once), or -1 with `error` set.
int ConnectTcp(const std::string& host, std::uint16_t port, std::string* error);

// One connection: owns `fd`, sends whole frames, receives whole messages.
// Thread safety: one thread at a time, except Shutdown(), which any thread
// may call to wake a blocked Receive().
class FrameConnection {
 public:
  enum class Status { kMessage, kClosed, kBadFrame };

  explicit FrameConnection(int fd) : fd_(fd) {}
  ~FrameConnection();
  FrameConnection(const FrameConnection&) = delete;
  FrameConnection& operator=(const FrameConnection&) = delete;

  bool Send(const Message& message);  // false when the peer is gone
  Status Receive(Message* out);       // blocks until a message or the end
  // Bytes on the wire that are no frame at all, for tests of the master.
  bool SendRaw(const std::uint8_t* data, std::size_t size);
  const std::string& error() const { return error_; }  // after kBadFrame
  int fd() const { return fd_; }

 private:
  int fd_;
  FrameDecoder decoder_;
  std::string error_;
};

// Challenges the peer: sends random bytes and checks that the answer is
// their HMAC under `authkey`, comparing in constant time.
bool ChallengePeer(FrameConnection& conn, const std::string& authkey);
// Answers the peer's challenge with the HMAC under `authkey`.
bool AnswerChallenge(FrameConnection& conn, const std::string& authkey);

}  // namespace mt::workloads
