// libFuzzer target for the remote master's frame decoder: whatever the bytes
// and however they are chunked, the decoder never reads out of bounds, and
// every message it accepts re-encodes to exactly the bytes it consumed.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "workloads/remote_frame.h"

using mt::workloads::EncodeFrame;
using mt::workloads::FrameDecoder;
using mt::workloads::kFrameHeader;
using mt::workloads::kMaxFrameBody;
using mt::workloads::Message;

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
