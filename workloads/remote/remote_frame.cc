// Frame encoding and the incremental, bounds-checked decoder.
#include "workloads/remote/remote_frame.h"

#include <endian.h>

#include <cstring>

namespace mt::workloads {
namespace {

// Big-endian through memcpy and one byte swap: an 80 KB task is 10,000 of
// these, so a byte-at-a-time loop would dominate the master's profile.
std::uint8_t* PutU64(std::uint8_t* out, std::uint64_t v) {
  v = htobe64(v);
  std::memcpy(out, &v, 8);
  return out + 8;
}

std::uint64_t GetU64(const std::uint8_t* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return be64toh(v);
}

void PutTask(std::uint8_t* out, std::uint64_t id,
             const std::vector<std::int64_t>& numbers) {
  out = PutU64(out, id);
  for (std::int64_t n : numbers) out = PutU64(out, std::uint64_t(n));
}

bool IsEmptyType(MessageType t) {
  return t == MessageType::kWelcome || t == MessageType::kRefused ||
         t == MessageType::kGetTask || t == MessageType::kNoMoreTasks;
}

}  // namespace

std::vector<std::uint8_t> EncodeTaskPayload(
    std::uint64_t id, const std::vector<std::int64_t>& numbers) {
  std::vector<std::uint8_t> out(8 * (numbers.size() + 1));
  PutTask(out.data(), id, numbers);
  return out;
}

bool DecodeTaskPayload(const std::uint8_t* data, std::size_t size,
                       std::uint64_t* id, std::vector<std::int64_t>* numbers) {
  if (size < 8 || size % 8 != 0) return false;
  *id = GetU64(data);
  numbers->resize(size / 8 - 1);
  for (std::size_t i = 0; i < numbers->size(); ++i)
    (*numbers)[i] = std::int64_t(GetU64(data + 8 * (i + 1)));
  return true;
}

std::vector<std::uint8_t> EncodeFrame(const Message& m) {
  std::vector<std::uint8_t> out(kFrameHeader + 1);
  out[kFrameHeader] = std::uint8_t(m.type);
  if (m.type == MessageType::kChallenge || m.type == MessageType::kResponse) {
    out.resize(kFrameHeader + 1 + m.bytes.size());
    std::memcpy(out.data() + kFrameHeader + 1, m.bytes.data(), m.bytes.size());
  } else if (m.type == MessageType::kTask || m.type == MessageType::kResult) {
    out.resize(kFrameHeader + 1 + 8 * (m.numbers.size() + 1));
    PutTask(out.data() + kFrameHeader + 1, m.task_id, m.numbers);
  }
  const std::size_t body = out.size() - kFrameHeader;
  for (int i = 0; i < 4; ++i) out[i] = std::uint8_t(body >> (24 - 8 * i));
  return out;
}

void FrameDecoder::Feed(const std::uint8_t* data, std::size_t size) {
  // Drop the consumed prefix once it dominates, so a long-lived connection
  // does not grow its buffer forever.
  if (start_ > 0 && start_ * 2 >= buffer_.size()) {
    buffer_.erase(buffer_.begin(), buffer_.begin() + std::ptrdiff_t(start_));
    start_ = 0;
  }
  buffer_.insert(buffer_.end(), data, data + size);
}

FrameDecoder::Status FrameDecoder::Fail(Status status, std::string why) {
  failed_ = true;
  error_ = std::move(why);
  return status;
}

FrameDecoder::Status FrameDecoder::Next(Message* out) {
  if (failed_) return Status::kMalformed;
  if (buffered() < kFrameHeader) return Status::kNeedMore;
  const std::uint8_t* p = buffer_.data() + start_;
  const std::size_t body = std::size_t(p[0]) << 24 | std::size_t(p[1]) << 16 |
                           std::size_t(p[2]) << 8 | p[3];
  if (body > kMaxFrameBody) {
    return Fail(Status::kOversized, "frame of " + std::to_string(body) +
                                        " bytes exceeds the limit of " +
                                        std::to_string(kMaxFrameBody));
  }
  if (body == 0) return Fail(Status::kMalformed, "empty frame (no type byte)");
  if (buffered() < kFrameHeader + body) return Status::kNeedMore;
  const auto type = MessageType(p[kFrameHeader]);
  const std::uint8_t* payload = p + kFrameHeader + 1;
  const std::size_t size = body - 1;
  Message m;
  m.type = type;
  if (type == MessageType::kChallenge || type == MessageType::kResponse) {
    if (size != kChallengeBytes)
      return Fail(Status::kMalformed, "challenge or response of " +
                                          std::to_string(size) + " bytes");
    m.bytes.assign(payload, payload + size);
  } else if (type == MessageType::kTask || type == MessageType::kResult) {
    if (!DecodeTaskPayload(payload, size, &m.task_id, &m.numbers))
      return Fail(
          Status::kMalformed,
          "task payload of " + std::to_string(size) + " bytes is not 8 + 8k");
  } else if (IsEmptyType(type)) {
    if (size != 0) return Fail(Status::kMalformed, "payload on an empty type");
  } else {
    return Fail(Status::kMalformed,
                "unknown message type " + std::to_string(int(p[4])));
  }
  start_ += kFrameHeader + body;
  *out = std::move(m);
  return Status::kMessage;
}

}  // namespace mt::workloads
