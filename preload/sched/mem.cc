// This library's own memcpy, memmove and memset, local (mtsched.map: never
// exported, so the program's calls still reach libc). The compiler emits
// calls to them for struct copies; by name they would reach ThreadSanitizer's
// interceptors in the executable, from the monitor thread (unknown to TSan)
// and from signal handlers. Byte loops through volatile pointers, so that
// the compiler cannot turn them back into calls to themselves; every copy
// here is small.
#include <cstddef>

extern "C" {

void* memcpy(void* dst, const void* src, size_t n) {
  auto* d = static_cast<volatile unsigned char*>(dst);
  auto* s = static_cast<const volatile unsigned char*>(src);
  for (size_t i = 0; i < n; ++i) d[i] = s[i];
  return dst;
}

void* memmove(void* dst, const void* src, size_t n) {
  auto* d = static_cast<volatile unsigned char*>(dst);
  auto* s = static_cast<const volatile unsigned char*>(src);
  if (d < s) {
    for (size_t i = 0; i < n; ++i) d[i] = s[i];
  } else {
    for (size_t i = n; i > 0; --i) d[i - 1] = s[i - 1];
  }
  return dst;
}

void* memset(void* dst, int c, size_t n) {
  auto* d = static_cast<volatile unsigned char*>(dst);
  for (size_t i = 0; i < n; ++i) d[i] = static_cast<unsigned char>(c);
  return dst;
}

}  // extern "C"
