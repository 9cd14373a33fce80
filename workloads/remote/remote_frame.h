// The remote master's wire format: length-prefixed frames carrying the
// authkey handshake, task requests, tasks and results. The decoder is the
// code that sees untrusted bytes first; it is fuzzed (tests/remote_fuzz.cmake).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mt::workloads {

// A frame: 4-byte big-endian body length, then the body: 1 type byte and the
// payload. Bodies over kMaxFrameBody are refused before anything is
// buffered, so a peer cannot make the master allocate at will. 1 MiB holds a
// task of 131,000 numbers, beyond the largest size the scenario sends.
inline constexpr std::size_t kFrameHeader = 4;
inline constexpr std::size_t kMaxFrameBody = 1 << 20;
inline constexpr std::size_t kChallengeBytes = 32;  // as Python's managers

enum class MessageType : std::uint8_t {
  kChallenge = 1,  // payload: kChallengeBytes random bytes
  kResponse,       // payload: HMAC-SHA256(authkey, challenge), 32 bytes
  kWelcome,        // empty: the response was right
  kRefused,        // empty: it was not; the connection closes
  kGetTask,        // empty: a worker asks for a task
  kTask,           // payload: 8-byte id, then 8-byte numbers (big-endian)
  kResult,         // same layout as kTask: the squares
  kNoMoreTasks,    // empty: the master has finished; the worker leaves
};

struct Message {
  MessageType type = MessageType::kGetTask;
  std::vector<std::uint8_t> bytes{};    // kChallenge, kResponse
  std::uint64_t task_id = 0;            // kTask, kResult
  std::vector<std::int64_t> numbers{};  // kTask, kResult

  bool operator==(const Message&) const = default;
};

// The whole frame for `message`, header included.
std::vector<std::uint8_t> EncodeFrame(const Message& message);
// The payload layout of kTask / kResult alone (id and numbers), which the
// Redis reference stores as a list element.
std::vector<std::uint8_t> EncodeTaskPayload(
    std::uint64_t id, const std::vector<std::int64_t>& numbers);
bool DecodeTaskPayload(const std::uint8_t* data, std::size_t size,
                       std::uint64_t* id, std::vector<std::int64_t>* numbers);

// Splits a byte stream into messages. Thread safety: one per connection,
// used by one thread at a time.
class FrameDecoder {
 public:
  enum class Status { kNeedMore, kMessage, kMalformed, kOversized };

  void Feed(const std::uint8_t* data, std::size_t size);
  // The next complete message, if any. After kMalformed or kOversized the
  // stream is unusable (error() says why) and the connection must close.
  Status Next(Message* out);
  const std::string& error() const { return error_; }
  std::size_t buffered() const { return buffer_.size() - start_; }

 private:
  Status Fail(Status status, std::string why);
  std::vector<std::uint8_t> buffer_;
  std::size_t start_ = 0;  // consumed prefix, dropped lazily
  std::string error_;
  bool failed_ = false;
};

}  // namespace mt::workloads
