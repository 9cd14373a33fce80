// Clang's thread-safety annotations, as Abseil's thread_annotations.h: with
// -Wthread-safety (the clang presets) the compiler checks that data marked
// GUARDED_BY is touched only under its lock. Empty under other compilers.
#pragma once

#if defined(__clang__)
#define MT_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define MT_THREAD_ANNOTATION(x)
#endif

// A type that is a lock ("mutex", "gil"): its methods ACQUIRE and RELEASE it.
#define CAPABILITY(name) MT_THREAD_ANNOTATION(capability(name))
// An RAII type that holds a capability from construction to destruction.
#define SCOPED_CAPABILITY MT_THREAD_ANNOTATION(scoped_lockable)

// Data read or written only while holding `lock`.
#define GUARDED_BY(lock) MT_THREAD_ANNOTATION(guarded_by(lock))
// The data a pointer (or smart pointer) points to is guarded by `lock`; the
// pointer itself is not.
#define PT_GUARDED_BY(lock) MT_THREAD_ANNOTATION(pt_guarded_by(lock))

// The caller must hold these (exclusively) on entry; they stay held.
#define REQUIRES(...) MT_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
// The caller must not hold these: the function takes them itself.
#define EXCLUDES(...) MT_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))

// Takes (releases) the listed capabilities, or `this` when none is listed.
#define ACQUIRE(...) MT_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define RELEASE(...) MT_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
// Takes the capability when it returns the first argument (true for
// try_lock): TRY_ACQUIRE(true) or TRY_ACQUIRE(true, other_lock).
#define TRY_ACQUIRE(...) \
  MT_THREAD_ANNOTATION(try_acquire_capability(__VA_ARGS__))

// Turns the analysis off for one function. The argument says why it is
// correct all the same, and is required so that every use carries a reason.
#define NO_THREAD_SAFETY_ANALYSIS(why) \
  MT_THREAD_ANNOTATION(no_thread_safety_analysis)
