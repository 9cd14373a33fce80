// schedule.txt and summary.json (record.h).
#include "preload/sched/record.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "preload/sched/modules.h"
#include "preload/sched/strategy.h"
#include "preload/sched/sys.h"

namespace mt::sched {
namespace {

// 4096 fixed-width lines: enough for the interleaving that led to a failure,
// 1 MiB of file, and a line can be rewritten in place without moving others.
constexpr int kLines = 4096;
constexpr int kWidth = 256;
char* ring = nullptr;  // header line, then kLines lines
uint8_t used[kLines];  // characters each line holds before its padding
char schedule_path[1024];
char summary_path[1024];
char summary[1 << 17];  // 128 KiB: ops, and a report of many threads

void Join(char* dst, size_t cap, const char* dir, const char* file) {
  Buf b(dst, cap - 1);
  b.Str(dir).Ch('/').Str(file);
  dst[b.size()] = '\0';
}

void Header(Buf& b) {
  b.Str("# mtsched-schedule/1 lines=").U(kLines).Str(" width=").U(kWidth);
  b.Str(" strategy=")
      .Str(StrategyName(g.cfg.strategy))
      .Str(" seed=")
      .U(g.cfg.seed);
  b.Str(" depth=").U(static_cast<uint64_t>(g.cfg.depth));
  b.Str(" steps_bound=").U(static_cast<uint64_t>(g.cfg.steps));
  b.Str(" pid=").U(static_cast<uint64_t>(Sys(SYS_getpid)));
}

}  // namespace

void RecordInit() {
  if (g.cfg.out == nullptr) return;
  Join(schedule_path, sizeof(schedule_path), g.cfg.out, "schedule.txt");
  Join(summary_path, sizeof(summary_path), g.cfg.out, "summary.json");
  long fd = Sys(SYS_open, reinterpret_cast<long>(schedule_path),
                O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    static const char kMsg[] =
        "mtsched: cannot write the schedule in MT_SCHED_OUT\n";
    WriteAll(2, kMsg, sizeof(kMsg) - 1);
    schedule_path[0] = '\0';
    return;
  }
  long size = kWidth * (kLines + 1);
  Sys(SYS_ftruncate, fd, size);
  long map = Sys(SYS_mmap, 0, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  Sys(SYS_close, fd);
  if (map < 0 && map > -4096) return;
  ring = reinterpret_cast<char*>(map);
  for (int line = 0; line <= kLines; ++line) {
    char* l = ring + line * kWidth;
    for (int i = 0; i < kWidth - 1; ++i) l[i] = ' ';
    l[kWidth - 1] = '\n';
  }
  Buf b(ring, kWidth - 1);
  Header(b);
}

void RecordDecision(uint64_t step, const Slot& s) {
  if (ring == nullptr) return;
  int index = static_cast<int>((step - 1) % kLines);
  char* line = ring + kWidth * (1 + index);
  Buf b(line, kWidth - 1);
  b.U(step)
      .Ch(' ')
      .U(static_cast<uint64_t>(s.number))
      .Ch(' ')
      .Str(OpName(s.op));
  b.Ch(' ').Hex(s.object).Ch(' ');
  if (s.pc == 0) {
    b.Ch('?');
  } else {
    AppendLocation(b, s.pc);
  }
  // Blank only what the line's previous decision wrote beyond this one
  // (the rest is blank already): a decision is written on every step.
  size_t written = b.size();
  b.PadTo(used[index] > written ? used[index] : written);
  used[index] = static_cast<uint8_t>(written);
}

const char* SchedulePath() {
  return schedule_path[0] != '\0' ? schedule_path : nullptr;
}

// One "name": value member of the summary, after the first.
static Buf& Member(Buf& b, const char* name) {
  return b.Str(", ").Json(name).Str(": ");
}

const char* WriteSummary(const char* outcome, void (*report)(Buf&)) {
  if (g.cfg.out == nullptr || summary_path[0] == '\0') return nullptr;
  Buf b(summary, sizeof(summary));
  b.Str("{\"format\": \"mtsched-summary/1\"");
  Member(b, "pid").U(static_cast<uint64_t>(Sys(SYS_getpid)));
  Member(b, "strategy").Json(StrategyName(g.cfg.strategy));
  Member(b, "seed").U(g.cfg.seed);
  Member(b, "depth").I(g.cfg.depth);
  Member(b, "steps_bound").I(g.cfg.steps);
  const int64_t* points = nullptr;
  int n = ChangePoints(&points);
  Member(b, "change_points").Ch('[');
  for (int i = 0; i < n; ++i) (i > 0 ? b.Str(", ") : b).I(points[i]);
  b.Ch(']');
  Member(b, "steps").U(g.step);
  Member(b, "threads").U(g.threads);
  Member(b, "switches").U(g.switches);
  Member(b, "preemptions").U(g.preemptions);
  Member(b, "slices").U(g.slices);
  Member(b, "slice_ms").I(g.cfg.slice_ns / 1000000);
  Member(b, "preempt_us").I(g.cfg.preempt_ns / 1000);
  Member(b, "tsan").Str(g.tsan ? "true" : "false");
  Member(b, "tsan_thread_start").Json(g.tsan_start_source);
  Member(b, "outcome").Json(outcome);
  Member(b, "ops").Ch('{');
  bool first = true;
  for (int i = 0; i < static_cast<int>(Op::kCount); ++i) {
    if (g.ops[i] == 0) continue;
    if (!first) b.Str(", ");
    b.Json(OpName(static_cast<Op>(i))).Str(": ").U(g.ops[i]);
    first = false;
  }
  b.Ch('}');
  if (report != nullptr) report(b);
  b.Str("}\n");
  if (b.full()) {
    static const char kMsg[] = "mtsched: summary truncated\n";
    WriteAll(2, kMsg, sizeof(kMsg) - 1);
  }
  long fd = Sys(SYS_open, reinterpret_cast<long>(summary_path),
                O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return nullptr;
  WriteAll(static_cast<int>(fd), b.data(), static_cast<long>(b.size()));
  Sys(SYS_close, fd);
  return summary_path;
}

}  // namespace mt::sched
