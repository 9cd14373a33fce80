// A fixed-size text buffer with append helpers: the scheduler formats its
// records and reports without printf (TSan intercepts it) or allocation.
#pragma once

#include <cstddef>
#include <cstdint>

namespace mt::sched {

class Buf {
 public:
  Buf(char* data, size_t cap) : data_(data), cap_(cap) {}
  Buf& Str(const char* s) {
    while (s != nullptr && *s != '\0') Ch(*s++);
    return *this;
  }
  Buf& Ch(char c) {
    if (len_ < cap_) data_[len_++] = c;
    return *this;
  }
  Buf& U(uint64_t v) {
    char tmp[24];
    int n = 0;
    do {
      tmp[n++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v != 0);
    while (n > 0) Ch(tmp[--n]);
    return *this;
  }
  Buf& I(int64_t v) {
    if (v < 0) {
      Ch('-');
      return U(static_cast<uint64_t>(0) - static_cast<uint64_t>(v));
    }
    return U(static_cast<uint64_t>(v));
  }
  Buf& Hex(uint64_t v) {
    Str("0x");
    char tmp[16];
    int n = 0;
    do {
      tmp[n++] = "0123456789abcdef"[v & 15];
      v >>= 4;
    } while (v != 0);
    while (n > 0) Ch(tmp[--n]);
    return *this;
  }
  // A JSON string literal, quotes included.
  Buf& Json(const char* s) {
    Ch('"');
    for (; s != nullptr && *s != '\0'; ++s) {
      unsigned char c = static_cast<unsigned char>(*s);
      if (c == '"' || c == '\\') {
        Ch('\\').Ch(static_cast<char>(c));
      } else if (c < 0x20) {
        Str("\\u00")
            .Ch("0123456789abcdef"[c >> 4])
            .Ch("0123456789abcdef"[c & 15]);
      } else {
        Ch(static_cast<char>(c));
      }
    }
    return Ch('"');
  }
  // Pads with spaces to `width` bytes (the fixed-width schedule lines).
  Buf& PadTo(size_t width) {
    while (len_ < width && len_ < cap_) data_[len_++] = ' ';
    return *this;
  }
  const char* data() const { return data_; }
  size_t size() const { return len_; }
  bool full() const { return len_ >= cap_; }
  void Clear() { len_ = 0; }

 private:
  char* data_;
  size_t cap_;
  size_t len_ = 0;
};

}  // namespace mt::sched
