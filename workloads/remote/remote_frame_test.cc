// The frame decoder: every message type survives a round trip fed in any
// chunking; bad lengths, types and payloads are refused with a reason.
#include "workloads/remote/remote_frame.h"

#include <gtest/gtest.h>

namespace mt::workloads {
namespace {

std::vector<Message> Samples() {
  return {
      {.type = MessageType::kChallenge,
       .bytes = std::vector<std::uint8_t>(kChallengeBytes, 7)},
      {.type = MessageType::kResponse,
       .bytes = std::vector<std::uint8_t>(kChallengeBytes, 9)},
      {.type = MessageType::kWelcome},
      {.type = MessageType::kRefused},
      {.type = MessageType::kGetTask},
      {.type = MessageType::kTask, .task_id = 42, .numbers = {1, -2, 1 << 30}},
      {.type = MessageType::kResult, .task_id = ~0ull, .numbers = {}},
      {.type = MessageType::kNoMoreTasks},
  };
}

TEST(FrameDecoder, RoundTripsEveryTypeFedByteByByte) {
  std::vector<std::uint8_t> stream;
  for (const Message& m : Samples()) {
    auto frame = EncodeFrame(m);
    stream.insert(stream.end(), frame.begin(), frame.end());
  }
  FrameDecoder decoder;
  std::vector<Message> got;
  for (std::uint8_t byte : stream) {
    decoder.Feed(&byte, 1);
    for (Message m; decoder.Next(&m) == FrameDecoder::Status::kMessage;)
      got.push_back(m);
  }
  EXPECT_EQ(got, Samples());
  EXPECT_EQ(decoder.buffered(), 0u);
}

TEST(FrameDecoder, DecodesSeveralFramesFromOneFeed) {
  std::vector<std::uint8_t> stream;
  for (int i = 0; i < 3; ++i) {
    auto frame = EncodeFrame({.type = MessageType::kTask, .task_id = 1u + i});
    stream.insert(stream.end(), frame.begin(), frame.end());
  }
  FrameDecoder decoder;
  decoder.Feed(stream.data(), stream.size());
  Message m;
  for (std::uint64_t id = 1; id <= 3; ++id) {
    ASSERT_EQ(decoder.Next(&m), FrameDecoder::Status::kMessage);
    EXPECT_EQ(m.task_id, id);
  }
  EXPECT_EQ(decoder.Next(&m), FrameDecoder::Status::kNeedMore);
}

FrameDecoder::Status DecodeOne(std::vector<std::uint8_t> bytes,
                               std::string* error = nullptr) {
  FrameDecoder decoder;
  decoder.Feed(bytes.data(), bytes.size());
  Message m;
  FrameDecoder::Status status = decoder.Next(&m);
  if (error) *error = decoder.error();
  return status;
}

TEST(FrameDecoder, RefusesOversizedFramesFromTheHeaderAlone) {
  std::string error;
  // 2 MiB announced, nothing of it sent: refused before buffering.
  EXPECT_EQ(DecodeOne({0x00, 0x20, 0x00, 0x00}, &error),
            FrameDecoder::Status::kOversized);
  EXPECT_NE(error.find("exceeds the limit"), std::string::npos) << error;
  EXPECT_EQ(DecodeOne({0xff, 0xff, 0xff, 0xff}),
            FrameDecoder::Status::kOversized);
}

TEST(FrameDecoder, RefusesMalformedFrames) {
  using S = FrameDecoder::Status;
  EXPECT_EQ(DecodeOne({0, 0, 0, 0}), S::kMalformed);      // no type byte
  EXPECT_EQ(DecodeOne({0, 0, 0, 1, 0}), S::kMalformed);   // type 0
  EXPECT_EQ(DecodeOne({0, 0, 0, 1, 99}), S::kMalformed);  // unknown type
  EXPECT_EQ(DecodeOne({0, 0, 0, 2, 3, 0}),
            S::kMalformed);  // payload on kWelcome
  EXPECT_EQ(DecodeOne({0, 0, 0, 4, 1, 1, 2, 3}),
            S::kMalformed);                           // short challenge
  std::vector<std::uint8_t> task = {0, 0, 0, 12, 6};  // id + 3 stray bytes
  task.resize(16, 0);
  EXPECT_EQ(DecodeOne(task), S::kMalformed);
  EXPECT_EQ(DecodeOne({0, 0, 0, 1, 6}), S::kMalformed);  // task without id
}

TEST(FrameDecoder, StaysFailedAfterAnError) {
  FrameDecoder decoder;
  std::vector<std::uint8_t> bad = {0, 0, 0, 1, 99};
  auto good = EncodeFrame({.type = MessageType::kGetTask});
  decoder.Feed(bad.data(), bad.size());
  decoder.Feed(good.data(), good.size());
  Message m;
  EXPECT_EQ(decoder.Next(&m), FrameDecoder::Status::kMalformed);
  EXPECT_EQ(decoder.Next(&m), FrameDecoder::Status::kMalformed);
}

TEST(FrameDecoder, WaitsForTheWholeBody) {
  auto frame = EncodeFrame({.type = MessageType::kTask,
                            .task_id = 5,
                            .numbers = std::vector<std::int64_t>(100, 3)});
  FrameDecoder decoder;
  decoder.Feed(frame.data(), frame.size() - 1);
  Message m;
  EXPECT_EQ(decoder.Next(&m), FrameDecoder::Status::kNeedMore);
  decoder.Feed(&frame.back(), 1);
  ASSERT_EQ(decoder.Next(&m), FrameDecoder::Status::kMessage);
  EXPECT_EQ(m.numbers, std::vector<std::int64_t>(100, 3));
}

}  // namespace
}  // namespace mt::workloads
