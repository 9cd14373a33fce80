// libFuzzer target for the remote master's frame decoder: whatever the bytes
// and however they are chunked, the decoder never reads out of bounds, and
// every message it accepts is well formed for its type and re-encodes to
// exactly the bytes it consumed.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "workloads/remote/remote_frame.h"

using mt::workloads::EncodeFrame;
using mt::workloads::FrameDecoder;
using mt::workloads::kChallengeBytes;
using mt::workloads::kFrameHeader;
using mt::workloads::kMaxFrameBody;
using mt::workloads::Message;
using mt::workloads::MessageType;

namespace {

// What each accepted type may carry; anything else is a decoder bug.
bool WellFormed(const Message& m) {
  switch (m.type) {
    case MessageType::kChallenge:
    case MessageType::kResponse:
      return m.bytes.size() == kChallengeBytes && m.numbers.empty();
    case MessageType::kTask:
    case MessageType::kResult:
      return m.bytes.empty();
    case MessageType::kWelcome:
    case MessageType::kRefused:
    case MessageType::kGetTask:
    case MessageType::kNoMoreTasks:
      return m.bytes.empty() && m.numbers.empty() && m.task_id == 0;
  }
  return false;  // a type outside the enum
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  if (size == 0) return 0;
  // The first byte picks the chunk size, so the fuzzer also explores frames
  // split across reads at every offset (1 to 16 bytes a read).
  const std::size_t chunk = data[0] % 16 + 1;
  const std::uint8_t* stream = data + 1;
  const std::size_t length = size - 1;
  FrameDecoder decoder;
  std::vector<std::uint8_t> reencoded;
  bool failed = false;
  for (std::size_t at = 0; at < length && !failed; at += chunk) {
    decoder.Feed(stream + at, std::min(chunk, length - at));
    for (Message m;;) {
      FrameDecoder::Status status = decoder.Next(&m);
      if (status == FrameDecoder::Status::kNeedMore) break;
      if (status != FrameDecoder::Status::kMessage) {
        if (decoder.error().empty()) std::abort();  // a refusal says why
        failed = true;
        break;
      }
      if (!WellFormed(m)) std::abort();
      std::vector<std::uint8_t> frame = EncodeFrame(m);
      if (frame.size() > kFrameHeader + kMaxFrameBody) std::abort();
      reencoded.insert(reencoded.end(), frame.begin(), frame.end());
    }
  }
  // Accepted frames are canonical: they are the input's prefix, byte for byte.
  if (reencoded.size() > length) std::abort();
  for (std::size_t i = 0; i < reencoded.size(); ++i) {
    if (reencoded[i] != stream[i]) std::abort();
  }
  return 0;
}
