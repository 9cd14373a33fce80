// SHA-256 against the FIPS 180-2 examples, HMAC-SHA256 against RFC 4231's
// test cases, and the constant-time comparison's answers.
#include "workloads/remote/hmac_sha256.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mt::workloads {
namespace {

std::string Hex(std::span<const std::uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::uint8_t b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

std::vector<std::uint8_t> Repeat(std::uint8_t byte, std::size_t n) {
  return std::vector<std::uint8_t>(n, byte);
}

TEST(Sha256, FipsExamples) {
  EXPECT_EQ(Hex(Sha256Of(AsBytes(""))),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Hex(Sha256Of(AsBytes("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Hex(Sha256Of(AsBytes(
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Hex(Sha256Of(Repeat('a', 1000000))),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, PiecewiseUpdatesEqualOneShot) {
  std::vector<std::uint8_t> data(200);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = std::uint8_t(i * 7);
  const Sha256Digest whole = Sha256Of(data);
  for (std::size_t cut = 0; cut <= data.size(); ++cut) {
    Sha256 h;
    h.Update(std::span(data).first(cut));
    h.Update(std::span(data).subspan(cut));
    EXPECT_EQ(h.Finish(), whole) << "split at " << cut;
  }
}

struct Rfc4231Case {
  std::vector<std::uint8_t> key, data;
  std::string hmac;  // hex; case 5 is truncated to 128 bits
};

TEST(HmacSha256, Rfc4231TestCases) {
  auto bytes = [](std::string_view s) {
    auto b = AsBytes(s);
    return std::vector<std::uint8_t>(b.begin(), b.end());
  };
  std::vector<std::uint8_t> key4;
  for (int i = 1; i <= 25; ++i) key4.push_back(std::uint8_t(i));
  const std::vector<Rfc4231Case> cases = {
      {Repeat(0x0b, 20), bytes("Hi There"),
       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
      {bytes("Jefe"), bytes("what do ya want for nothing?"),
       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      {Repeat(0xaa, 20), Repeat(0xdd, 50),
       "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
      {key4, Repeat(0xcd, 50),
       "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
      {Repeat(0x0c, 20), bytes("Test With Truncation"),
       "a3b6167473100ee06e0c796c2955552b"},
      {Repeat(0xaa, 131),
       bytes("Test Using Larger Than Block-Size Key - Hash Key First"),
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
      {Repeat(0xaa, 131),
       bytes("This is a test using a larger than block-size key and a larger "
             "than block-size data. The key needs to be hashed before being "
             "used by the HMAC algorithm."),
       "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    std::string got = Hex(HmacSha256(cases[i].key, cases[i].data));
    EXPECT_EQ(got.substr(0, cases[i].hmac.size()), cases[i].hmac)
        << "RFC 4231 test case " << i + 1;
  }
}

TEST(ConstantTimeEqual, ComparesEveryByte) {
  Sha256Digest a = Sha256Of(AsBytes("hello world"));
  Sha256Digest b = a;
  EXPECT_TRUE(ConstantTimeEqual(a, b));
  for (std::size_t i = 0; i < b.size(); ++i) {
    Sha256Digest c = a;
    c[i] ^= 1;
    EXPECT_FALSE(ConstantTimeEqual(a, c)) << "difference at byte " << i;
  }
  EXPECT_FALSE(ConstantTimeEqual(a, std::span(b).first(31)));
  EXPECT_TRUE(ConstantTimeEqual({}, {}));
}

}  // namespace
}  // namespace mt::workloads
