// /proc task lines parsed; waiting system calls classified. The table uses
// <sys/syscall.h>'s numbers, so it holds on every Linux architecture; calls
// an architecture lacks (poll, select, pause on arm64) are left out there.
#include "harness/hunt_waits.h"

#include <linux/futex.h>
#include <sys/syscall.h>

#include <sstream>
#include <vector>

namespace mt::harness {
namespace {

enum class Rule {
  kUntimed,      // no time-out at all
  kNullTimeout,  // untimed when the time-out pointer (arg) is null
  kNegativeMs,   // untimed when the int milliseconds (arg) is negative
  kSleep,        // always timed
  kFutex,        // by operation, then its time-out pointer
};

struct Call {
  long nr;
  const char* name;
  Rule rule;
  int arg;  // the time-out's argument index, where the rule reads one
};

constexpr Call kCalls[] = {
    {SYS_futex, "futex", Rule::kFutex, 3},
    {SYS_read, "read", Rule::kUntimed, 0},
    {SYS_readv, "readv", Rule::kUntimed, 0},
    {SYS_write, "write", Rule::kUntimed, 0},
    {SYS_writev, "writev", Rule::kUntimed, 0},
    {SYS_recvfrom, "recvfrom", Rule::kUntimed, 0},
    {SYS_recvmsg, "recvmsg", Rule::kUntimed, 0},
    {SYS_sendto, "sendto", Rule::kUntimed, 0},
    {SYS_sendmsg, "sendmsg", Rule::kUntimed, 0},
    {SYS_accept, "accept", Rule::kUntimed, 0},
    {SYS_accept4, "accept4", Rule::kUntimed, 0},
    {SYS_connect, "connect", Rule::kUntimed, 0},
    {SYS_wait4, "wait4", Rule::kUntimed, 0},
    {SYS_waitid, "waitid", Rule::kUntimed, 0},
    {SYS_rt_sigsuspend, "rt_sigsuspend", Rule::kUntimed, 0},
    {SYS_msgrcv, "msgrcv", Rule::kUntimed, 0},
    {SYS_msgsnd, "msgsnd", Rule::kUntimed, 0},
    {SYS_semop, "semop", Rule::kUntimed, 0},
    {SYS_flock, "flock", Rule::kUntimed, 0},
    {SYS_ppoll, "ppoll", Rule::kNullTimeout, 2},
    {SYS_pselect6, "pselect6", Rule::kNullTimeout, 4},
    {SYS_rt_sigtimedwait, "rt_sigtimedwait", Rule::kNullTimeout, 2},
    {SYS_semtimedop, "semtimedop", Rule::kNullTimeout, 3},
    {SYS_mq_timedreceive, "mq_timedreceive", Rule::kNullTimeout, 4},
    {SYS_mq_timedsend, "mq_timedsend", Rule::kNullTimeout, 4},
    {SYS_epoll_pwait, "epoll_pwait", Rule::kNegativeMs, 3},
    {SYS_nanosleep, "nanosleep", Rule::kSleep, 0},
    {SYS_clock_nanosleep, "clock_nanosleep", Rule::kSleep, 0},
#ifdef SYS_poll
    {SYS_poll, "poll", Rule::kNegativeMs, 2},
#endif
#ifdef SYS_select
    {SYS_select, "select", Rule::kNullTimeout, 4},
#endif
#ifdef SYS_epoll_wait
    {SYS_epoll_wait, "epoll_wait", Rule::kNegativeMs, 3},
#endif
#ifdef SYS_epoll_pwait2
    {SYS_epoll_pwait2, "epoll_pwait2", Rule::kNullTimeout, 3},
#endif
#ifdef SYS_futex_waitv
    {SYS_futex_waitv, "futex_waitv", Rule::kNullTimeout, 3},
#endif
#ifdef SYS_pause
    {SYS_pause, "pause", Rule::kUntimed, 0},
#endif
};

const Call* Find(long nr) {
  for (const Call& c : kCalls) {
    if (c.nr == nr) return &c;
  }
  return nullptr;
}

// The futex operations that wait, with their time-out in the 4th argument
// (null: none). FUTEX_CMD_MASK drops the private and clock flags.
Wait FutexWait(const SyscallState& s) {
  switch (static_cast<int>(s.args[1] & FUTEX_CMD_MASK)) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET:
    case FUTEX_LOCK_PI:
    case FUTEX_LOCK_PI2:
    case FUTEX_WAIT_REQUEUE_PI:
      return s.args[3] == 0 ? Wait::kUntimed : Wait::kTimed;
    default:
      return Wait::kNone;
  }
}

}  // namespace

bool ParseTaskStat(const std::string& text, TaskStat* stat) {
  // "pid (comm) S ppid ...": comm may hold spaces and parentheses, so the
  // fields are counted from the last ')'. utime and stime are fields 14, 15.
  size_t close = text.rfind(')');
  if (close == std::string::npos) return false;
  std::istringstream in(text.substr(close + 1));
  std::string field;
  long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && in >> field; ++i) {
    if (i == 3) stat->state = field[0];
    if (i == 14) utime = std::stoll(field);
    if (i == 15) stime = std::stoll(field);
  }
  if (!in) return false;
  stat->cpu_ticks = utime + stime;
  return true;
}

bool ParseSyscall(const std::string& text, SyscallState* s) {
  *s = {};
  if (text.rfind("running", 0) == 0) {
    s->running = true;
    return true;
  }
  std::istringstream in(text);
  if (!(in >> s->nr)) return false;
  std::vector<unsigned long long> values;
  for (std::string word; in >> word;)
    values.push_back(std::stoull(word, nullptr, 16));
  // "nr a1 .. a6 sp pc" in a system call; "-1 sp pc" outside one.
  const size_t want = s->nr < 0 ? 2 : 8;
  if (values.size() != want) return false;
  for (size_t i = 0; i + 2 < want; ++i) s->args[i] = values[i];
  s->pc = values.back();
  return true;
}

Wait ClassifyWait(const SyscallState& s) {
  if (s.running || s.nr < 0) return Wait::kNone;
  const Call* c = Find(s.nr);
  if (c == nullptr) return Wait::kNone;
  switch (c->rule) {
    case Rule::kUntimed:
      return Wait::kUntimed;
    case Rule::kNullTimeout:
      return s.args[c->arg] == 0 ? Wait::kUntimed : Wait::kTimed;
    case Rule::kNegativeMs:
      return static_cast<int>(s.args[c->arg]) < 0 ? Wait::kUntimed
                                                  : Wait::kTimed;
    case Rule::kSleep:
      return Wait::kTimed;
    case Rule::kFutex:
      return FutexWait(s);
  }
  return Wait::kNone;
}

std::string SyscallName(long nr) {
  const Call* c = Find(nr);
  return c ? c->name : "syscall " + std::to_string(nr);
}

}  // namespace mt::harness
