// Sockets, framed I/O and the HMAC challenge-response.
#include "workloads/remote/remote_conn.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "workloads/remote/hmac_sha256.h"

namespace mt::workloads {
namespace {

std::string Errno(const std::string& what) {
  return what + ": " + std::strerror(errno);
}

}  // namespace

int ListenLoopback(std::uint16_t port, std::string* error) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    *error = Errno("socket");
    return -1;
  }
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  // A backlog of 128 covers every worker the scenario starts at once.
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(fd, 128) != 0) {
    *error = Errno("bind/listen on 127.0.0.1:" + std::to_string(port));
    close(fd);
    return -1;
  }
  return fd;
}

std::uint16_t LocalPort(int fd) {
  sockaddr_in addr{};
  socklen_t len = sizeof addr;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return 0;
  return ntohs(addr.sin_port);
}

int ConnectTcp(const std::string& host, std::uint16_t port,
               std::string* error) {
  // A numeric address only: no resolver, which is not safe in a child
  // forked from a multithreaded process (the scenario's workers are).
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  if (inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1) {
    *error = "'" + host + "' is not an IPv4 address such as 127.0.0.1";
    return -1;
  }
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0 ||
      connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    *error = Errno("connect to " + host + ":" + std::to_string(port));
    if (fd >= 0) close(fd);
    return -1;
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

FrameConnection::~FrameConnection() {
  if (fd_ >= 0) close(fd_);
}

bool FrameConnection::SendRaw(const std::uint8_t* data, std::size_t size) {
  while (size > 0) {
    // MSG_NOSIGNAL: a vanished peer is an error to handle, not a SIGPIPE.
    ssize_t n = send(fd_, data, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= std::size_t(n);
  }
  return true;
}

bool FrameConnection::Send(const Message& message) {
  std::vector<std::uint8_t> frame = EncodeFrame(message);
  return SendRaw(frame.data(), frame.size());
}

FrameConnection::Status FrameConnection::Receive(Message* out) {
  // 64 KiB reads: a large task arrives in a few calls.
  std::uint8_t chunk[1 << 16];
  for (;;) {
    switch (decoder_.Next(out)) {
      case FrameDecoder::Status::kMessage:
        return Status::kMessage;
      case FrameDecoder::Status::kMalformed:
      case FrameDecoder::Status::kOversized:
        error_ = decoder_.error();
        return Status::kBadFrame;
      case FrameDecoder::Status::kNeedMore:
        break;
    }
    ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Status::kClosed;
    decoder_.Feed(chunk, std::size_t(n));
  }
}

bool ChallengePeer(FrameConnection& conn, const std::string& authkey) {
  Message challenge{.type = MessageType::kChallenge,
                    .bytes = std::vector<std::uint8_t>(kChallengeBytes)};
  if (getrandom(challenge.bytes.data(), kChallengeBytes, 0) !=
      ssize_t(kChallengeBytes))
    return false;
  Message answer;
  if (!conn.Send(challenge) ||
      conn.Receive(&answer) != FrameConnection::Status::kMessage ||
      answer.type != MessageType::kResponse)
    return false;
  const Sha256Digest expected = HmacSha256(AsBytes(authkey), challenge.bytes);
  return ConstantTimeEqual(expected, answer.bytes);
}

bool AnswerChallenge(FrameConnection& conn, const std::string& authkey) {
  Message challenge;
  if (conn.Receive(&challenge) != FrameConnection::Status::kMessage ||
      challenge.type != MessageType::kChallenge)
    return false;
  const Sha256Digest mac = HmacSha256(AsBytes(authkey), challenge.bytes);
  return conn.Send(
      {.type = MessageType::kResponse,
       .bytes = std::vector<std::uint8_t>(mac.begin(), mac.end())});
}

}  // namespace mt::workloads
