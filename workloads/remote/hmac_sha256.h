// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104) for the remote master's
// authkey challenge, plus a comparison whose time does not depend on where
// two digests differ.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace mt::workloads {

using Sha256Digest = std::array<std::uint8_t, 32>;

// Incremental SHA-256. Thread safety: one object per thread.
class Sha256 {
 public:
  Sha256();
  void Update(std::span<const std::uint8_t> data);
  void Update(std::string_view data);
  Sha256Digest Finish();  // the object must not be updated afterwards

 private:
  void Block(const std::uint8_t* block);
  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t total_bytes_ = 0;
};

Sha256Digest Sha256Of(std::span<const std::uint8_t> data);

// HMAC-SHA256(key, message); keys longer than the 64-byte block are hashed
// first, as RFC 2104 says.
Sha256Digest HmacSha256(std::span<const std::uint8_t> key,
                        std::span<const std::uint8_t> message);

// True when a and b are equal. Reads every byte whatever the first
// difference, so an attacker timing the master learns nothing about how
// much of a forged response was right.
bool ConstantTimeEqual(std::span<const std::uint8_t> a,
                       std::span<const std::uint8_t> b);

// Bytes of a string, for keys and messages given as text.
inline std::span<const std::uint8_t> AsBytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

}  // namespace mt::workloads
