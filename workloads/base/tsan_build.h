// Whether this translation unit is built with ThreadSanitizer (gcc says so
// with a macro, clang through __has_feature).
#pragma once

#if defined(__SANITIZE_THREAD__)
#define MT_TSAN_BUILD 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define MT_TSAN_BUILD 1
#endif
#endif
#ifndef MT_TSAN_BUILD
#define MT_TSAN_BUILD 0
#endif

namespace mt::workloads {

inline constexpr bool kTsanBuild = MT_TSAN_BUILD != 0;

}  // namespace mt::workloads
